using System.Globalization;
using System.Text.RegularExpressions;
using Bastion.Data;
using Bastion.Domain;

namespace Bastion.Tests.Domain;

/// <summary>Working days on the arrangements the platform ships (migration 0043: 2025 and 2026; 2027 not recorded).</summary>
public partial class HolidayCalendarSeedTests
{
    [GeneratedRegex(@"\((\d{4}),\s*'\{([^}]*)\}',\s*'\{([^}]*)\}'")]
    private static partial Regex Row();

    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private static IReadOnlyList<HolidayYear> Seeded()
    {
        var sql = MigrationRunner.Embedded().Single(m => m.Version == "0043").Sql;
        static HashSet<DateOnly> Dates(string list) => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => D(s.Trim()))];
        return [.. Row().Matches(sql).Select(m => new HolidayYear(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Dates(m.Groups[2].Value), Dates(m.Groups[3].Value)))];
    }

    private static readonly WorkingDayCalendar Cal = new(Seeded());

    [Fact]
    public void The_platform_ships_2025_and_2026_and_not_2027()
    {
        Seeded().Select(y => y.Year).ShouldBe([2025, 2026]);
        Cal.Knows(2027).ShouldBeFalse();
    }

    [Theory]
    [InlineData(2025)]
    [InlineData(2026)]
    public void Each_seeded_year_keeps_the_rules_and_nets_the_13_statutory_days_off(int year)
    {
        var y = Seeded().Single(s => s.Year == year);
        HolidayArrangementRules.OutsideYear(year, y.DaysOff, y.MakeupWorkdays).ShouldBeEmpty();
        HolidayArrangementRules.Refusal(y.DaysOff, y.MakeupWorkdays).ShouldBeNull();
        // 全国年节及纪念日放假办法 (2024): 13 statutory days; each 调休 workday pays back one moved weekday
        (y.DaysOff.Count(d => !HolidayArrangementRules.IsWeekend(d)) - y.MakeupWorkdays.Count).ShouldBe(13);
        // both years: 261 weekdays − the weekdays off + the 调休 workdays = 248 working days
        Cal.Between(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)).ShouldBe((248, false));
    }

    [Fact]
    public void Publicity_from_Monday_2026_09_28_skips_the_National_Day_week_and_ends_Friday_10_09()
    {
        // 09-28, 09-29, 09-30; 10-01..10-07 off; 10-08, 10-09
        var span = Cal.Count(D("2026-09-28"), 5);
        span.LastDay.ShouldBe(D("2026-10-09"));
        span.NextDay.ShouldBe(D("2026-10-10")); // itself a 调休 Saturday
        span.Provisional.ShouldBeFalse();
    }

    [Fact]
    public void The_Sunday_worked_before_Mid_Autumn_2026_counts()
    {
        // 09-18 Fri, 09-20 Sun (调休), 09-21, 09-22, 09-23
        Cal.Count(D("2026-09-18"), 5).LastDay.ShouldBe(D("2026-09-23"));
        Cal.Count(D("2026-09-25"), 1).LastDay.ShouldBe(D("2026-09-28")); // 中秋 Friday off, the weekend after it too
    }

    [Fact]
    public void A_span_across_the_Spring_Festival_2026_counts_the_Saturday_worked_and_skips_nine_days()
    {
        // 02-12 Thu, 02-13 Fri, 02-14 Sat (调休), 02-15..02-23 off, 02-24, 02-25
        var span = Cal.Count(D("2026-02-12"), 5);
        span.LastDay.ShouldBe(D("2026-02-25"));
        span.Provisional.ShouldBeFalse();
        Cal.IsWorkingDay(D("2026-02-28")).ShouldBeTrue();  // Saturday worked after the holiday
        Cal.Between(D("2026-02-14"), D("2026-02-28")).ShouldBe((6, false)); // 02-14, 02-24..02-27, 02-28
    }

    [Fact]
    public void A_span_across_the_Spring_Festival_2025_counts_the_Sunday_worked_before_it()
    {
        // 01-24 Fri, 01-26 Sun (调休), 01-27 Mon, 01-28..02-04 off, 02-05, 02-06
        Cal.Count(D("2025-01-24"), 5).LastDay.ShouldBe(D("2025-02-06"));
    }

    [Fact]
    public void A_span_reaching_into_2027_is_provisional_and_one_ending_in_2026_is_not()
    {
        var across = Cal.Count(D("2026-12-28"), 5);
        across.LastDay.ShouldBe(D("2027-01-01")); // Monday–Friday: 2027's New Year is not recorded yet
        across.Provisional.ShouldBeTrue();
        var within = Cal.Count(D("2026-12-21"), 5);
        within.LastDay.ShouldBe(D("2026-12-25"));
        within.Provisional.ShouldBeFalse();
        Cal.Between(D("2026-12-31"), D("2027-01-04")).Provisional.ShouldBeTrue();
    }
}
