using Bastion.Domain;

namespace Bastion.Tests.Domain;

/// <summary>The annual plan's figures and rushed-development warning, and which reminders a case is due on a day.</summary>
public class DevelopmentFollowUpTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
    private static readonly DevelopmentRulePack Pack = DevelopmentRulePacks.细则2014;
    private static StepEntry S(string step, string on, DevelopmentStepFields? f = null) => new(step, D(on), f ?? new());

    [Fact]
    public void The_busiest_month_is_a_rolling_calendar_month_so_approvals_straddling_two_months_count_together()
    {
        // 3 in late May and 2 in early June: no calendar month holds 5, the window 05-20..06-19 does
        var days = new[] { D("2026-05-20"), D("2026-05-25"), D("2026-05-31"), D("2026-06-10"), D("2026-06-19"), D("2026-09-01") };
        var w = DevelopmentPlanRules.BusiestMonth(days)!;
        (w.From, w.To, w.Approved).ShouldBe((D("2026-05-20"), D("2026-06-19"), 5));
        DevelopmentPlanRules.ByMonth(2026, days).ShouldBe([0, 0, 0, 0, 3, 2, 0, 0, 1, 0, 0, 0]);
        // the window is one calendar month: 06-20 is outside the window opened on 05-20
        DevelopmentPlanRules.BusiestMonth([D("2026-05-20"), D("2026-06-20")])!.Approved.ShouldBe(1);
        DevelopmentPlanRules.BusiestMonth([]).ShouldBeNull();
    }

    [Theory]
    [InlineData(10, 4, false)] // 40% exactly is allowed
    [InlineData(10, 5, true)]  // 50% > 40%
    [InlineData(12, 5, true)]  // 41.7%
    [InlineData(15, 6, false)] // 40%
    [InlineData(0, 3, false)]  // no plan, no warning
    public void Rushed_development_is_more_than_40_percent_of_the_plan_within_one_month(int planned, int approvedInWindow, bool warned)
    {
        var days = Enumerable.Range(0, approvedInWindow).Select(i => D("2026-11-02").AddDays(i)).ToList();
        var warning = DevelopmentPlanRules.Rushed(Pack, planned, days);
        (warning is not null).ShouldBe(warned);
        if (warned) warning!.ShouldStartWith("2026-11-02至2026-12-01：一个月内审批");
    }

    [Fact]
    public void The_talk_is_reminded_a_week_before_the_month_runs_out_and_once_overdue()
    {
        var steps = new[] { S("1", "2026-03-10") };
        DevelopmentReminderRules.Due(Pack, DevelopmentState.申请人, "李四", steps, D("2026-04-02")).ShouldBeEmpty();
        var soon = DevelopmentReminderRules.Due(Pack, DevelopmentState.申请人, "李四", steps, D("2026-04-03")).Single();
        (soon.Kind, soon.Key, soon.DueOn, soon.ToCommittee).ShouldBe((DevelopmentReminderKind.谈话将到期, "talk-soon:2026-04-10", D("2026-04-10"), false));
        soon.Title.ShouldBe("发展党员提醒：李四的入党谈话将于2026-04-10到期");
        DevelopmentReminderRules.Due(Pack, DevelopmentState.申请人, "李四", steps, D("2026-04-10")).Single().Kind.ShouldBe(DevelopmentReminderKind.谈话将到期);
        DevelopmentReminderRules.Due(Pack, DevelopmentState.申请人, "李四", steps, D("2026-04-11")).Single().Key.ShouldBe("talk-overdue:2026-04-10");
        // talked: nothing
        DevelopmentReminderRules.Due(Pack, DevelopmentState.申请人已谈话, "李四", [.. steps, S("2", "2026-04-12")], D("2026-04-13")).ShouldBeEmpty();
        // month-end clamping: applied 01-31, due 02-28 (never 30 days)
        DevelopmentReminderRules.Due(Pack, DevelopmentState.申请人, "李四", [S("1", "2026-01-31")], D("2026-02-21")).Single().DueOn.ShouldBe(D("2026-02-28"));
    }

    [Fact]
    public void The_half_year_review_is_reminded_in_the_last_week_of_a_window_without_a_record()
    {
        // 积极分子 2026-01-10: windows 01-10..07-09, 07-10..01-09
        var steps = new List<StepEntry> { S("1", "2025-11-01"), S("2", "2025-11-20"), S("3", "2026-01-10"), S("4", "2026-01-15"), S("5", "2026-01-20") };
        DevelopmentReminderRules.Due(Pack, DevelopmentState.入党积极分子, "王五", steps, D("2026-07-01")).ShouldBeEmpty();
        var r = DevelopmentReminderRules.Due(Pack, DevelopmentState.入党积极分子, "王五", steps, D("2026-07-02")).Single();
        (r.Kind, r.Key, r.DueOn).ShouldBe((DevelopmentReminderKind.半年考察, "review:2026-01-10", D("2026-07-09")));
        steps.Add(S("6", "2026-06-01"));
        DevelopmentReminderRules.Due(Pack, DevelopmentState.入党积极分子, "王五", steps, D("2026-07-02")).ShouldBeEmpty();
        // the next window, without a record
        DevelopmentReminderRules.Due(Pack, DevelopmentState.入党积极分子, "王五", steps, D("2027-01-03")).Single().Key.ShouldBe("review:2026-07-10");
    }

    [Fact]
    public void The_approval_goes_to_the_committee_a_week_before_three_months_after_the_meeting_and_once_overdue()
    {
        var steps = new[] { S("15", "2026-06-20") };
        DevelopmentReminderRules.Due(Pack, DevelopmentState.预备党员待审批, "赵六", steps, D("2026-09-12")).ShouldBeEmpty();
        var soon = DevelopmentReminderRules.Due(Pack, DevelopmentState.预备党员待审批, "赵六", steps, D("2026-09-13")).Single();
        (soon.Kind, soon.Key, soon.ToCommittee).ShouldBe((DevelopmentReminderKind.审批将到期, "approval-soon:17:2026-09-20", true));
        DevelopmentReminderRules.Due(Pack, DevelopmentState.预备党员待审批, "赵六", steps, D("2026-09-21")).Single().Kind.ShouldBe(DevelopmentReminderKind.审批已超期);
    }

    [Fact]
    public void The_end_of_probation_is_reminded_from_30_days_before_until_the_day_and_follows_an_extension()
    {
        var steps = new List<StepEntry> { S("15", "2026-06-20"), S("17", "2026-08-01") };
        DevelopmentReminderRules.Due(Pack, DevelopmentState.预备党员, "钱七", steps, D("2027-05-20")).ShouldBeEmpty();
        var r = DevelopmentReminderRules.Due(Pack, DevelopmentState.预备党员, "钱七", steps, D("2027-05-21")).Single();
        (r.Kind, r.Key, r.DueOn).ShouldBe((DevelopmentReminderKind.预备期将满, "probation:2027-06-20", D("2027-06-20")));
        DevelopmentReminderRules.Due(Pack, DevelopmentState.预备党员, "钱七", steps, D("2027-06-21")).ShouldBeEmpty();
        // extended by 6 months (decided 2027-06-25, approved 2027-07-10): a new end, a new reminder
        steps.Add(S("22", "2027-05-25"));
        steps.Add(S("23", "2027-06-25", new() { Outcome = ConfirmationOutcome.延长预备期, ExtensionMonths = 6 }));
        // the 转正 支部大会 waits for the 党委: no 期满 reminder, the 转正审批 one a week before 3 months
        DevelopmentReminderRules.Due(Pack, DevelopmentState.预备党员, "钱七", steps, D("2027-07-01")).ShouldBeEmpty();
        var approval = DevelopmentReminderRules.Due(Pack, DevelopmentState.预备党员, "钱七", steps, D("2027-09-18")).Single();
        (approval.Key, approval.ToCommittee).ShouldBe(("approval-soon:24:2027-09-25", true));
        steps.Add(S("24", "2027-07-10"));
        DevelopmentReminderRules.Due(Pack, DevelopmentState.预备党员延长期, "钱七", steps, D("2027-11-19")).ShouldBeEmpty();
        DevelopmentReminderRules.Due(Pack, DevelopmentState.预备党员延长期, "钱七", steps, D("2027-11-20")).Single().Key.ShouldBe("probation:2027-12-20");
    }

    [Fact]
    public void Closed_cases_get_no_reminder()
    {
        DevelopmentReminderRules.Due(Pack, DevelopmentState.撤回申请, "孙八", [S("1", "2026-03-10")], D("2026-04-20")).ShouldBeEmpty();
    }
}
