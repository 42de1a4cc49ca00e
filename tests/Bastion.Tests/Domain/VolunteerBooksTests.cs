using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class VolunteerBooksTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    private static VolunteerBookRange R(string prefix, int start, int end, int? next = null) => new()
    {
        Prefix = prefix, StartNumber = start, EndNumber = end, NextNumber = next ?? start, IssuedOn = new DateOnly(2026, 1, 5), IssuedBy = "省委组织部",
    };

    private static Dictionary<string, string[]> Range(string? prefix, int? start, int? end, params VolunteerBookRange[] existing) =>
        VolunteerBookRules.ValidateRange(prefix, start, end, Today, "省委组织部", null, Today, existing);

    // ---- who holds ranges ----

    [Theory]
    [InlineData(OrgType.党委, OrgStatus.正常, true)]
    [InlineData(OrgType.党委, OrgStatus.已撤销, false)]
    [InlineData(OrgType.党总支, OrgStatus.正常, false)]
    [InlineData(OrgType.党支部, OrgStatus.正常, false)]
    [InlineData(OrgType.临时党支部, OrgStatus.正常, false)]
    public void Only_an_active_committee_with_approval_power_holds_ranges(OrgType type, OrgStatus status, bool holds)
    {
        var org = new Organization { Name = "某党组织", Type = type, Status = status, Path = "1" };
        (VolunteerBookRules.CannotHoldRanges(org) is null).ShouldBe(holds);
    }

    [Fact]
    public void A_general_branch_is_told_why()
    {
        var org = new Organization { Name = "机关党总支", Type = OrgType.党总支, Path = "1" };
        VolunteerBookRules.CannotHoldRanges(org).ShouldBe("入党志愿书编号段发放给有审批权的基层党委，机关党总支是党总支");
    }

    // ---- overlap (closed intervals, same prefix only) ----

    [Theory]
    [InlineData(1, 100, 101, 200, false)]
    [InlineData(1, 100, 100, 200, true)]
    [InlineData(50, 60, 1, 100, true)]
    [InlineData(1, 100, 50, 60, true)]
    [InlineData(101, 200, 1, 100, false)]
    [InlineData(5, 5, 5, 5, true)]
    public void Ranges_overlap_when_they_share_a_number(int s1, int e1, int s2, int e2, bool overlaps) =>
        VolunteerBookRules.Overlaps(s1, e1, s2, e2).ShouldBe(overlaps);

    [Fact]
    public void A_range_sharing_one_number_with_an_issued_range_of_the_same_prefix_is_refused()
    {
        var e = Range("粤2026-", 500, 600, R("粤2026-", 1, 500));
        e["startNumber"][0].ShouldBe("与已发放的编号段 粤2026-001—粤2026-500 重叠（全省统一编号，同一前缀的编号不能重复发放）");
        Range("粤2026-", 501, 600, R("粤2026-", 1, 500)).ShouldBeEmpty();
        Range("湘2026-", 1, 500, R("粤2026-", 1, 500)).ShouldBeEmpty(); // another province's numbering
    }

    [Fact]
    public void Range_fields_are_checked_in_chinese()
    {
        var e = VolunteerBookRules.ValidateRange(" ", null, 0, Today.AddDays(1), "", new string('文', 101), Today, []);
        e["prefix"][0].ShouldBe("请填写编号前缀（省份代码），如“粤2026-”");
        e["startNumber"][0].ShouldBe("请填写起始号");
        e["endNumber"][0].ShouldBe("截止号应在1至99999999之间");
        e["issuedOn"][0].ShouldBe("发放日期不能晚于今天（2026年12月7日）");
        e["issuedBy"][0].ShouldBe("请填写发放单位，如“省委组织部”");
        e["documentNo"][0].ShouldBe("发放文号不能超过100个字");
        Range("粤", 10, 9)["endNumber"][0].ShouldBe("截止号不能小于起始号");
        VolunteerBookRules.ValidateRange("粤", 1, 9, null, "组织部", null, Today, [])["issuedOn"][0].ShouldBe("请填写发放日期");
    }

    // ---- the next number ----

    [Fact]
    public void The_next_number_is_the_lowest_not_spoiled_from_next()
    {
        VolunteerBookRules.NextFree(1, 10, new HashSet<int>()).ShouldBe(1);
        VolunteerBookRules.NextFree(3, 10, new HashSet<int> { 3, 4, 6 }).ShouldBe(5);
        VolunteerBookRules.NextFree(10, 10, new HashSet<int>()).ShouldBe(10);
    }

    [Fact]
    public void A_spoiled_number_is_never_given_again_and_spoiled_tails_use_the_range_up()
    {
        // numbers below next were used or spoiled: never given again, even when spoiled ones lie below
        VolunteerBookRules.NextFree(5, 10, new HashSet<int> { 1, 2 }).ShouldBe(5);
        VolunteerBookRules.NextFree(9, 10, new HashSet<int> { 9, 10 }).ShouldBeNull();
        VolunteerBookRules.NextFree(11, 10, new HashSet<int>()).ShouldBeNull();
    }

    [Fact]
    public void Remaining_counts_the_numbers_from_next_less_those_spoiled_ahead()
    {
        VolunteerBookRules.Remaining(R("粤", 1, 10, next: 4), spoiledAhead: 2).ShouldBe(5);
        VolunteerBookRules.Remaining(R("粤", 1, 10, next: 11), spoiledAhead: 0).ShouldBe(0);
    }

    [Fact]
    public void Numbers_are_printed_with_the_prefix_and_padded_to_the_range_end()
    {
        VolunteerBookRules.Format("粤2026-", 7, 500).ShouldBe("粤2026-007");
        VolunteerBookRules.Format("粤2026-", 7, 10000).ShouldBe("粤2026-00007");
    }

    // ---- reading a printed number ----

    [Fact]
    public void A_printed_number_is_found_in_its_range_with_or_without_padding()
    {
        var a = R("粤2026-", 1, 500);
        var b = R("粤2026-1", 1, 9); // a longer prefix wins when both match
        VolunteerBookRules.Find("粤2026-007", [a])!.Value.ShouldBe((a, 7));
        VolunteerBookRules.Find(" 粤2026-7 ", [a])!.Value.ShouldBe((a, 7));
        VolunteerBookRules.Find("粤2026-15", [a, b])!.Value.ShouldBe((b, 5));
        VolunteerBookRules.Find("粤2026-501", [a]).ShouldBeNull();
        VolunteerBookRules.Find("湘2026-007", [a]).ShouldBeNull();
        VolunteerBookRules.Find("粤2026-x7", [a]).ShouldBeNull();
        VolunteerBookRules.Find("", [a]).ShouldBeNull();
    }

    // ---- 作废/遗失 ----

    [Fact]
    public void A_spoil_registration_is_checked_in_chinese()
    {
        var e = VolunteerBookRules.ValidateSpoil(null, " ", null, false, Today, Today);
        e["kind"][0].ShouldBe("请选择作废或遗失");
        e["reason"][0].ShouldBe("请填写作废或遗失的原因");
        e["on"][0].ShouldBe("请填写作废/遗失日期");
        e["returnedOn"][0].ShouldBe("未交回时不填写交回日期");
        VolunteerBookRules.ValidateSpoil(VolunteerBookLoss.遗失, "丢失", Today, true, Today, Today)["formReturned"][0].ShouldBe("遗失的志愿书无法交回，请选择“未交回”");
        VolunteerBookRules.ValidateSpoil(VolunteerBookLoss.作废, "涂改", Today, true, null, Today)["returnedOn"][0].ShouldBe("请填写原志愿书交回日期");
        VolunteerBookRules.ValidateSpoil(VolunteerBookLoss.作废, "涂改", Today, true, Today.AddDays(-1), Today)["returnedOn"][0].ShouldBe("交回日期不能早于作废日期");
        VolunteerBookRules.ValidateSpoil(VolunteerBookLoss.作废, "涂改", Today.AddDays(1), false, null, Today)["on"][0].ShouldBe("日期不能晚于今天（2026年12月7日）");
        VolunteerBookRules.ValidateSpoil((VolunteerBookLoss)9, "涂改", Today, false, null, Today)["kind"][0].ShouldBe("请选择作废或遗失");
        VolunteerBookRules.ValidateSpoil(VolunteerBookLoss.作废, "涂改", Today, true, Today, Today).ShouldBeEmpty();
        VolunteerBookRules.ValidateSpoil(VolunteerBookLoss.遗失, "丢失", Today, false, null, Today).ShouldBeEmpty();
    }
}
