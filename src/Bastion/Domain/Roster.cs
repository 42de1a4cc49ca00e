using System.Globalization;
using System.Text.RegularExpressions;

namespace Bastion.Domain;

/// <summary>
/// The member roster layout of the national party-member information system (党员花名册), with the header
/// variants offices actually use. Pure: maps headers, parses dates and flags, builds a <see cref="MemberInput"/>.
/// </summary>
public static partial class Roster
{
    public sealed record Column(string Key, string Label, bool Required, params string[] Variants);

    public static readonly IReadOnlyList<Column> Columns =
    [
        new("name", "姓名", true, "姓名", "党员姓名"),
        new("gender", "性别", false, "性别"),
        new("idNumber", "公民身份号码", true, "公民身份号码", "身份证号", "身份证号码", "公民身份证号码", "身份证", "公民身份证号"),
        new("ethnicity", "民族", false, "民族"),
        new("birthDate", "出生日期", false, "出生日期", "出生年月", "出生年月日"),
        new("nativePlace", "籍贯", false, "籍贯"),
        new("education", "学历", false, "学历", "文化程度", "最高学历"),
        new("degree", "学位", false, "学位", "最高学位"),
        new("category", "人员类别", true, "人员类别", "党员类别", "类别", "党员身份"),
        new("branch", "所在党支部", false, "所在党支部", "所在支部", "党支部", "所在党组织", "所在党组织名称", "党支部名称"),
        new("joinedAt", "入党日期", true, "入党日期", "入党时间", "加入党组织日期", "入党年月"),
        new("confirmedAt", "转正日期", false, "转正日期", "转正时间", "转为正式党员日期"),
        // when the member came to the branch: without it the membership history starts at the 入党日期
        new("inBranchSince", "进入党支部日期", false, "进入党支部日期", "进入支部日期", "进入本支部日期", "进入当前党支部日期", "转入本支部日期"),
        new("employer", "工作单位", false, "工作单位", "单位", "工作单位及职务"),
        new("position", "工作岗位", false, "工作岗位", "岗位", "职务", "现任职务"),
        new("phone", "联系电话", false, "联系电话", "手机号码", "手机", "电话", "手机号"),
        new("partyStatus", "党籍状态", false, "党籍状态"),
        new("isMobile", "是否流动党员", false, "是否流动党员", "流动党员"),
        new("mobileDestination", "外出流向", false, "外出流向", "流向地", "流出地", "外出流向地"),
    ];

    /// <summary>
    /// The example row of the import template, one value per entry of <see cref="Columns"/> in the same order, so the
    /// headers and the example cannot drift apart. It imports cleanly: a valid ID number (check digit, birth date and
    /// gender consistent with 出生日期/性别), dates in order, and <paramref name="branch"/> as the 所在党支部 (a real 党支部
    /// of the organization the template is for). <paramref name="sequence"/> (0–499) varies the ID number per organization.
    /// </summary>
    public static IReadOnlyList<string> ExampleRow(string? branch, int sequence)
    {
        var birth = new DateOnly(1990, 1, 1);
        var id = ChineseIdNumber.Compose("110101", birth, Math.Clamp(sequence, 0, 499) * 2 + 1);   // odd 顺序码: 男
        return Columns.Select(c => c.Key switch
        {
            "name" => "张三",
            "gender" => "男",
            "idNumber" => id,
            "ethnicity" => "汉族",
            "birthDate" => birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "nativePlace" => "北京",
            "education" => "大学本科",
            "degree" => "学士",
            "category" => "正式党员",
            "branch" => branch ?? "",
            "joinedAt" => "2015-07-01",
            "confirmedAt" => "2016-07-01",
            "inBranchSince" => "2016-07-01",
            "employer" => "",
            "position" => "工程师",
            "phone" => "13800000000",
            "partyStatus" => "正常",
            "isMobile" => "否",
            "mobileDestination" => "",
            _ => throw new InvalidOperationException($"the roster column {c.Key} has no example value"),
        }).ToList();
    }

    /// <summary>"公民身份号码 *", "入党日期（yyyy-mm-dd）", full-width letters… → the column key, or null.</summary>
    public static string? KeyOf(string? header) => KeyOf(Columns, header);

    /// <summary>The key of <paramref name="header"/> among <paramref name="columns"/> (any sheet read by the roster reader).</summary>
    public static string? KeyOf(IReadOnlyList<Column> columns, string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var h = MemberRules.Normalize(header);
        h = Bracketed().Replace(h, "");
        h = h.Replace("*", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);
        foreach (var c in columns)
            if (c.Variants.Any(v => string.Equals(v, h, StringComparison.Ordinal))) return c.Key;
        return null;
    }

    /// <summary>Dates as offices type them: 2015-07-01, 2015/7/1, 2015.07.01, 2015年7月1日, 20150701, 2015-07 (first of month).</summary>
    public static bool TryParseDate(object? value, out DateOnly date, out string? error)
    {
        error = null;
        date = default;
        switch (value)
        {
            case null: return false;
            case DateTime dt: date = DateOnly.FromDateTime(dt); return true;
            case double d:
                // 20150701 typed into a General cell (Excel keeps it as a number)
                if (d is >= 19000101 and <= 21001231 && d == Math.Floor(d))
                {
                    var n = (int)d;
                    if (n / 100 % 100 is >= 1 and <= 12 && n % 100 >= 1 && n % 100 <= DateTime.DaysInMonth(n / 10000, n / 100 % 100))
                    {
                        date = new DateOnly(n / 10000, n / 100 % 100, n % 100);
                        return true;
                    }
                }
                // 2015.07 typed into a General cell: Excel keeps the number 2015.07 (and 2015.10 as 2015.1), which as a serial
                // date would silently be a day in 1905 — refuse it rather than guess the month
                else if (d is >= 1900 and < 2101)
                {
                    error = $"“{d.ToString("0.##########", CultureInfo.InvariantCulture)}”被Excel存成了数字，不是日期（请写成 2015-07-01，或把该列设为“文本”格式后重新填写）";
                    return false;
                }
                // any other number in a date column: Excel's serial date (a date cell without date formatting)
                else if (d is >= 1 and < 2958466) { date = DateOnly.FromDateTime(DateTime.FromOADate(d)); return true; }
                error = $"“{d.ToString("0.##########", CultureInfo.InvariantCulture)}”不是有效日期"; return false;
        }
        // the common case, 2015-07-01 as text, without normalising or matching
        if (value is string { Length: 10 } iso && iso[4] == '-' && iso[7] == '-'
            && int.TryParse(iso.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var iy)
            && int.TryParse(iso.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var im)
            && int.TryParse(iso.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && iy is >= 1900 and <= 2100 && im is >= 1 and <= 12 && id >= 1 && id <= DateTime.DaysInMonth(iy, im))
        {
            date = new DateOnly(iy, im, id);
            return true;
        }
        var s = MemberRules.Normalize(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
        if (s.Length == 0) return false;
        var m = DatePattern().Match(s);
        if (m.Success)
        {
            var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            var mo = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            var dd = m.Groups["d"].Success ? int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) : 1;
            if (y is >= 1900 and <= 2100 && mo is >= 1 and <= 12 && dd >= 1 && dd <= DateTime.DaysInMonth(y, mo))
            {
                date = new DateOnly(y, mo, dd);
                return true;
            }
        }
        error = $"“{Convert.ToString(value, CultureInfo.InvariantCulture)}”不是有效日期（应为 2015-07-01 这样的格式）";
        return false;
    }

    public static bool? ParseFlag(string? s) => MemberRules.Normalize(s ?? "") switch
    {
        "" => null,
        "是" or "Y" or "YES" or "TRUE" or "1" or "√" => true,
        "否" or "N" or "NO" or "FALSE" or "0" => false,
        _ => null,
    };

    /// <summary>"正式党员"/"正式"/"预备党员"/"预备".</summary>
    public static MemberCategory? ParseCategory(string? s) => MemberRules.Normalize(s ?? "") switch
    {
        "正式党员" or "正式" => MemberCategory.正式党员,
        "预备党员" or "预备" => MemberCategory.预备党员,
        _ => null,
    };

    [GeneratedRegex(@"[（(][^)）]*[)）]")]
    private static partial Regex Bracketed();

    [GeneratedRegex(@"^(?<y>\d{4})(?:[-/.年](?<m>\d{1,2})(?:[-/.月](?<d>\d{1,2})日?)?月?|(?<m>\d{2})(?<d>\d{2}))$")]
    private static partial Regex DatePattern();
}
