using Bastion.Domain;
using Bastion.Features.Plans;

namespace Bastion.Tests.Features.Plans;

public class PlanRulesTests
{
    private static readonly DateOnly Today = new(2026, 3, 15);

    [Fact]
    public void A_month_grid_starts_on_monday_and_covers_the_whole_month()
    {
        // 2026-03-01 is a Sunday: the grid starts on Monday 23 February
        var weeks = PlanRules.MonthGrid(2026, 3);
        weeks[0][0].ShouldBe(new DateOnly(2026, 2, 23));
        weeks[0][6].ShouldBe(new DateOnly(2026, 3, 1));
        weeks[^1].ShouldContain(new DateOnly(2026, 3, 31));
        weeks.ShouldAllBe(w => w[0].DayOfWeek == DayOfWeek.Monday);
        weeks.Count.ShouldBe(6);
    }

    [Fact]
    public void A_february_starting_on_monday_fits_in_four_weeks()
    {
        // 2027-02-01 is a Monday and February 2027 has 28 days
        PlanRules.MonthGrid(2027, 2).Count.ShouldBe(4);
    }

    [Fact]
    public void A_theme_day_plan_copies_to_the_fixed_day()
    {
        PlanRules.CopyDate(new DateOnly(2025, 5, 20), MeetingKinds.主题党日 | MeetingKinds.党课, 10, 2026).ShouldBe(new DateOnly(2026, 5, 10));
    }

    [Fact]
    public void A_theme_day_without_a_fixed_day_keeps_its_day_of_month()
    {
        PlanRules.CopyDate(new DateOnly(2025, 5, 20), MeetingKinds.主题党日, null, 2026).ShouldBe(new DateOnly(2026, 5, 20));
    }

    [Fact]
    public void Other_plans_keep_their_day_of_month_clamped_to_the_months_length()
    {
        PlanRules.CopyDate(new DateOnly(2024, 2, 29), MeetingKinds.支部委员会, 10, 2025).ShouldBe(new DateOnly(2025, 2, 28));
        PlanRules.CopyDate(new DateOnly(2025, 8, 31), MeetingKinds.党课, null, 2026).ShouldBe(new DateOnly(2026, 8, 31));
    }

    [Fact]
    public void A_second_theme_day_in_the_same_month_is_a_duplicate()
    {
        PlanRules.IsDuplicate(new(new DateOnly(2026, 5, 10), MeetingKinds.主题党日, "五月主题党日"), new(new DateOnly(2026, 5, 25), MeetingKinds.主题党日 | MeetingKinds.党课, "另一个"))
            .ShouldBeTrue();
    }

    [Fact]
    public void The_same_types_on_the_same_day_or_with_the_same_topic_in_the_month_are_duplicates()
    {
        PlanRules.IsDuplicate(new(new DateOnly(2026, 5, 10), MeetingKinds.支部委员会, "A"), new(new DateOnly(2026, 5, 10), MeetingKinds.支部委员会, "B")).ShouldBeTrue();
        PlanRules.IsDuplicate(new(new DateOnly(2026, 5, 10), MeetingKinds.支部委员会, "A"), new(new DateOnly(2026, 5, 20), MeetingKinds.支部委员会, "A")).ShouldBeTrue();
    }

    [Fact]
    public void Different_types_or_months_are_not_duplicates()
    {
        PlanRules.IsDuplicate(new(new DateOnly(2026, 5, 10), MeetingKinds.支部委员会, "A"), new(new DateOnly(2026, 5, 10), MeetingKinds.党课, "A")).ShouldBeFalse();
        PlanRules.IsDuplicate(new(new DateOnly(2026, 5, 10), MeetingKinds.主题党日, "A"), new(new DateOnly(2026, 6, 10), MeetingKinds.主题党日, "A")).ShouldBeFalse();
    }

    [Fact]
    public void Instants_are_in_china_time()
    {
        var at = PlanRules.At(new DateOnly(2026, 7, 1), new TimeOnly(0, 30));
        at.UtcDateTime.ShouldBe(new DateTime(2026, 6, 30, 16, 30, 0, DateTimeKind.Utc));
        PlanRules.LocalDate(at).ShouldBe(new DateOnly(2026, 7, 1));
        PlanRules.LocalTime(at).ShouldBe(new TimeOnly(0, 30));
    }

    [Fact]
    public void A_valid_new_plan_has_no_errors()
    {
        PlanRules.Validate(MeetingKinds.党课, [], Today, new TimeOnly(9, 0), "学习党章", null, Today, isNew: true).ShouldBeEmpty();
    }

    [Fact]
    public void A_new_plan_in_the_past_is_refused_but_an_edited_one_is_not()
    {
        PlanRules.Validate(MeetingKinds.党课, [], Today.AddDays(-1), new TimeOnly(9, 0), "学习", null, Today, isNew: true)["date"][0].ShouldBe("计划日期不能早于今天");
        PlanRules.Validate(MeetingKinds.党课, [], Today.AddDays(-1), new TimeOnly(9, 0), "学习", null, Today, isNew: false).ShouldBeEmpty();
    }

    [Fact]
    public void Types_topic_date_and_time_are_required()
    {
        var errors = PlanRules.Validate(MeetingKinds.None, [], null, null, " ", null, Today, isNew: true);
        errors.Keys.ShouldBe(["types", "date", "time", "topic"], ignoreOrder: true);
        errors["topic"][0].ShouldBe("请填写会议主题");
    }

    [Fact]
    public void Unknown_types_are_named()
    {
        PlanRules.Validate(MeetingKinds.党课, ["茶话会"], Today, new TimeOnly(9, 0), "学习", null, Today, isNew: true)["types"][0].ShouldBe("会议类型无效：茶话会");
    }

    [Fact]
    public void Each_type_has_its_own_colour()
    {
        MeetingRules.AllKinds.Select(PlanRules.ColourOf).Distinct().Count().ShouldBe(MeetingRules.AllKinds.Count);
    }
}
