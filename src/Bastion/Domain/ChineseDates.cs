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

    /// <summary>Today's date in China (the platform's calendar, whatever the server's time zone).</summary>
    public static DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, China).DateTime);

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
