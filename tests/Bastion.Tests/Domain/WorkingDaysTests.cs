using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class WorkingDaysTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    // 2025 国庆/中秋: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked
    private static readonly WorkingDayCalendar Cal = new([new HolidayYear(2025,
        new HashSet<DateOnly>(Enumerable.Range(1, 8).Select(d => new DateOnly(2025, 10, d))),
        new HashSet<DateOnly> { new(2025, 9, 28), new(2025, 10, 11) })]);

    [Fact]
    public void Five_working_days_from_a_plain_Monday_end_that_Friday_and_the_next_step_is_allowed_on_Saturday()
    {
        var span = Cal.Count(D("2025-06-09"), 5);
        span.LastDay.ShouldBe(D("2025-06-13"));
        span.NextDay.ShouldBe(D("2025-06-14"));
        span.Provisional.ShouldBeFalse();
    }

    [Fact]
    public void Holidays_are_skipped_and_a_makeup_Saturday_counts()
    {
        Cal.IsWorkingDay(D("2025-09-28")).ShouldBeTrue();   // Sunday worked
        Cal.IsWorkingDay(D("2025-10-06")).ShouldBeFalse();  // Monday off
        Cal.IsWorkingDay(D("2025-10-11")).ShouldBeTrue();   // Saturday worked
        // 09-29 Mon, 09-30 Tue, then 10-09 Thu, 10-10 Fri, 10-11 Sat
        Cal.Count(D("2025-09-29"), 5).LastDay.ShouldBe(D("2025-10-11"));
        Cal.Between(D("2025-09-27"), D("2025-10-12")).ShouldBe((6, false));
    }

    [Fact]
    public void A_start_on_a_day_off_does_not_count_and_a_year_without_a_calendar_is_provisional()
    {
        Cal.Count(D("2025-10-04"), 1).LastDay.ShouldBe(D("2025-10-09"));
        var span = Cal.Count(D("2025-12-29"), 5);
        span.LastDay.ShouldBe(D("2026-01-02"));
        span.Provisional.ShouldBeTrue();
        Should.Throw<ArgumentOutOfRangeException>(() => Cal.Count(D("2025-06-09"), 0));
    }
}
