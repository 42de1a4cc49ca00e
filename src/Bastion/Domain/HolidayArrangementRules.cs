using System.Globalization;
using System.Text;

namespace Bastion.Domain;

/// <summary>What a day is on the holiday calendar: an ordinary day (weekday worked, weekend off), a day off (休) or a 调休 workday (班).</summary>
public enum HolidayDayKind { 普通, 休, 班 }

/// <summary>
/// The rules of one year's holiday arrangement as the 系统管理员 records it: every date belongs to the year, a 调休上班
/// day is a Saturday or Sunday (a day off may be one: holiday blocks include their weekends), and no date is both. Also
/// the reading of pasted dates ("2026-10-01至2026-10-07、2026-10-10") and the toggle of one day on the month grid.
/// </summary>
public static class HolidayArrangementRules
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;
    public const int SourceMaxLength = 200;

    public const string MakeupRule = "调休上班日";
    public const string OverlapRule = "放假与调休冲突";

    private static readonly string[] WeekdayNames = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

    public static string WeekdayName(DateOnly d) => WeekdayNames[(int)d.DayOfWeek];

    public static bool IsWeekend(DateOnly d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? CheckYear(long year) =>
        year is < FirstYear or > LastYear ? $"年份须在{FirstYear}至{LastYear}之间" : null;

    public static string? CheckSource(string? source) =>
        string.IsNullOrWhiteSpace(source) ? "请填写依据（如国务院办公厅通知及文号）"
        : source.Trim().Length > SourceMaxLength ? $"依据不能超过{SourceMaxLength}个字" : null;

    /// <summary>Field errors (<c>daysOff</c>, <c>makeupWorkdays</c>) for dates that do not belong to <paramref name="year"/>.</summary>
    public static Dictionary<string, string[]> OutsideYear(int year, IEnumerable<DateOnly> daysOff, IEnumerable<DateOnly> makeupWorkdays)
    {
        var errors = new Dictionary<string, string[]>();
        Add("daysOff", daysOff);
        Add("makeupWorkdays", makeupWorkdays);
        return errors;

        void Add(string field, IEnumerable<DateOnly> dates)
        {
            var outside = dates.Where(d => d.Year != year).Distinct().Order().ToList();
            if (outside.Count > 0) errors[field] = [$"以下日期不属于{year}年：{string.Join("、", outside.Select(Iso))}"];
        }
    }

    /// <summary>
    /// The first rule the arrangement breaks, as (rule, message, field), or null: a 调休上班 day on a weekday, then a date
    /// both off and worked.
    /// </summary>
    public static (string Rule, string Message, string Field)? Refusal(IEnumerable<DateOnly> daysOff, IEnumerable<DateOnly> makeupWorkdays)
    {
        var makeup = makeupWorkdays.Distinct().Order().ToList();
        var weekdays = makeup.Where(d => !IsWeekend(d)).ToList();
        if (weekdays.Count > 0)
            return (MakeupRule, $"调休上班日须为周六或周日：{string.Join("、", weekdays.Select(d => $"{Iso(d)}（{WeekdayName(d)}）"))}", "makeupWorkdays");
        var both = daysOff.Distinct().Intersect(makeup).Order().ToList();
        if (both.Count > 0)
            return (OverlapRule, $"同一天不能既放假又调休上班：{string.Join("、", both.Select(Iso))}", "makeupWorkdays");
        return null;
    }

    public static HolidayDayKind KindOf(DateOnly day, IReadOnlySet<DateOnly> daysOff, IReadOnlySet<DateOnly> makeupWorkdays) =>
        makeupWorkdays.Contains(day) ? HolidayDayKind.班 : daysOff.Contains(day) ? HolidayDayKind.休 : HolidayDayKind.普通;

    /// <summary>
    /// One tap on a day of the month grid: 普通 → 休; 休 → 班 on a Saturday or Sunday (the only days that can be worked
    /// instead), otherwise back to 普通; 班 → 普通.
    /// </summary>
    public static HolidayDayKind Toggle(DateOnly day, HolidayDayKind now) => now switch
    {
        HolidayDayKind.普通 => HolidayDayKind.休,
        HolidayDayKind.休 when IsWeekend(day) => HolidayDayKind.班,
        _ => HolidayDayKind.普通,
    };

    /// <summary>
    /// Reads pasted dates: yyyy-mm-dd (also yyyy/m/d, yyyy.m.d, yyyy年m月d日) separated by spaces, new lines, commas or 、,
    /// and runs written "a至b", "a~b" or "a..b" (both days included, at most 31 days). Null dates and a message on the
    /// first part that does not read.
    /// </summary>
    public static (IReadOnlyList<DateOnly>? Dates, string? Error) Parse(string? text)
    {
        var dates = new SortedSet<DateOnly>();
        if (string.IsNullOrWhiteSpace(text)) return ([], null);
        var normalized = new StringBuilder(text.Length);
        foreach (var c in text)
            normalized.Append(c switch { '，' or ',' or '、' or ';' or '；' or '\r' or '\n' or '\t' or '　' => ' ', '～' => '~', _ => c });
        var s = normalized.ToString().Replace("至", "~", StringComparison.Ordinal).Replace("..", "~", StringComparison.Ordinal);
        // "a ~ b" written with spaces is one run
        while (s.Contains(" ~", StringComparison.Ordinal)) s = s.Replace(" ~", "~", StringComparison.Ordinal);
        while (s.Contains("~ ", StringComparison.Ordinal)) s = s.Replace("~ ", "~", StringComparison.Ordinal);
        foreach (var part in s.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('~');
            var shown = part.Replace("~", "至", StringComparison.Ordinal);
            if (ends.Length > 2 || ends.Any(e => e.Length == 0)) return (null, $"无法识别“{shown}”（连续几天请写作 2026-10-01至2026-10-07）");
            if (ReadDate(ends[0]) is not { } from) return (null, Unreadable(ends[0]));
            var to = from;
            if (ends.Length == 2)
            {
                if (ReadDate(ends[1]) is not { } end) return (null, Unreadable(ends[1]));
                to = end;
                if (to < from) return (null, $"“{shown}”的结束日期早于开始日期");
                if (to.DayNumber - from.DayNumber > 30) return (null, $"“{shown}”超过31天，请分段填写");
            }
            for (var d = from; d <= to; d = d.AddDays(1)) dates.Add(d);
        }
        return ([.. dates], null);

        static string Unreadable(string t) => $"无法识别的日期“{t}”（请写作 yyyy-mm-dd，如 2026-10-01）";
    }

    /// <summary>The dates written back as the parser reads them: consecutive days as one "a至b" run, runs separated by new lines.</summary>
    public static string Format(IEnumerable<DateOnly> dates)
    {
        var sorted = dates.Distinct().Order().ToList();
        var lines = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j].AddDays(1)) j++;
            lines.Add(i == j ? Iso(sorted[i]) : $"{Iso(sorted[i])}至{Iso(sorted[j])}");
            i = j + 1;
        }
        return string.Join("\n", lines);
    }

    private static DateOnly? ReadDate(string t)
    {
        t = t.Trim().Replace('/', '-').Replace('.', '-').Replace("年", "-", StringComparison.Ordinal).Replace("月", "-", StringComparison.Ordinal).TrimEnd('日');
        var p = t.Split('-');
        if (p.Length != 3 || p[0].Length != 4) return null;
        if (!int.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(p[2], NumberStyles.None, CultureInfo.InvariantCulture, out var d)) return null;
        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return null;
        return new DateOnly(y, m, d);
    }
}
