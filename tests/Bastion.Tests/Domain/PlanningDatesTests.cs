using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class PlanningDatesTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    [Fact]
    public void The_latest_date_is_ten_calendar_years_ahead()
    {
        PlanningDates.Latest(Today).ShouldBe(new DateOnly(2036, 12, 7));
        // 29 February clamps to the 28th ten years later (2036 is a leap year, 2034 is not)
        PlanningDates.Latest(new DateOnly(2024, 2, 29)).ShouldBe(new DateOnly(2034, 2, 28));
    }

    [Fact]
    public void The_last_allowed_day_passes_and_the_next_is_refused_naming_the_rule_and_the_date()
    {
        PlanningDates.CheckLatest(new DateOnly(2036, 12, 7), Today, "完成时限").ShouldBeNull();
        PlanningDates.CheckLatest(Today, Today, "完成时限").ShouldBeNull();
        var refused = PlanningDates.CheckLatest(new DateOnly(2036, 12, 8), Today, "完成时限");
        refused.ShouldBe("完成时限不能晚于2036年12月7日（最远为今天起10年）");
        PlanningDates.CheckLatest(DateOnly.MaxValue, Today, "完成时限").ShouldNotBeNull();
    }

    [Fact]
    public void A_new_ledger_item_due_on_9999_12_31_is_refused_and_one_due_in_ten_years_is_not()
    {
        var e = LedgerRules.ValidateNew("整改", new DateOnly(9999, 12, 31), Today, 1, 5, 6, "标准", "巡察办", LedgerSource.整改);
        e["deadline"].ShouldContain("2036年12月7日");
        LedgerRules.ValidateNew("整改", new DateOnly(2036, 12, 7), Today, 1, 5, 6, "标准", "巡察办", LedgerSource.整改).ShouldBeEmpty();
        // still never before the day it is assigned
        LedgerRules.ValidateNew("整改", Today.AddDays(-1), Today, 1, 5, 6, "标准", "巡察办", LedgerSource.整改).ShouldContainKey("deadline");
    }

    [Fact]
    public void An_extension_beyond_the_bound_is_refused_even_within_one_year_of_the_deadline()
    {
        var deadline = new DateOnly(2036, 6, 1);
        var s = new LedgerSituation(LedgerState.办理中, LedgerParty.Owner, deadline, null, false, false);
        var d = LedgerRules.Decide(s, new LedgerCommand(LedgerAction.Extend, "工程量大", NewDeadline: new DateOnly(2037, 1, 1)), Today);
        d.Field.ShouldBe("newDeadline");
        d.Error!.ShouldContain("2036年12月7日");
    }
}
