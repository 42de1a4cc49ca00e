namespace Bastion.Domain;

/// <summary>
/// One year of the national holiday arrangement (国务院办公厅 年度节假日安排): the days off that would be working days
/// (法定节假日 and the days moved next to them) and the weekend days that are worked instead (调休上班).
/// </summary>
public sealed record HolidayYear(int Year, IReadOnlySet<DateOnly> DaysOff, IReadOnlySet<DateOnly> MakeupWorkdays);

/// <summary>A count of working days: the day it ends on, and whether a year without a recorded calendar was crossed (暂算).</summary>
public readonly record struct WorkingDaySpan(DateOnly LastDay, bool Provisional)
{
    /// <summary>The first day after the span (the day the next step is allowed from).</summary>
    public DateOnly NextDay => LastDay.AddDays(1);
}

/// <summary>
/// Working days (工作日) on the holiday calendar: Monday–Friday unless a day off, Saturday/Sunday only when a 调休
/// workday. A year with no recorded arrangement counts plain Monday–Friday and every answer that touches it is
/// provisional (暂算): the page says so. Never "N calendar days".
/// </summary>
public sealed class WorkingDayCalendar(IEnumerable<HolidayYear> years)
{
    private readonly Dictionary<int, HolidayYear> _years = years.ToDictionary(y => y.Year);

    public static readonly WorkingDayCalendar Empty = new([]);

    /// <summary>Whether the arrangement for <paramref name="year"/> is recorded.</summary>
    public bool Knows(int year) => _years.ContainsKey(year);

    public bool IsWorkingDay(DateOnly day)
    {
        if (_years.TryGetValue(day.Year, out var y))
        {
            if (y.MakeupWorkdays.Contains(day)) return true;
            if (y.DaysOff.Contains(day)) return false;
        }
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>
    /// The <paramref name="count"/>-th working day counting from <paramref name="start"/> (the start counts when it is a
    /// working day): 公示 ≥5 working days from a Monday without holidays ends on that Friday.
    /// </summary>
    public WorkingDaySpan Count(DateOnly start, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), "count must be at least 1");
        var provisional = false;
        var day = start;
        var seen = 0;
        while (true)
        {
            provisional |= !Knows(day.Year);
            if (IsWorkingDay(day) && ++seen == count) return new(day, provisional);
            day = day.AddDays(1);
        }
    }

    /// <summary>Working days from <paramref name="from"/> to <paramref name="to"/>, both included (0 when to &lt; from).</summary>
    public (int Days, bool Provisional) Between(DateOnly from, DateOnly to)
    {
        var n = 0;
        var provisional = false;
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            provisional |= !Knows(d.Year);
            if (IsWorkingDay(d)) n++;
        }
        return (n, provisional);
    }
}

/// <summary>A recorded year of the holiday arrangement (table <c>holiday_years</c>), edited by the platform administrator.</summary>
public sealed class HolidayArrangement
{
    public int Year { get; set; }
    public DateOnly[] DaysOff { get; set; } = [];
    public DateOnly[] MakeupWorkdays { get; set; } = [];

    /// <summary>Where it was taken from, e.g. 国务院办公厅关于2026年部分节假日安排的通知.</summary>
    public string? Source { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }

    public HolidayYear ToYear() => new(Year, DaysOff.ToHashSet(), MakeupWorkdays.ToHashSet());
}
