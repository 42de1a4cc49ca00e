using Bastion.Domain;

namespace Bastion.Tests.Domain;

/// <summary>The stored queue values of a case (what the 党委's queue filters on in SQL) and the days they hold.</summary>
public sealed class DevelopmentQueueTests
{
    private static readonly DevelopmentRulePack Pack = DevelopmentRulePacks.细则2014;

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static StepEntry S(string step, string on, DevelopmentStepFields? f = null) => new(step, D(on), f ?? new());

    private static readonly List<StepEntry> Activist = [S("1", "2025-01-02"), S("2", "2025-01-20"), S("3", "2025-03-10"), S("4", "2025-03-15"), S("5", "2025-03-20")];

    [Fact]
    public void A_new_application_waits_for_the_branchs_talk_due_a_calendar_month_later_at_any_day()
    {
        var f = DevelopmentQueueFacts.Of(Pack, DevelopmentState.申请人, [S("1", "2024-01-31")], D("2024-02-10"));
        (f.NextStep, f.NextDue, f.ProbationEndsOn, f.FreshFrom, f.FreshUntil).ShouldBe(("2", D("2024-02-29"), (DateOnly?)null, (DateOnly?)null, (DateOnly?)null));
        f.HoldsOn(D("2099-01-01")).ShouldBeTrue();
    }

    [Fact]
    public void After_step_3_the_committees_filing_is_next()
    {
        var f = DevelopmentQueueFacts.Of(Pack, DevelopmentState.入党积极分子, [S("1", "2025-01-02"), S("2", "2025-01-20"), S("3", "2025-03-10")], D("2025-03-11"));
        f.NextStep.ShouldBe("4");
        DevelopmentSteps.Get(f.NextStep!).Actor.ShouldBe(StepActor.党委);
    }

    [Theory]
    // the first half-year window [03-10, 09-09] has no 考察 yet: due by its last day, holding until the next window starts
    [InlineData("2025-04-01", "6", "2025-09-09", "2025-03-10", "2025-09-10")]
    [InlineData("2025-09-09", "6", "2025-09-09", "2025-03-10", "2025-09-10")]
    // the second window [09-10, 2026-03-09] likewise; it ends where the twelve months are up
    [InlineData("2025-12-01", "6", "2026-03-09", "2025-09-10", "2026-03-10")]
    public void In_the_training_year_the_half_year_review_holds_for_its_window_only(string today, string step, string due, string from, string until)
    {
        var f = DevelopmentQueueFacts.Of(Pack, DevelopmentState.入党积极分子, Activist, D(today));
        (f.NextStep, f.NextDue, f.FreshFrom, f.FreshUntil).ShouldBe((step, (DateOnly?)D(due), (DateOnly?)D(from), (DateOnly?)D(until)));
        f.HoldsOn(D(today)).ShouldBeTrue();
        f.HoldsOn(D(until)).ShouldBeFalse();
    }

    [Fact]
    public void A_missing_review_of_the_last_window_stays_overdue_for_good_once_the_year_is_up()
    {
        var steps = Activist.Append(S("6", "2025-06-01")).ToList();
        var f = DevelopmentQueueFacts.Of(Pack, DevelopmentState.入党积极分子, steps, D("2026-04-01"));
        (f.NextStep, f.NextDue, f.FreshFrom, f.FreshUntil).ShouldBe(("6", (DateOnly?)D("2026-03-09"), (DateOnly?)D("2026-03-10"), (DateOnly?)null));
        // with both windows covered, 确定发展对象 is next, from the day the year is up, with no deadline
        var done = DevelopmentQueueFacts.Of(Pack, DevelopmentState.入党积极分子, steps.Append(S("6", "2025-12-01")).ToList(), D("2026-04-01"));
        (done.NextStep, done.NextDue).ShouldBe(("7", (DateOnly?)null));
    }

    [Fact]
    public void Approval_sets_the_end_of_probation_twelve_calendar_months_after_the_branch_meeting()
    {
        var steps = new List<StepEntry> { S("15", "2024-02-29"), S("16", "2024-03-10"), S("17", "2024-04-01", new() { Approved = true }) };
        var f = DevelopmentQueueFacts.Of(Pack, DevelopmentState.预备党员, steps, D("2024-04-02"));
        f.ProbationEndsOn.ShouldBe(D("2025-02-28"));
        DevelopmentQueueFacts.Of(Pack, DevelopmentState.预备党员待审批, steps.Take(2).ToList(), D("2024-04-02")).ProbationEndsOn.ShouldBeNull();
    }

    [Fact]
    public void A_closed_case_waits_for_nothing()
    {
        var f = DevelopmentQueueFacts.Of(Pack, DevelopmentState.撤回申请, [S("1", "2025-01-02")], D("2025-02-10"));
        (f.NextStep, f.NextDue).ShouldBe((null, (DateOnly?)null));
    }
}
