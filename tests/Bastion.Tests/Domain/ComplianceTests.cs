using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class ComplianceTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static BranchFacts Branch(OrgType type = OrgType.党支部, DateOnly? created = null, DateOnly? dissolved = null) => new()
    {
        OrgId = 7, Name = "第一党支部", Type = type, CreatedOn = created ?? D(2020, 1, 1), DissolvedOn = dissolved,
    };

    /// <summary>Records valid held meetings of a kind in a month.</summary>
    private static BranchFacts Held(BranchFacts b, int year, int month, MeetingKinds kinds, int n = 1, double rate = 0.9)
    {
        var m = b.Month(D(year, month, 1));
        foreach (var k in MeetingRules.Split(kinds)) m.Add(k, n);
        if ((kinds & MeetingKinds.主题党日) != 0) m.ThemeDayBestRate = Math.Max(m.ThemeDayBestRate ?? 0, rate);
        return b;
    }

    /// <summary>Everything a 党支部 without 党小组 owes in a quarter: 支委会 and 主题党日 every month, one 党员大会, one 党课.</summary>
    private static BranchFacts FullQuarter(BranchFacts b, int year, int quarter)
    {
        foreach (var m in Period.Quarter(year, quarter).Months)
            Held(b, year, m.Index, MeetingKinds.支部委员会 | MeetingKinds.主题党日);
        Held(b, year, Period.Quarter(year, quarter).Start.Month, MeetingKinds.支部党员大会 | MeetingKinds.党课);
        return b;
    }

    private static BranchOutcome Eval(BranchFacts b, string period, DateOnly today, IEnumerable<ComplianceRule>? overrides = null, int warn = 15) =>
        ComplianceRules.Evaluate(b, Period.Parse(period).Period!.Value, overrides ?? [], today, warn);

    private static RuleOutcome Rule(BranchOutcome o, RuleKind k) => o.Rules.Single(r => r.Kind == k);

    // ---- periods ----

    [Theory]
    [InlineData("2026-10", PeriodUnit.月, 2026, 10, "2026年10月", "2026-10-01", "2026-10-31")]
    [InlineData("2026-2", PeriodUnit.月, 2026, 2, "2026年2月", "2026-02-01", "2026-02-28")]
    [InlineData("2028-02", PeriodUnit.月, 2028, 2, "2028年2月", "2028-02-01", "2028-02-29")]
    [InlineData("2026Q3", PeriodUnit.季, 2026, 3, "2026年第3季度", "2026-07-01", "2026-09-30")]
    [InlineData("2026q1", PeriodUnit.季, 2026, 1, "2026年第1季度", "2026-01-01", "2026-03-31")]
    [InlineData("2026Q4", PeriodUnit.季, 2026, 4, "2026年第4季度", "2026-10-01", "2026-12-31")]
    [InlineData(" 2026 ", PeriodUnit.年, 2026, 1, "2026年", "2026-01-01", "2026-12-31")]
    public void Periods_parse_with_their_dates_and_Chinese_label(string raw, PeriodUnit unit, int year, int index, string label, string start, string end)
    {
        var (p, error) = Period.Parse(raw);
        error.ShouldBeNull();
        p!.Value.Unit.ShouldBe(unit);
        p.Value.Year.ShouldBe(year);
        p.Value.Index.ShouldBe(index);
        p.Value.Label.ShouldBe(label);
        p.Value.Start.ShouldBe(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        p.Value.End.ShouldBe(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));
        Period.Parse(p.Value.Code).Period.ShouldBe(p);
    }

    [Theory]
    [InlineData("", "请填写期间")]
    [InlineData("2026Q5", "季度应为1–4")]
    [InlineData("2026Q0", "季度应为1–4")]
    [InlineData("2026-13", "月份应为1–12")]
    [InlineData("2026-00", "月份应为1–12")]
    [InlineData("1999", "年份1999超出范围")]
    [InlineData("26Q3", "无法识别期间“26Q3”")]
    [InlineData("2026/10", "无法识别期间")]
    [InlineData("二〇二六", "无法识别期间")]
    [InlineData("2026-10-01", "无法识别期间")]
    public void Bad_periods_are_refused_in_Chinese(string raw, string message)
    {
        var (p, error) = Period.Parse(raw);
        p.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(message);
    }

    [Fact]
    public void A_quarter_holds_three_months_and_a_year_four_quarters()
    {
        Period.Quarter(2026, 3).Months.Select(m => m.Code).ShouldBe(["2026-07", "2026-08", "2026-09"]);
        Period.OfYear(2026).DueWithin(PeriodUnit.季).Select(p => p.Code).ShouldBe(["2026Q1", "2026Q2", "2026Q3", "2026Q4"]);
        // a coarser period is due only inside the period that holds its last day
        Period.Quarter(2026, 3).DueWithin(PeriodUnit.年).ShouldBeEmpty();
        Period.Quarter(2026, 4).DueWithin(PeriodUnit.年).ShouldBe([Period.OfYear(2026)]);
        Period.Month(2026, 9).DueWithin(PeriodUnit.季).ShouldBe([Period.Quarter(2026, 3)]);
        Period.Month(2026, 8).DueWithin(PeriodUnit.季).ShouldBeEmpty();
        Period.Month(2026, 12).Next().ShouldBe(Period.Month(2027, 1));
        Period.Quarter(2026, 1).Previous().ShouldBe(Period.Quarter(2025, 4));
        Period.Containing(PeriodUnit.季, D(2026, 4, 1)).ShouldBe(Period.Quarter(2026, 2));
        Period.Containing(PeriodUnit.季, D(2026, 3, 31)).ShouldBe(Period.Quarter(2026, 1));
    }

    [Fact]
    public void A_meeting_counts_in_the_month_of_its_China_date()
    {
        // 23:30 on 31 March in Beijing is still the first quarter, although it is 15:30 UTC
        ComplianceRules.MonthOf(new DateTimeOffset(2026, 3, 31, 23, 30, 0, TimeSpan.FromHours(8))).ShouldBe(D(2026, 3, 1));
        // 00:30 on 1 April in Beijing is the second quarter, although UTC still says 31 March
        ComplianceRules.MonthOf(new DateTimeOffset(2026, 3, 31, 16, 30, 0, TimeSpan.Zero)).ShouldBe(D(2026, 4, 1));
        ComplianceRules.MonthOf(new DateTimeOffset(2026, 3, 31, 15, 59, 59, TimeSpan.Zero)).ShouldBe(D(2026, 3, 1));
    }

    // ---- defaults ----

    [Theory]
    [InlineData(OrgType.党支部)]
    [InlineData(OrgType.联合党支部)]
    public void Branches_and_joint_branches_owe_the_DOMAIN_defaults(OrgType type)
    {
        var d = ComplianceRules.Defaults(type).ToDictionary(r => r.Kind);
        d[RuleKind.支部委员会].Frequency.ShouldBe(PeriodUnit.月);
        d[RuleKind.党小组会].Frequency.ShouldBe(PeriodUnit.月);
        d[RuleKind.支部党员大会].Frequency.ShouldBe(PeriodUnit.季);
        d[RuleKind.党课].Frequency.ShouldBe(PeriodUnit.季);
        d[RuleKind.书记讲党课].Frequency.ShouldBe(PeriodUnit.年);
        d[RuleKind.主题党日].Frequency.ShouldBe(PeriodUnit.月);
        d[RuleKind.主题党日].MinAttendanceRate.ShouldBe(0.5);
        d[RuleKind.组织生活会].Frequency.ShouldBe(PeriodUnit.年);
        d[RuleKind.民主评议党员].Frequency.ShouldBe(PeriodUnit.年);
        d[RuleKind.谈心谈话].Frequency.ShouldBe(PeriodUnit.年);
        d.Values.ShouldAllBe(r => r.MinCount == 1);
    }

    [Fact]
    public void Temporary_branches_owe_no_appraisal_life_meeting_or_talks()
    {
        var kinds = ComplianceRules.Defaults(OrgType.临时党支部).Select(r => r.Kind).ToList();
        kinds.ShouldNotContain(RuleKind.组织生活会);
        kinds.ShouldNotContain(RuleKind.民主评议党员);
        kinds.ShouldNotContain(RuleKind.谈心谈话);
        kinds.ShouldContain(RuleKind.支部党员大会);
        kinds.ShouldContain(RuleKind.主题党日);
    }

    [Theory]
    [InlineData(OrgType.党委)]
    [InlineData(OrgType.党总支)]
    [InlineData(OrgType.党小组)]
    public void Committees_and_party_groups_are_not_evaluated(OrgType type)
    {
        ComplianceRules.Defaults(type).ShouldBeEmpty();
        ComplianceRules.Evaluate(Branch(type), Period.Quarter(2026, 3), [], D(2026, 12, 1)).Rules.ShouldBeEmpty();
    }

    // ---- evaluation: counts per sub-period ----

    [Fact]
    public void A_full_quarter_is_compliant()
    {
        var o = Eval(FullQuarter(Branch(), 2026, 3), "2026Q3", D(2026, 10, 5));
        o.Status.ShouldBe(ComplianceStatus.达标);
        o.Gaps.ShouldBeEmpty();
        Rule(o, RuleKind.支部委员会).Required.ShouldBe(3);
        Rule(o, RuleKind.支部委员会).Held.ShouldBe(3);
        Rule(o, RuleKind.支部党员大会).Required.ShouldBe(1);
        // yearly rules are due in the fourth quarter, not the third; 党小组会 needs 党小组
        o.Rules.Select(r => r.Kind).ShouldNotContain(RuleKind.组织生活会);
        o.Rules.Select(r => r.Kind).ShouldNotContain(RuleKind.党小组会);
    }

    [Fact]
    public void A_quarter_needs_a_committee_meeting_in_every_month_not_three_in_one()
    {
        var b = FullQuarter(Branch(), 2026, 3);
        b.Months[D(2026, 8, 1)].Counts[1] = 0;        // no 支委会 in August
        b.Months[D(2026, 7, 1)].Add(MeetingKinds.支部委员会, 2); // three in July
        var o = Eval(b, "2026Q3", D(2026, 10, 5));
        var r = Rule(o, RuleKind.支部委员会);
        r.Required.ShouldBe(3);
        r.Missing.ShouldBe(1);
        r.Gaps.Single().Message.ShouldBe("2026年8月未召开支部委员会");
        o.Status.ShouldBe(ComplianceStatus.未达标);
    }

    [Theory]
    [InlineData("2026-08")]
    [InlineData("2026Q3")]
    [InlineData("2026")]
    public void A_gap_reads_the_same_whichever_period_is_viewed(string period)
    {
        var b = FullQuarter(Branch(), 2026, 3);
        b.Months[D(2026, 8, 1)].Counts[1] = 0; // no 支委会 in August
        var o = Eval(b, period, D(2026, 12, 31));
        Rule(o, RuleKind.支部委员会).Gaps.ShouldContain(g => g.Message == "2026年8月未召开支部委员会");
    }

    [Fact]
    public void A_missing_general_meeting_reads_in_plain_Chinese()
    {
        var b = FullQuarter(Branch(), 2026, 3);
        b.Months[D(2026, 7, 1)].Counts[0] = 0;
        var o = Eval(b, "2026Q3", D(2026, 10, 5));
        o.Gaps.Single().Message.ShouldBe("2026年第3季度未召开支部党员大会");
        Rule(o, RuleKind.支部党员大会).Status.ShouldBe(ComplianceStatus.未达标);
    }

    [Fact]
    public void A_missing_month_in_a_month_view_reads_not_held()
    {
        var o = Eval(Held(Branch(), 2026, 10, MeetingKinds.主题党日), "2026-10", D(2026, 11, 2));
        o.Gaps.Select(g => g.Message).ShouldBe(["2026年10月未召开支部委员会"]);
    }

    [Fact]
    public void A_theme_day_below_half_attendance_is_a_gap_with_its_rate()
    {
        var b = Held(Branch(), 2026, 10, MeetingKinds.支部委员会);
        Held(b, 2026, 10, MeetingKinds.主题党日, rate: 0.42);
        var o = Eval(b, "2026-10", D(2026, 11, 2));
        o.Gaps.Single().Message.ShouldBe("10月主题党日出席率42%，低于50%");
        Rule(o, RuleKind.主题党日).Held.ShouldBe(1);
        o.Status.ShouldBe(ComplianceStatus.未达标);
    }

    [Fact]
    public void A_rate_just_under_the_minimum_is_shown_rounded_down_and_exactly_half_passes()
    {
        var b = Held(Branch(), 2026, 10, MeetingKinds.支部委员会);
        Held(b, 2026, 10, MeetingKinds.主题党日, rate: 0.496);
        Eval(b, "2026-10", D(2026, 11, 2)).Gaps.Single().Message.ShouldBe("10月主题党日出席率49%，低于50%");
        b.Months[D(2026, 10, 1)].ThemeDayBestRate = 0.5;
        Eval(b, "2026-10", D(2026, 11, 2)).Status.ShouldBe(ComplianceStatus.达标);
    }

    // ---- status by date ----

    [Fact]
    public void A_gap_is_in_progress_then_warning_then_failing_as_the_period_ends()
    {
        var b = Held(Branch(), 2026, 7, MeetingKinds.支部委员会 | MeetingKinds.主题党日 | MeetingKinds.支部党员大会 | MeetingKinds.党课);
        Held(b, 2026, 8, MeetingKinds.支部委员会 | MeetingKinds.主题党日);
        Held(b, 2026, 9, MeetingKinds.支部委员会 | MeetingKinds.主题党日);
        b.Months[D(2026, 7, 1)].Counts[0] = 0; // the quarter's 党员大会 still missing
        Eval(b, "2026Q3", D(2026, 9, 14)).Status.ShouldBe(ComplianceStatus.进行中);   // 16 days left
        Eval(b, "2026Q3", D(2026, 9, 15)).Status.ShouldBe(ComplianceStatus.预警);     // 15 days left
        Eval(b, "2026Q3", D(2026, 9, 30)).Status.ShouldBe(ComplianceStatus.预警);     // the last day
        Eval(b, "2026Q3", D(2026, 10, 1)).Status.ShouldBe(ComplianceStatus.未达标);   // over
        Eval(b, "2026Q3", D(2026, 9, 5), warn: 30).Status.ShouldBe(ComplianceStatus.预警);
    }

    [Fact]
    public void A_past_month_with_a_gap_fails_the_quarter_before_it_ends()
    {
        var b = Held(Branch(), 2026, 8, MeetingKinds.支部委员会 | MeetingKinds.主题党日);
        var o = Eval(b, "2026Q3", D(2026, 8, 20));
        // July ended without 支委会 or 主题党日: failing already, although the quarter runs to 30 September
        o.Status.ShouldBe(ComplianceStatus.未达标);
        Rule(o, RuleKind.支部党员大会).Status.ShouldBe(ComplianceStatus.进行中);
    }

    [Fact]
    public void The_quarter_boundary_decides_which_quarter_is_missing()
    {
        // a 党员大会 on 1 April counts for the second quarter, not the first
        var b = FullQuarter(Branch(), 2026, 1);
        b.Months[D(2026, 1, 1)].Counts[0] = 0;
        Held(b, 2026, 4, MeetingKinds.支部党员大会);
        Eval(b, "2026Q1", D(2026, 4, 1)).Gaps.Single().Message.ShouldBe("2026年第1季度未召开支部党员大会");
        Eval(b, "2026Q1", D(2026, 3, 31)).Status.ShouldBe(ComplianceStatus.预警);
        Eval(b, "2026Q1", D(2026, 4, 1)).Status.ShouldBe(ComplianceStatus.未达标);
    }

    // ---- yearly rules ----

    private static BranchFacts FullYear(BranchFacts b, int year)
    {
        for (var q = 1; q <= 4; q++) FullQuarter(b, year, q);
        Held(b, year, 12, MeetingKinds.组织生活会 | MeetingKinds.民主评议党员);
        b.Months[D(year, 3, 1)].SecretaryLectures = 1;
        b.Talks[year] = new TalkCoverage(10, 10);
        return b;
    }

    [Fact]
    public void Yearly_rules_are_checked_in_the_fourth_quarter_over_the_whole_year()
    {
        var o = Eval(FullYear(Branch(), 2026), "2026Q4", D(2027, 1, 5));
        o.Status.ShouldBe(ComplianceStatus.达标);
        Rule(o, RuleKind.书记讲党课).Held.ShouldBe(1); // lectured in March, counted in Q4's yearly check
        Rule(o, RuleKind.谈心谈话).Required.ShouldBe(10);
        Eval(FullYear(Branch(), 2026), "2026", D(2027, 1, 5)).Rules.Single(r => r.Kind == RuleKind.支部委员会).Required.ShouldBe(12);
    }

    [Fact]
    public void The_secretary_must_lecture_once_a_year()
    {
        var b = FullYear(Branch(), 2026);
        b.Months[D(2026, 3, 1)].SecretaryLectures = 0;
        var o = Eval(b, "2026", D(2027, 1, 5));
        o.Gaps.Single().Message.ShouldBe("2026年支部书记未讲党课");
        Rule(o, RuleKind.党课).Status.ShouldBe(ComplianceStatus.达标);
    }

    [Fact]
    public void Every_member_must_be_talked_with_in_the_year()
    {
        var b = FullYear(Branch(), 2026);
        b.Talks[2026] = new TalkCoverage(15, 12);
        var o = Eval(b, "2026Q4", D(2026, 12, 20));
        o.Gaps.Single().Message.ShouldBe("2026年谈心谈话应谈15人、已谈12人，尚有3人未谈");
        Rule(o, RuleKind.谈心谈话).Missing.ShouldBe(3);
        o.Status.ShouldBe(ComplianceStatus.预警);
    }

    [Fact]
    public void Members_joining_mid_year_count_for_talks_only_with_half_a_year_in_the_branch()
    {
        ComplianceRules.MemberNeedsTalk(D(2025, 5, 1), null, 2026).ShouldBeTrue();
        ComplianceRules.MemberNeedsTalk(D(2026, 7, 2), null, 2026).ShouldBeTrue();   // 183 of 365 days
        ComplianceRules.MemberNeedsTalk(D(2026, 7, 3), null, 2026).ShouldBeFalse();
        ComplianceRules.MemberNeedsTalk(D(2026, 8, 15), null, 2026).ShouldBeFalse(); // joined mid third quarter
        ComplianceRules.MemberNeedsTalk(D(2025, 1, 1), D(2026, 3, 1), 2026).ShouldBeFalse(); // left in March
    }

    [Fact]
    public void Temporary_branches_are_not_asked_for_yearly_appraisal_or_talks()
    {
        var b = FullYear(Branch(OrgType.临时党支部), 2026);
        b.Months[D(2026, 12, 1)].Counts[5] = 0;
        b.Months[D(2026, 12, 1)].Counts[6] = 0;
        b.Talks.Clear();
        var o = Eval(b, "2026", D(2027, 1, 5));
        o.Status.ShouldBe(ComplianceStatus.达标);
        o.Rules.Select(r => r.Kind).ShouldNotContain(RuleKind.民主评议党员);
        // but the same facts fail a 党支部
        var branch = FullYear(Branch(), 2026);
        branch.Months[D(2026, 12, 1)].Counts[6] = 0;
        Eval(branch, "2026", D(2027, 1, 5)).Gaps.Single().Message.ShouldBe("2026年未召开民主评议党员");
    }

    // ---- 党小组 ----

    [Fact]
    public void Each_party_group_owes_its_own_monthly_meeting()
    {
        var b = Held(Branch(), 2026, 10, MeetingKinds.支部委员会 | MeetingKinds.主题党日);
        b.Groups.Add(new GroupLife(71, D(2020, 1, 1), null));
        b.Groups.Add(new GroupLife(72, D(2020, 1, 1), null));
        b.Months[D(2026, 10, 1)].GroupsMet = 1;
        var o = Eval(b, "2026-10", D(2026, 11, 1));
        o.Gaps.Single().Message.ShouldBe("2026年10月党小组会应开2次、已开1次");
        b.Months[D(2026, 10, 1)].GroupsMet = 2;
        Eval(b, "2026-10", D(2026, 11, 1)).Status.ShouldBe(ComplianceStatus.达标);
        // a group created on 20 October owes nothing for October
        b.Groups.Add(new GroupLife(73, D(2026, 10, 20), null));
        Eval(b, "2026-10", D(2026, 11, 1)).Status.ShouldBe(ComplianceStatus.达标);
    }

    // ---- created / dissolved mid-period ----

    [Theory]
    [InlineData(16, true)]
    [InlineData(17, false)]
    public void A_branch_owes_a_month_when_it_existed_for_at_least_half_of_it(int day, bool owes)
    {
        ComplianceRules.Owes(D(2026, 8, day), null, Period.Month(2026, 8)).ShouldBe(owes);
    }

    [Fact]
    public void A_branch_created_mid_quarter_counts_from_its_start()
    {
        // created on 20 August: July is before it, August is under half; only September's monthly meetings are
        // due, and the quarter (less than half of it) owes no 党员大会 or 党课
        var b = Branch(created: D(2026, 8, 20));
        Held(b, 2026, 9, MeetingKinds.支部委员会 | MeetingKinds.主题党日);
        var o = Eval(b, "2026Q3", D(2026, 10, 5));
        o.Status.ShouldBe(ComplianceStatus.达标);
        Rule(o, RuleKind.支部委员会).Required.ShouldBe(1);
        o.Rules.Select(r => r.Kind).ShouldNotContain(RuleKind.支部党员大会);
        // created on 10 August it owes August and the quarter
        var early = Branch(created: D(2026, 8, 10));
        Held(early, 2026, 9, MeetingKinds.支部委员会 | MeetingKinds.主题党日);
        var e = Eval(early, "2026Q3", D(2026, 10, 5));
        Rule(e, RuleKind.支部委员会).Required.ShouldBe(2);
        e.Gaps.Select(g => g.Message).ShouldContain("2026年第3季度未召开支部党员大会");
    }

    [Fact]
    public void A_period_entirely_before_the_branch_existed_owes_nothing()
    {
        var o = Eval(Branch(created: D(2026, 10, 1)), "2026Q3", D(2026, 10, 5));
        o.Rules.ShouldBeEmpty();
        o.Status.ShouldBe(ComplianceStatus.达标);
    }

    [Fact]
    public void A_dissolved_branch_owes_only_up_to_its_dissolution()
    {
        var b = Held(Branch(dissolved: D(2026, 8, 10)), 2026, 7, MeetingKinds.支部委员会 | MeetingKinds.主题党日 | MeetingKinds.支部党员大会 | MeetingKinds.党课);
        var o = Eval(b, "2026Q3", D(2026, 10, 5));
        // dissolved on 10 August: July owed, August and September not, nor the quarter (40 of 92 days)
        o.Status.ShouldBe(ComplianceStatus.达标);
        Rule(o, RuleKind.支部委员会).Required.ShouldBe(1);
        o.Rules.Select(r => r.Kind).ShouldNotContain(RuleKind.支部党员大会);
    }

    // ---- exemptions and overrides ----

    [Fact]
    public void An_exemption_covering_a_month_removes_its_requirement()
    {
        var b = FullQuarter(Branch(), 2026, 3);
        b.Months[D(2026, 8, 1)].Counts[4] = 0; // no 主题党日 in August
        b.Months[D(2026, 8, 1)].ThemeDayBestRate = null;
        Eval(b, "2026Q3", D(2026, 10, 5)).Status.ShouldBe(ComplianceStatus.未达标);
        b.Exemptions.Add(new ComplianceExemptionRange(7, RuleKind.主题党日, D(2026, 8, 1), D(2026, 8, 31), "防汛抢险"));
        var o = Eval(b, "2026Q3", D(2026, 10, 5));
        o.Status.ShouldBe(ComplianceStatus.达标);
        Rule(o, RuleKind.主题党日).Required.ShouldBe(2);
    }

    [Fact]
    public void An_exemption_for_another_kind_or_part_of_the_period_does_not_help()
    {
        var b = FullQuarter(Branch(), 2026, 3);
        b.Months[D(2026, 8, 1)].Counts[4] = 0;
        b.Exemptions.Add(new ComplianceExemptionRange(7, RuleKind.支部委员会, D(2026, 8, 1), D(2026, 8, 31), "x"));
        b.Exemptions.Add(new ComplianceExemptionRange(7, RuleKind.主题党日, D(2026, 8, 2), D(2026, 8, 31), "x"));
        Eval(b, "2026Q3", D(2026, 10, 5)).Status.ShouldBe(ComplianceStatus.未达标);
        b.Exemptions.Add(new ComplianceExemptionRange(7, null, D(2026, 7, 15), D(2026, 9, 30), "全部类型"));
        Eval(b, "2026Q3", D(2026, 10, 5)).Status.ShouldBe(ComplianceStatus.达标);
    }

    [Fact]
    public void Overrides_apply_from_their_effective_date()
    {
        var b = FullQuarter(Branch(), 2026, 3);
        var twice = new ComplianceRule(OrgType.党支部, RuleKind.党课, PeriodUnit.季, 2, EffectiveFrom: D(2026, 10, 1));
        Eval(b, "2026Q3", D(2026, 10, 5), [twice]).Status.ShouldBe(ComplianceStatus.达标);
        var fromJuly = twice with { EffectiveFrom = D(2026, 7, 1) };
        Eval(b, "2026Q3", D(2026, 10, 5), [fromJuly]).Gaps.Single().Message.ShouldBe("2026年第3季度党课应开2次、已开1次");
        // an override for another type changes nothing here
        Eval(b, "2026Q3", D(2026, 10, 5), [fromJuly with { OrgType = OrgType.联合党支部 }]).Status.ShouldBe(ComplianceStatus.达标);
        // min 0 switches a rule off; a different frequency replaces the default's
        var off = new ComplianceRule(OrgType.党支部, RuleKind.支部党员大会, PeriodUnit.季, 0);
        b.Months[D(2026, 7, 1)].Counts[0] = 0;
        Eval(b, "2026Q3", D(2026, 10, 5), [off]).Status.ShouldBe(ComplianceStatus.达标);
        var halfYear = new ComplianceRule(OrgType.党支部, RuleKind.党课, PeriodUnit.年, 2);
        Eval(b, "2026Q3", D(2026, 10, 5), [halfYear, off]).Rules.Select(r => r.Kind).ShouldNotContain(RuleKind.党课);
    }

    [Fact]
    public void The_latest_override_in_effect_wins()
    {
        var a = new ComplianceRule(OrgType.党支部, RuleKind.党课, PeriodUnit.季, 2, EffectiveFrom: D(2025, 1, 1));
        var c = new ComplianceRule(OrgType.党支部, RuleKind.党课, PeriodUnit.季, 3, EffectiveFrom: D(2026, 1, 1), EffectiveTo: D(2026, 6, 30));
        ComplianceRules.RuleOn(OrgType.党支部, RuleKind.党课, D(2026, 3, 31), [a, c])!.MinCount.ShouldBe(3);
        ComplianceRules.RuleOn(OrgType.党支部, RuleKind.党课, D(2026, 9, 30), [a, c])!.MinCount.ShouldBe(2);
        ComplianceRules.RuleOn(OrgType.党支部, RuleKind.党课, D(2024, 9, 30), [a, c])!.MinCount.ShouldBe(1);
    }

    [Theory]
    [InlineData("支部党员大会", RuleKind.支部党员大会)]
    [InlineData("书记讲党课", RuleKind.书记讲党课)]
    public void Rule_kinds_parse_by_name(string raw, RuleKind kind) => ComplianceRules.ParseKind(raw).Kind.ShouldBe(kind);

    [Theory]
    [InlineData("3")]
    [InlineData("班子会")]
    public void Unknown_rule_kinds_are_refused(string raw) => ComplianceRules.ParseKind(raw).Error.ShouldBe($"未知的组织生活类型“{raw}”");

    [Fact]
    public void A_fourth_quarter_with_its_own_items_held_is_compliant_for_the_quarter_while_the_yearly_items_run()
    {
        var b = Branch();
        b.Talks[2026] = new TalkCoverage(10, 3);
        var o = Eval(FullQuarter(b, 2026, 4), "2026Q4", D(2026, 10, 20));
        o.Status.ShouldBe(ComplianceStatus.进行中);            // the year's 组织生活会, 民主评议, 谈心谈话 are still open
        o.PeriodStatus.ShouldBe(ComplianceStatus.达标);        // but the quarter's own items are all held
        o.Rules.Where(r => !ComplianceRules.IsOwnItem(r.Frequency, o.Period)).Select(r => r.Kind)
            .ShouldBe([RuleKind.书记讲党课, RuleKind.组织生活会, RuleKind.民主评议党员, RuleKind.谈心谈话], ignoreOrder: true);
    }

    [Theory]
    [InlineData(PeriodUnit.月, "2026-03", true)]
    [InlineData(PeriodUnit.季, "2026-03", false)]
    [InlineData(PeriodUnit.季, "2026Q1", true)]
    [InlineData(PeriodUnit.年, "2026Q4", false)]
    [InlineData(PeriodUnit.年, "2026", true)]
    public void A_periods_own_items_are_those_of_its_length_or_shorter(PeriodUnit frequency, string period, bool own) =>
        ComplianceRules.IsOwnItem(frequency, Period.Parse(period).Period!.Value).ShouldBe(own);
}
