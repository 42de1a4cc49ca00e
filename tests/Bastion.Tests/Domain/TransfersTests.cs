using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class TransfersTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>Midnight-ish times in China: 2026-05-01 00:30 +08:00 is still 30 April in UTC.</summary>
    private static DateTimeOffset China(int y, int m, int d, int h = 10) => new(y, m, d, h, 0, 0, TimeSpan.FromHours(8));

    // ---- days waiting and the 30-day flag ----

    [Fact]
    public void Days_waiting_count_whole_days_on_the_chinese_calendar()
    {
        TransferRules.DaysWaiting(China(2026, 5, 1), D(2026, 5, 1)).ShouldBe(0);
        TransferRules.DaysWaiting(China(2026, 5, 1), D(2026, 5, 2)).ShouldBe(1);
        TransferRules.DaysWaiting(China(2026, 5, 1, h: 0), D(2026, 5, 31)).ShouldBe(30);
    }

    [Fact]
    public void A_transfer_started_in_the_early_morning_counts_from_that_chinese_day_not_the_utc_one()
    {
        var early = China(2026, 5, 1, h: 1); // 30 April 17:00 UTC
        TransferRules.DaysWaiting(early, D(2026, 5, 1)).ShouldBe(0);
    }

    [Fact]
    public void Days_waiting_never_go_negative()
    {
        TransferRules.DaysWaiting(China(2026, 5, 10), D(2026, 5, 1)).ShouldBe(0);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(29, false)]
    [InlineData(30, false)]
    [InlineData(31, true)]
    [InlineData(365, true)]
    public void Only_a_wait_of_more_than_30_days_is_flagged(int days, bool flagged)
    {
        TransferRules.IsLongWaiting(days).ShouldBe(flagged);
    }

    // ---- who may receive ----

    private static Organization Org(long id, OrgType type, OrgStatus status = OrgStatus.正常) =>
        new() { Id = id, Name = "组织" + id, Type = type, Status = status, Path = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Theory]
    [InlineData(OrgType.党支部)]
    [InlineData(OrgType.联合党支部)]
    [InlineData(OrgType.临时党支部)]
    public void Branches_receive_members(OrgType type)
    {
        TransferRules.CannotReceive(Org(2, type), currentOrgId: 1).ShouldBeNull();
    }

    [Theory]
    [InlineData(OrgType.党委)]
    [InlineData(OrgType.党总支)]
    [InlineData(OrgType.党小组)]
    public void A_committee_or_party_group_does_not_receive_members(OrgType type)
    {
        TransferRules.CannotReceive(Org(2, type), currentOrgId: 1).ShouldBe($"党员组织关系应转入党支部，组织2是{type}");
    }

    [Fact]
    public void The_member_cannot_be_transferred_to_their_own_branch_or_a_revoked_one()
    {
        TransferRules.CannotReceive(Org(1, OrgType.党支部), currentOrgId: 1).ShouldBe("接收党组织不能是党员现在所在的党组织");
        TransferRules.CannotReceive(Org(2, OrgType.党支部, OrgStatus.已撤销), currentOrgId: 1).ShouldBe("组织2已撤销，不能接收党员");
    }

    // ---- letters: validity and receipts ----

    [Fact]
    public void A_letter_is_valid_for_its_days_after_the_issue_day()
    {
        TransferRules.ValidUntil(D(2026, 5, 1), 30).ShouldBe(D(2026, 5, 31));
        TransferRules.ValidUntil(D(2026, 12, 20), 30).ShouldBe(D(2027, 1, 19));
    }

    [Fact]
    public void The_receipt_is_overdue_only_after_the_valid_days_and_only_while_not_returned()
    {
        var issued = D(2026, 5, 1);
        TransferRules.IsReceiptOverdue(issued, 30, null, D(2026, 5, 31)).ShouldBeFalse();
        TransferRules.IsReceiptOverdue(issued, 30, null, D(2026, 6, 1)).ShouldBeTrue();
        TransferRules.IsReceiptOverdue(issued, 30, D(2026, 6, 20), D(2026, 7, 1)).ShouldBeFalse();
    }

    // ---- letter numbers ----

    [Theory]
    [InlineData("2026-", 1, 500, "2026-001")]
    [InlineData("2026-", 42, 500, "2026-042")]
    [InlineData("2026-", 500, 500, "2026-500")]
    [InlineData("矿组转字第", 7, 9, "矿组转字第7")]
    [InlineData("X", 12, 1000, "X0012")]
    public void Numbers_are_padded_to_the_width_of_the_range_end(string prefix, int n, int end, string expected)
    {
        TransferRules.FormatLetterNo(prefix, n, end).ShouldBe(expected);
    }

    [Fact]
    public void A_range_counts_the_numbers_left()
    {
        var r = new LetterNumberRange { Prefix = "2026-", StartNumber = 1, EndNumber = 500, NextNumber = 1 };
        TransferRules.Remaining(r).ShouldBe(500);
        r.NextNumber = 501;
        TransferRules.Remaining(r).ShouldBe(0);
    }

    [Fact]
    public void A_range_needs_a_prefix_and_a_start_not_after_its_end()
    {
        var e = TransferRules.ValidateRange(" ", 10, 5, []);
        e["prefix"][0].ShouldBe("请填写编号前缀，如“2026-”");
        e["endNumber"][0].ShouldBe("截止号不能小于起始号");
        TransferRules.ValidateRange("2026-", null, null, []).Keys.ShouldBe(["startNumber", "endNumber"], ignoreOrder: true);
        TransferRules.ValidateRange("2026-", 0, 1_000_000, []).Keys.ShouldBe(["startNumber", "endNumber"], ignoreOrder: true);
        TransferRules.ValidateRange(new string('前', 31), 1, 5, [])["prefix"][0].ShouldBe("编号前缀不能超过30个字");
        TransferRules.ValidateRange("2026-", 1, 500, []).ShouldBeEmpty();
    }

    [Fact]
    public void Ranges_of_the_same_prefix_must_not_overlap_but_other_prefixes_may()
    {
        LetterNumberRange[] existing = [new() { Prefix = "2026-", StartNumber = 1, EndNumber = 500, NextNumber = 1 }];
        TransferRules.ValidateRange("2026-", 500, 600, existing)["startNumber"][0].ShouldBe("与已有编号段 2026-001—2026-500 重叠");
        TransferRules.ValidateRange("2026-", 501, 600, existing).ShouldBeEmpty();
        TransferRules.ValidateRange("2027-", 1, 500, existing).ShouldBeEmpty();
    }

    // ---- 党费交到 and other inputs ----

    [Theory]
    [InlineData("2026-05", 2026, 5)]
    [InlineData("2026-5", 2026, 5)]
    [InlineData("2026/12", 2026, 12)]
    public void A_month_is_read_as_its_first_day(string raw, int y, int m)
    {
        TransferRules.ParseMonth(raw).ShouldBe(D(y, m, 1));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026")]
    [InlineData("2026-13")]
    [InlineData("abcd-01")]
    [InlineData("1900-01")]
    public void Bad_months_are_not_read(string? raw)
    {
        TransferRules.ParseMonth(raw).ShouldBeNull();
    }

    [Fact]
    public void Dues_paid_to_is_required_and_at_most_12_months_ahead()
    {
        var today = D(2026, 5, 20);
        TransferRules.CheckDuesPaidTo(null, today).ShouldBe("请填写党费交到的年月");
        TransferRules.CheckDuesPaidTo("x", today).ShouldBe("年月格式不正确，如 2026-05");
        TransferRules.CheckDuesPaidTo("2027-05", today).ShouldBeNull();
        TransferRules.CheckDuesPaidTo("2027-06", today).ShouldBe("党费交到的月份不能超过12个月以后");
        TransferRules.CheckDuesPaidTo("2020-01", today).ShouldBeNull();
        TransferRules.Month(D(2026, 5, 1)).ShouldBe("2026年5月");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(1, null)]
    [InlineData(180, null)]
    [InlineData(0, "有效期至少1天")]
    [InlineData(181, "有效期不能超过180天")]
    public void Valid_days_lie_between_1_and_180(int? days, string? error)
    {
        TransferRules.CheckValidDays(days).ShouldBe(error);
    }

    [Fact]
    public void Texts_are_checked_for_presence_and_length()
    {
        TransferRules.CheckText("  ", 10, "退回原因", required: true).ShouldBe("请填写退回原因");
        TransferRules.CheckText(null, 10, "备注", required: false).ShouldBeNull();
        TransferRules.CheckText(new string('字', 11), 10, "备注", required: false).ShouldBe("备注不能超过10个字");
    }

    // ---- an inward letter for an ID number the platform knows ----

    [Theory]
    [InlineData(PartyStatus.正常, true, ReturnStanding.可转回)]
    [InlineData(PartyStatus.停止党籍, true, ReturnStanding.可转回)]
    [InlineData(PartyStatus.失联, true, ReturnStanding.可转回)]
    [InlineData(PartyStatus.出党, true, ReturnStanding.已出党)]
    [InlineData(PartyStatus.出党, false, ReturnStanding.已出党)]
    [InlineData(PartyStatus.正常, false, ReturnStanding.仍在平台)]
    [InlineData(PartyStatus.失联, false, ReturnStanding.仍在平台)]
    public void Someone_who_left_with_a_letter_may_come_back_but_chu_dang_decides_first(PartyStatus status, bool outOfPlatform, ReturnStanding expected) =>
        TransferRules.StandingOf(status, outOfPlatform).ShouldBe(expected);

    [Fact]
    public void A_letter_that_agrees_with_the_kept_record_passes()
    {
        TransferRules.CheckReturn(D(2012, 7, 1), D(2013, 7, 1), MemberCategory.正式党员, D(2012, 7, 1), D(2013, 7, 1), MemberCategory.正式党员).ShouldBeEmpty();
    }

    [Fact]
    public void A_different_join_date_is_reported_with_both_dates_never_taken_over()
    {
        var e = TransferRules.CheckReturn(D(2012, 7, 1), D(2013, 7, 1), MemberCategory.正式党员, D(2012, 7, 2), D(2013, 7, 1), MemberCategory.正式党员);
        e.Keys.ShouldBe(["joinedAt"]);
        e["joinedAt"][0].ShouldStartWith("介绍信的入党日期（2012年7月2日）与平台保留的档案（2012年7月1日）不一致");
    }

    [Fact]
    public void A_kept_confirmation_date_must_match_but_one_made_while_away_may_be_added()
    {
        var e = TransferRules.CheckReturn(D(2012, 7, 1), D(2013, 7, 1), MemberCategory.正式党员, D(2012, 7, 1), null, MemberCategory.正式党员);
        e["confirmedAt"][0].ShouldStartWith("介绍信的转正日期（未填写）与平台保留的档案（2013年7月1日）不一致");
        TransferRules.CheckReturn(D(2012, 7, 1), D(2013, 7, 1), MemberCategory.正式党员, D(2012, 7, 1), D(2013, 8, 1), MemberCategory.正式党员)
            .ShouldContainKey("confirmedAt");
        // 预备党员 when leaving, 转正 by the organization outside the platform
        TransferRules.CheckReturn(D(2012, 7, 1), null, MemberCategory.预备党员, D(2012, 7, 1), D(2013, 7, 1), MemberCategory.正式党员).ShouldBeEmpty();
    }

    [Fact]
    public void A_full_member_cannot_come_back_as_probationary()
    {
        var e = TransferRules.CheckReturn(D(2012, 7, 1), null, MemberCategory.正式党员, D(2012, 7, 1), null, MemberCategory.预备党员);
        e["category"][0].ShouldContain("已是正式党员，介绍信登记为预备党员");
        TransferRules.CheckReturn(D(2012, 7, 1), null, MemberCategory.预备党员, D(2012, 7, 1), null, MemberCategory.预备党员).ShouldBeEmpty();
    }

    [Fact]
    public void A_caller_who_may_not_read_the_kept_record_is_told_of_a_difference_without_the_kept_values()
    {
        var e = TransferRules.CheckReturn(D(2012, 7, 1), D(2013, 7, 1), MemberCategory.正式党员, D(2012, 7, 2), D(2013, 8, 1), MemberCategory.预备党员, showKept: false);
        e.Keys.Order().ShouldBe(["category", "confirmedAt", "joinedAt"]);
        e["joinedAt"][0].ShouldStartWith("介绍信的入党日期（2012年7月2日）与平台保留的档案不一致");
        e["confirmedAt"][0].ShouldStartWith("介绍信的转正日期（2013年8月1日）与平台保留的档案不一致");
        e["category"][0].ShouldNotContain("正式党员");
        foreach (var m in e.Values.SelectMany(v => v)) { m.ShouldNotContain("2012年7月1日"); m.ShouldNotContain("2013年7月1日"); }
    }

    [Fact]
    public void Missing_letter_dates_are_left_to_the_member_rules()
    {
        TransferRules.CheckReturn(D(2012, 7, 1), null, MemberCategory.预备党员, null, null, null).ShouldBeEmpty();
    }
}
