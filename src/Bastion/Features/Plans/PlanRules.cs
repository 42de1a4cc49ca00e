using Bastion.Domain;

namespace Bastion.Features.Plans;

/// <summary>Pure rules of planning organizational life: China-time instants, the 主题党日 day, copying last year, duplicates, the month grid.</summary>
public static class PlanRules
{
    public static readonly TimeOnly DefaultThemeTime = new(14, 30);
    public const int MaxTopic = 200;
    public const int MaxPlace = 200;

    /// <summary>A day and time in China, as a UTC instant (what PostgreSQL timestamptz takes).</summary>
    public static DateTimeOffset At(DateOnly day, TimeOnly time) => ChineseDates.At(day, time);

    public static DateOnly LocalDate(DateTimeOffset t) => ChineseDates.DayOf(t);

    public static TimeOnly LocalTime(DateTimeOffset t) => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, ChineseDates.China).DateTime);

    /// <summary>The 主题党日 of a month on the fixed day (1–28 exists in every month).</summary>
    public static DateOnly ThemeDayIn(int year, int month, int themeDay) => new(year, month, Math.Clamp(themeDay, 1, 28));

    /// <summary>
    /// Where a plan of last year lands this year: the same month; a 主题党日 on the fixed theme day when there is one,
    /// otherwise the same day of month, clamped to the month's length (31 → 30, 29 Feb → 28 Feb).
    /// </summary>
    public static DateOnly CopyDate(DateOnly source, MeetingKinds kinds, int? themeDay, int targetYear)
    {
        if ((kinds & MeetingKinds.主题党日) != 0 && themeDay is { } d) return ThemeDayIn(targetYear, source.Month, d);
        return new DateOnly(targetYear, source.Month, Math.Min(source.Day, DateTime.DaysInMonth(targetYear, source.Month)));
    }

    public sealed record Slot(DateOnly Day, MeetingKinds Kinds, string Topic);

    /// <summary>
    /// Whether a candidate plan duplicates an existing (not cancelled) meeting: a second 主题党日 in the same month,
    /// the same types on the same day, or the same types and topic in the same month.
    /// </summary>
    public static bool IsDuplicate(Slot existing, Slot candidate)
    {
        var sameMonth = existing.Day.Year == candidate.Day.Year && existing.Day.Month == candidate.Day.Month;
        if (!sameMonth) return false;
        if ((existing.Kinds & candidate.Kinds & MeetingKinds.主题党日) != 0) return true;
        if (existing.Kinds == candidate.Kinds && (existing.Day == candidate.Day || existing.Topic.Trim() == candidate.Topic.Trim())) return true;
        return false;
    }

    /// <summary>The weeks of a month's calendar, Monday first; days of the neighbouring months fill the first and last week.</summary>
    public static IReadOnlyList<DateOnly[]> MonthGrid(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        var start = first.AddDays(-(((int)first.DayOfWeek + 6) % 7));
        var last = first.AddMonths(1).AddDays(-1);
        var weeks = new List<DateOnly[]>();
        for (var d = start; d <= last; d = d.AddDays(7))
            weeks.Add(Enumerable.Range(0, 7).Select(i => d.AddDays(i)).ToArray());
        return weeks;
    }

    public static readonly string[] WeekDays = ["一", "二", "三", "四", "五", "六", "日"];

    public static string WeekDay(DateOnly d) => "周" + WeekDays[((int)d.DayOfWeek + 6) % 7];

    /// <summary>A colour class per type (the first single type of the meeting decides).</summary>
    public static string ColourOf(MeetingKinds kinds) => MeetingRules.Split(kinds).FirstOrDefault() switch
    {
        MeetingKinds.支部党员大会 => "plan-k1",
        MeetingKinds.支部委员会 => "plan-k2",
        MeetingKinds.党小组会 => "plan-k3",
        MeetingKinds.党课 => "plan-k4",
        MeetingKinds.主题党日 => "plan-k5",
        MeetingKinds.组织生活会 => "plan-k6",
        MeetingKinds.民主评议党员 => "plan-k7",
        _ => "plan-k8",
    };

    /// <summary>Checks a plan's fields; a new plan may not lie in the past. Returns field errors in Chinese.</summary>
    public static Dictionary<string, string[]> Validate(MeetingKinds kinds, IReadOnlyList<string> unknownTypes, DateOnly? day, TimeOnly? time,
        string? topic, string? place, DateOnly today, bool isNew)
    {
        var errors = new Dictionary<string, string[]>();
        if (unknownTypes.Count > 0) errors["types"] = [$"会议类型无效：{string.Join("、", unknownTypes)}"];
        else if (kinds == MeetingKinds.None) errors["types"] = ["请至少选择一种会议类型"];
        if (day is null) errors["date"] = ["请填写计划日期"];
        else if (isNew && day < today) errors["date"] = ["计划日期不能早于今天"];
        else if (day.Value.Year < 2000) errors["date"] = ["计划日期无效"];
        else if (PlanningDates.CheckLatest(day.Value, today, "计划日期") is { } far) errors["date"] = [far];
        if (time is null) errors["time"] = ["请填写开始时间"];
        if (string.IsNullOrWhiteSpace(topic)) errors["topic"] = ["请填写会议主题"];
        else if (topic.Trim().Length > MaxTopic) errors["topic"] = [$"会议主题不能超过{MaxTopic}个字"];
        if (place?.Trim().Length > MaxPlace) errors["place"] = [$"地点不能超过{MaxPlace}个字"];
        return errors;
    }
}
