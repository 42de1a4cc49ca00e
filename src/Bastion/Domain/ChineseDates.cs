using System.Globalization;

namespace Bastion.Domain;

/// <summary>Formats dates the way Chinese offices write them: 2026年11月21日.</summary>
public static class ChineseDates
{
    public static readonly TimeZoneInfo China = FindChina();

    private static TimeZoneInfo FindChina()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "中国标准时间", "中国标准时间"); }
    }

    /// <summary>The one "today" of the platform: the China calendar day of the injected clock's now.</summary>
    public static DateOnly Today(this TimeProvider clock) => DayOf(clock.GetUtcNow());

    /// <summary>The instant a China calendar day starts (00:00 Beijing time), as UTC: the lower bound of a day's window.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => At(day, TimeOnly.MinValue);

    /// <summary>A China wall-clock time on a day, as a UTC instant.</summary>
    public static DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, China.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The calendar day of an instant in China.</summary>
    public static DateOnly DayOf(DateTimeOffset t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, China).DateTime);

    public static string Date(DateOnly d) => string.Create(CultureInfo.InvariantCulture, $"{d.Year}年{d.Month}月{d.Day}日");

    public static string Date(DateTimeOffset t) => Date(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, China).DateTime));

    public static string DateTime(DateTimeOffset t)
    {
        var local = TimeZoneInfo.ConvertTime(t, China);
        return Date(DateOnly.FromDateTime(local.DateTime)) + local.ToString(" HH:mm", CultureInfo.InvariantCulture);
    }
}
