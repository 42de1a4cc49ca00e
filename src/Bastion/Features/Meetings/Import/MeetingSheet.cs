using System.Globalization;
using System.Text.RegularExpressions;
using Bastion.Domain;
using Bastion.Web;

namespace Bastion.Features.Meetings.Import;

/// <summary>
/// The sheet of past meetings a branch brings in (补录): its columns (read by the roster reader, written into the
/// template), and how its cells are read — times, lists of names separated by 、, leave with its reason in brackets.
/// </summary>
public static partial class MeetingSheet
{
    /// <summary>A branch's year is a few dozen meetings; the bound keeps one import (and its transaction) small.</summary>
    public const int MaxRows = 500;
    /// <summary>A sheet of meetings is small; larger files are refused before they are read.</summary>
    public const long MaxBytes = 2 * 1024 * 1024;

    public static readonly IReadOnlyList<Roster.Column> Columns =
    [
        new("date", "会议日期", true, "会议日期", "日期", "召开日期"),
        new("start", "开始时间", true, "开始时间", "时间", "召开时间"),
        new("end", "结束时间", false, "结束时间"),
        new("kinds", "会议类型", true, "会议类型", "类型", "会议种类"),
        new("group", "党小组", false, "党小组", "所在党小组"),
        new("place", "地点", false, "地点", "会议地点"),
        new("host", "主持人", true, "主持人"),
        new("recorder", "记录人", true, "记录人"),
        new("lecturer", "授课人", false, "授课人", "讲课人"),
        new("topic", "主题", true, "主题", "会议主题"),
        new("present", "出席", true, "出席", "出席人员", "实到人员"),
        new("leave", "请假", false, "请假", "请假人员"),
        new("absent", "缺席", false, "缺席", "缺席人员"),
        new("guests", "列席人员", false, "列席人员", "列席"),
        new("minutes", "会议记录", false, "会议记录", "会议内容", "记录内容"),
        new("resolutions", "决议", false, "决议", "会议决议", "决定"),
        new("year", "所属年度", false, "所属年度", "年度"),
    ];

    public const string NoHeader = "没有找到表头行：请使用“下载模板”得到的会议导入模板（须含 会议日期、开始时间、会议类型、主持人、记录人、主题、出席 等列）";

    public static string Label(string key) => Columns.First(c => c.Key == key).Label;

    /// <summary>The template: the columns above, and one example row (values by column key) that imports cleanly where it was made.</summary>
    public static byte[] Template(IReadOnlyDictionary<string, string> example) =>
        Xlsx.Write("会议记录", Columns.Select(c => c.Label).ToList(), [Columns.Select(c => (object?)example.GetValueOrDefault(c.Key)).ToList()]);

    /// <summary>14:30, 14:30:00, 14时30分, 14点30, an Excel time (fraction of a day) or date-time cell.</summary>
    public static TimeOnly? Time(object? v)
    {
        switch (v)
        {
            case null: return null;
            case DateTime dt: return TimeOnly.FromTimeSpan(new TimeSpan(dt.Hour, dt.Minute, 0));
            case double d when d is >= 0 and < 1:
                var minutes = (int)Math.Round(d * 24 * 60);
                return minutes >= 24 * 60 ? null : new TimeOnly(minutes / 60, minutes % 60);
        }
        var s = MemberRules.Normalize(Convert.ToString(v, CultureInfo.InvariantCulture) ?? "")
            .Replace("时", ":", StringComparison.Ordinal).Replace("点", ":", StringComparison.Ordinal).Replace("分", "", StringComparison.Ordinal).TrimEnd(':');
        if (!s.Contains(':', StringComparison.Ordinal) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h is >= 0 and < 24) s += ":00";
        return TimeOnly.TryParseExact(s, ["H:mm", "HH:mm", "H:mm:ss", "HH:mm:ss", "H:m"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
    }

    /// <summary>"张三、李四，王五" → the names (、 ， , ； ; / spaces and line breaks separate).</summary>
    public static IReadOnlyList<string> Names(string? s) =>
        string.IsNullOrWhiteSpace(s) ? [] : Separators().Split(s).Select(n => n.Trim()).Where(n => n.Length > 0).ToList();

    /// <summary>"张三（出差）、李四" → (张三, 出差), (李四, null).</summary>
    public static IReadOnlyList<(string Name, string? Reason)> Leave(string? s)
    {
        var result = new List<(string, string?)>();
        if (string.IsNullOrWhiteSpace(s)) return result;
        // separators inside brackets belong to the reason
        foreach (Match m in LeaveItem().Matches(s))
        {
            var name = m.Groups["name"].Value.Trim();
            if (name.Length == 0) continue;
            var reason = m.Groups["reason"].Success ? m.Groups["reason"].Value.Trim() : null;
            result.Add((name, string.IsNullOrEmpty(reason) ? null : reason));
        }
        return result;
    }

    /// <summary>Kinds separated like names ("支部党员大会、党课").</summary>
    public static IReadOnlyList<string> Kinds(string? s) => Names(s);

    [GeneratedRegex(@"[、，,；;/\s]+")]
    private static partial Regex Separators();

    [GeneratedRegex(@"(?<name>[^、，,；;/\s（(]+)\s*(?:[（(](?<reason>[^）)]*)[）)])?")]
    private static partial Regex LeaveItem();
}
