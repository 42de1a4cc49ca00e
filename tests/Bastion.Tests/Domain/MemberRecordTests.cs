using System.Text.Json;
using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class MemberRecordTests
{
    private static readonly DateOnly Today = new(2026, 3, 15);

    private static Member Someone() => new()
    {
        Id = 1, OrgId = 2, Name = "王小明", IdNumber = ChineseIdNumber.Compose("370102", new DateOnly(1990, 6, 15), 321), BirthDate = new DateOnly(1990, 6, 15),
        Phone = "13912345678", Category = MemberCategory.正式党员, JoinedAt = new DateOnly(2015, 7, 1), ConfirmedAt = new DateOnly(2016, 7, 1), Position = "工程师",
    };

    [Fact]
    public void A_party_post_with_an_open_end_is_accepted()
    {
        var (post, errors) = MemberRecordRules.CheckPost(new(" 组织委员 ", "一采区党支部", "2021-03-01", ""), Today);
        errors.ShouldBeEmpty();
        (post!.Title, post.OrgName, post.StartDate, post.EndDate).ShouldBe(("组织委员", "一采区党支部", new DateOnly(2021, 3, 1), (DateOnly?)null));
    }

    [Fact]
    public void A_party_post_ending_before_it_starts_is_refused()
    {
        var (post, errors) = MemberRecordRules.CheckPost(new("支部书记", "一采区党支部", "2021-03-01", "2021-02-28"), Today);
        post.ShouldBeNull();
        errors["endDate"][0].ShouldContain("免职日期不能早于任职日期");
    }

    [Theory]
    [InlineData("", "一采区党支部", "2021-03-01", null, "title")]
    [InlineData("支部书记", "", "2021-03-01", null, "orgName")]
    [InlineData("支部书记", "一采区党支部", "", null, "startDate")]
    [InlineData("支部书记", "一采区党支部", "2021/03/01", null, "startDate")]
    [InlineData("支部书记", "一采区党支部", "2026-03-16", null, "startDate")]
    [InlineData("支部书记", "一采区党支部", "2020-01-01", "2026-04-01", "endDate")]
    public void Bad_party_posts_are_refused_on_the_field(string title, string org, string start, string? end, string field)
    {
        var (_, errors) = MemberRecordRules.CheckPost(new(title, org, start, end), Today);
        errors.Keys.ShouldBe([field]);
    }

    [Fact]
    public void Rewards_and_penalties_need_kind_date_title_and_issuer()
    {
        var (_, errors) = MemberRecordRules.CheckRewardPenalty(new("表扬", "", "", "", null), Today);
        errors.Keys.ShouldBe(["kind", "date", "title", "issuer"], ignoreOrder: true);
        var (row, ok) = MemberRecordRules.CheckRewardPenalty(new("惩处", "2024-05-06", "党内警告", "矿业公司纪委", "矿纪〔2024〕3号"), Today);
        ok.ShouldBeEmpty();
        (row!.Kind, row.DocNo).ShouldBe((RewardPenaltyKind.惩处, "矿纪〔2024〕3号"));
    }

    [Fact]
    public void A_family_member_needs_a_known_relation_and_political_status()
    {
        MemberRecordRules.CheckFamily(new("李芳", "配偶", "市一中", "教师", "群众")).Errors.ShouldBeEmpty();
        var (_, errors) = MemberRecordRules.CheckFamily(new("", "朋友", null, null, "党员"));
        errors.Keys.ShouldBe(["name", "relation", "politicalStatus"], ignoreOrder: true);
    }

    [Fact]
    public void Photos_are_recognised_by_their_content_not_their_name()
    {
        MemberRecordRules.SniffImage([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]).ShouldBe("image/jpeg");
        MemberRecordRules.SniffImage([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]).ShouldBe("image/png");
        MemberRecordRules.SniffImage("MZ\x90\0"u8).ShouldBeNull(); // a Windows program
        MemberRecordRules.SniffImage("GIF89a"u8).ShouldBeNull();
        MemberRecordRules.SniffImage([0xFF, 0xD8]).ShouldBeNull();
    }

    [Fact]
    public void Photos_above_two_megabytes_or_empty_are_refused()
    {
        var big = new byte[MemberRecordRules.PhotoMaxBytes + 1];
        big[0] = 0xFF; big[1] = 0xD8; big[2] = 0xFF;
        MemberRecordRules.CheckPhoto(big).Error!.ShouldContain("不能超过2MB");
        MemberRecordRules.CheckPhoto([]).Error.ShouldBe("请选择照片文件");
        MemberRecordRules.CheckPhoto(big.AsSpan(0, MemberRecordRules.PhotoMaxBytes)).ContentType.ShouldBe("image/jpeg");
    }

    [Fact]
    public void Image_bytes_write_themselves_to_the_audit_trail_as_size_and_hash_only()
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object?> { ["content"] = new ImageBytes([1, 2, 3]) });
        json.ShouldContain("3 bytes, sha256 039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
        json.ShouldNotContain("AQID"); // the base64 of the bytes
    }

    [Fact]
    public void A_correction_request_needs_a_known_field_a_new_value_and_a_reason()
    {
        var m = Someone();
        MemberCorrectionRules.CheckRequest("position", "技术员", "岗位已调整", m).ShouldBeEmpty();
        MemberCorrectionRules.CheckRequest("category", "预备党员", "x", m).Keys.ShouldBe(["field"]);
        MemberCorrectionRules.CheckRequest("position", " 工程师 ", "x", m)["proposedValue"][0].ShouldContain("相同");
        MemberCorrectionRules.CheckRequest("joinedAt", "2015年7月1日", "x", m)["proposedValue"][0].ShouldContain("年-月-日");
        var good = ChineseIdNumber.Compose("370102", new DateOnly(1990, 6, 15), 323);
        var bad = good[..17] + (good[17] == '0' ? '1' : '0');
        MemberCorrectionRules.CheckRequest("idNumber", bad, "x", m)["proposedValue"][0].ShouldContain("校验码");
        MemberCorrectionRules.CheckRequest("idNumber", good, "x", m).ShouldBeEmpty();
        MemberCorrectionRules.CheckRequest("idNumber", "3701021990061*****", "x", m)["proposedValue"][0].ShouldContain("*");
        MemberCorrectionRules.CheckRequest("phone", "12345", "x", m)["proposedValue"][0].ShouldContain("联系电话格式不正确");
        MemberCorrectionRules.CheckRequest("name", "王晓明", " ", m)["reason"][0].ShouldContain("理由");
    }

    [Fact]
    public void An_approved_id_number_correction_lets_birth_date_and_sex_follow_the_number()
    {
        var m = Someone();
        var input = new MemberInput(m.Name, m.IdNumber, Gender.男, m.BirthDate, "汉族", null, null, null, null, null, null, MemberCategory.正式党员,
            m.JoinedAt, m.ConfirmedAt, null, PartyStatus.正常, null, null, false, null, null);
        var id = ChineseIdNumber.Compose("370102", new DateOnly(1990, 6, 16), 322);
        var changed = MemberCorrectionRules.Find("idNumber")!.Apply(input, id);
        (changed.IdNumber, changed.BirthDate, changed.Gender).ShouldBe((id, (DateOnly?)null, (Gender?)null));
        MemberRules.Validate(changed, Today).ShouldBeEmpty();
    }

    [Fact]
    public void Proposed_id_numbers_and_phones_are_kept_where_the_audit_trail_masks_them()
    {
        var c = new MemberCorrection { RequestedBy = "mem", Field = "phone", Reason = "换号" };
        c.Propose(" 13800001111 ");
        (c.Phone, c.ProposedValue, c.IdNumber, c.Proposed).ShouldBe(("13800001111", null, null, "13800001111"));
        var n = new MemberCorrection { RequestedBy = "mem", Field = "name", Reason = "改名" };
        n.Propose(" 王晓明 ");
        (n.ProposedValue, n.Proposed).ShouldBe(("王晓明", "王晓明"));
    }

    [Fact]
    public void A_rejection_needs_a_reason()
    {
        MemberCorrectionRules.CheckRejection("  ")["decisionReason"][0].ShouldBe("驳回须填写理由");
        MemberCorrectionRules.CheckRejection("与档案不符").ShouldBeEmpty();
    }
}
