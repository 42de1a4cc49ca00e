using Bastion.Domain;

namespace Bastion.Tests.Domain;

public sealed class MemberAccountRulesTests
{
    [Theory]
    [InlineData("13912345678", true)]
    [InlineData("19912345678", true)]
    [InlineData("12912345678", false)]
    [InlineData("1391234567", false)]
    [InlineData("139123456789", false)]
    [InlineData("0531-8888666", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_mobile_number_is_eleven_digits_starting_13_to_19(string? v, bool mobile) =>
        MemberAccountRules.IsMobileNumber(v).ShouldBe(mobile);

    [Theory]
    [InlineData("139 1234 5678", "13912345678")]
    [InlineData("139-1234-5678", "13912345678")]
    [InlineData("+8613912345678", "13912345678")]
    [InlineData("0531-88886666", null)]
    [InlineData("  ", null)]
    public void The_mobile_user_name_drops_spaces_dashes_and_the_country_code(string phone, string? expected) =>
        MemberAccountRules.MobileUserName(phone).ShouldBe(expected);

    [Theory]
    [InlineData("zb", null)]
    [InlineData("yk1.zb-", null)]
    [InlineData("", "请输入用户名前缀")]
    [InlineData("13", "用户名前缀须以字母开头，只能包含字母、数字和 . _ -")]
    [InlineData("支部", "用户名前缀须以字母开头，只能包含字母、数字和 . _ -")]
    [InlineData("abcdefghijklmnopqrstu", "用户名前缀不能超过20个字符")]
    public void A_prefix_starts_with_a_letter_so_no_name_made_from_it_looks_like_a_phone(string prefix, string? error) =>
        MemberAccountRules.CheckPrefix(prefix).ShouldBe(error);

    [Fact]
    public void Sequence_names_continue_after_the_highest_number_of_the_prefix_in_any_case()
    {
        MemberAccountRules.SequenceNames("zb", [], 3).ShouldBe(["zb001", "zb002", "zb003"]);
        MemberAccountRules.SequenceNames("zb", ["ZB007", "zb002", "zbx9", "zb", "other100"], 2).ShouldBe(["zb008", "zb009"]);
        MemberAccountRules.SequenceNames("zb", ["zb999"], 2).ShouldBe(["zb1000", "zb1001"]);
        MemberAccountRules.SequenceNames("zb", ["zb12345678901"], 1).ShouldBe(["zb001"], "a tail too long to be ours is ignored");
        MemberAccountRules.SequenceNames("zb", [], 0).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(PartyStatus.正常, PartyStatus.出党, AccountAccessChange.Disable)]
    [InlineData(PartyStatus.停止党籍, PartyStatus.出党, AccountAccessChange.Disable)]
    [InlineData(PartyStatus.出党, PartyStatus.出党, AccountAccessChange.Keep)]
    [InlineData(PartyStatus.正常, PartyStatus.停止党籍, AccountAccessChange.Keep)]
    [InlineData(PartyStatus.正常, PartyStatus.失联, AccountAccessChange.Keep)]
    [InlineData(PartyStatus.出党, PartyStatus.正常, AccountAccessChange.Keep)]
    public void Only_leaving_the_party_disables_the_account(PartyStatus before, PartyStatus after, AccountAccessChange change) =>
        MemberAccountRules.OnPartyStatus(before, after).ShouldBe(change);

    [Fact]
    public void A_transfer_inside_moves_the_member_grant_and_a_transfer_out_disables()
    {
        MemberAccountRules.OnTransfer(TransferKind.系统内).ShouldBe(AccountAccessChange.MoveMemberGrant);
        MemberAccountRules.OnTransfer(TransferKind.转出).ShouldBe(AccountAccessChange.Disable);
        MemberAccountRules.OnTransfer(TransferKind.转入).ShouldBe(AccountAccessChange.Keep);
    }

    [Fact]
    public void The_three_administrator_duties_are_never_linked_to_a_member()
    {
        MemberAccountRules.RefuseLink([Role.SystemAdmin]).ShouldBe("三员分立：系统管理员账号不能关联党员");
        MemberAccountRules.RefuseLink([Role.Member, Role.AuditAdmin]).ShouldBe("三员分立：审计管理员账号不能关联党员");
        MemberAccountRules.RefuseLink([Role.BranchSecretary, Role.Member]).ShouldBeNull();
        MemberAccountRules.RefuseLink([]).ShouldBeNull();
    }

    [Theory]
    [InlineData("13912345678", "139****5678")]
    [InlineData("secretary", "secretary")]
    [InlineData("zb001", "zb001")]
    [InlineData(null, null)]
    public void A_mobile_number_user_name_is_masked_like_a_phone(string? name, string? shown) =>
        Masking.UserName(name).ShouldBe(shown);
}
