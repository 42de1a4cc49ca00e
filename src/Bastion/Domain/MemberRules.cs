using System.Text.RegularExpressions;

namespace Bastion.Domain;

public enum PartyStatus { 正常 = 1, 停止党籍 = 2, 失联 = 3, 出党 = 4 }

/// <summary>A key change of a member record kept with who and why (key dates, category, status).</summary>
public sealed class MemberChange
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long OrgId { get; set; }
    public required string Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public required string Reason { get; set; }
    public string? ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>The fields a user enters for a member; validated by <see cref="MemberRules.Validate"/>.</summary>
public sealed record MemberInput(
    string? Name, string? IdNumber, Gender? Gender, DateOnly? BirthDate, string? Ethnicity, string? NativePlace,
    string? Education, string? Degree, string? Employer, string? Position, string? Phone,
    MemberCategory? Category, DateOnly? JoinedAt, DateOnly? ConfirmedAt, int? ProbationExtensionMonths,
    PartyStatus? PartyStatus, DateOnly? PartyStatusDate, string? PartyStatusReason,
    bool IsMobile, string? MobileDestination, string? MobileContact);

public static partial class MemberRules
{
    public const int MinJoinAge = 18;

    /// <summary>Field errors in Chinese, keyed by field name (camelCase, as the API reports them).</summary>
    public static Dictionary<string, string[]> Validate(MemberInput m, DateOnly today)
    {
        var e = new Dictionary<string, List<string>>();
        void Add(string f, string msg) { if (!e.TryGetValue(f, out var l)) e[f] = l = []; l.Add(msg); }
        void Max(string f, string? v, int n, string label) { if (v is { } s && s.Trim().Length > n) Add(f, $"{label}不能超过{n}个字"); }

        var name = m.Name?.Trim() ?? "";
        if (name.Length == 0) Add("name", "请输入姓名");
        else Max("name", name, 50, "姓名");

        ChineseIdNumber.Parsed? id = null;
        if (string.IsNullOrWhiteSpace(m.IdNumber)) Add("idNumber", "请输入公民身份号码");
        else if ((id = ChineseIdNumber.TryParse(Normalize(m.IdNumber), today, out var idError)) is null) Add("idNumber", idError!);

        var birth = m.BirthDate ?? id?.BirthDate;
        if (birth is null) Add("birthDate", "请输入出生日期");
        else if (birth > today) Add("birthDate", "出生日期不能晚于今天");
        else if (id is not null && m.BirthDate is { } b && b != id.BirthDate) Add("birthDate", $"出生日期与公民身份号码不一致（号码中为{ChineseDates.Date(id.BirthDate)}）");
        if (id is not null && m.Gender is { } g && g != id.Gender) Add("gender", $"性别与公民身份号码不一致（号码中为{id.Gender}）");
        if (m.Gender is null && id is null) Add("gender", "请选择性别");

        Max("ethnicity", m.Ethnicity, 20, "民族");
        Max("nativePlace", m.NativePlace, 50, "籍贯");
        Max("education", m.Education, 20, "学历");
        Max("degree", m.Degree, 20, "学位");
        Max("employer", m.Employer, 100, "工作单位");
        Max("position", m.Position, 100, "岗位");
        if (!string.IsNullOrWhiteSpace(m.Phone) && !PhonePattern().IsMatch(Normalize(m.Phone))) Add("phone", "联系电话格式不正确（手机号11位，或区号-号码）");

        if (m.Category is null) Add("category", "请选择人员类别");
        if (m.JoinedAt is not { } joined) Add("joinedAt", "请输入入党日期");
        else
        {
            if (joined > today) Add("joinedAt", "入党日期不能晚于今天");
            if (birth is { } bd && joined < bd.AddYears(MinJoinAge)) Add("joinedAt", $"入党时未满{MinJoinAge}周岁（出生于{ChineseDates.Date(bd)}）");
        }
        if (m.ProbationExtensionMonths is { } ext && (ext < 6 || ext > 12)) Add("probationExtensionMonths", "预备期只能延长一次，延长时间为6至12个月");
        if (m.Category == MemberCategory.预备党员 && m.ConfirmedAt is not null) Add("confirmedAt", "预备党员没有转正日期");
        if (m.ConfirmedAt is { } confirmed)
        {
            if (confirmed > today) Add("confirmedAt", "转正日期不能晚于今天");
            if (m.JoinedAt is { } j && confirmed < EarliestConfirmation(j, m.ProbationExtensionMonths))
                Add("confirmedAt", $"转正日期不能早于{ChineseDates.Date(EarliestConfirmation(j, m.ProbationExtensionMonths))}（预备期满一年{(m.ProbationExtensionMonths is { } x ? $"，延长{x}个月" : "")}）");
        }

        var status = m.PartyStatus ?? Domain.PartyStatus.正常;
        if (status != Domain.PartyStatus.正常)
        {
            if (m.PartyStatusDate is null) Add("partyStatusDate", $"请输入{status}的日期");
            else if (m.PartyStatusDate > today) Add("partyStatusDate", "日期不能晚于今天");
            if (string.IsNullOrWhiteSpace(m.PartyStatusReason)) Add("partyStatusReason", $"请说明{status}的原因");
        }
        Max("partyStatusReason", m.PartyStatusReason, 500, "原因");
        if (m.IsMobile && string.IsNullOrWhiteSpace(m.MobileDestination)) Add("mobileDestination", "流动党员请填写流向地");
        Max("mobileDestination", m.MobileDestination, 100, "流向地");
        Max("mobileContact", m.MobileContact, 100, "联系人");
        return e.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    /// <summary>预备期 one year from joining, extended once by 6–12 months where decided.</summary>
    public static DateOnly EarliestConfirmation(DateOnly joined, int? extensionMonths) => joined.AddYears(1).AddMonths(extensionMonths ?? 0);

    /// <summary>A 预备党员 whose probation has ended and who is still not confirmed (待转正).</summary>
    public static bool IsDueForConfirmation(MemberCategory category, DateOnly joined, int? extensionMonths, DateOnly today) =>
        category == MemberCategory.预备党员 && EarliestConfirmation(joined, extensionMonths) <= today;

    /// <summary>True when the 入党 anniversary (政治生日) falls within the next <paramref name="days"/> days from today.</summary>
    public static bool HasPoliticalBirthdayWithin(DateOnly joined, DateOnly today, int days = 30)
    {
        for (var y = today.Year; y <= today.Year + 1; y++)
        {
            var day = Math.Min(joined.Day, DateTime.DaysInMonth(y, joined.Month));
            var anniversary = new DateOnly(y, joined.Month, day);
            if (anniversary >= today && anniversary <= today.AddDays(days) && y > joined.Year) return true;
        }
        return false;
    }

    public static int Age(DateOnly birth, DateOnly today) =>
        today.Year - birth.Year - (today < birth.AddYears(today.Year - birth.Year) ? 1 : 0);

    /// <summary>Age bands used by member lists.</summary>
    public static readonly IReadOnlyList<(string Key, string Label, int Min, int Max)> AgeBands =
    [
        ("-30", "30岁及以下", 0, 30), ("31-40", "31–40岁", 31, 40), ("41-50", "41–50岁", 41, 50),
        ("51-60", "51–60岁", 51, 60), ("61-", "61岁及以上", 61, 200),
    ];

    /// <summary>Full-width digits, letters and spaces (common in pasted Chinese text) to their ASCII forms.</summary>
    public static string Normalize(string s)
    {
        var chars = s.Trim().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c is >= '\uFF01' and <= '\uFF5E') chars[i] = (char)(c - 0xFEE0);
            else if (c == '\u3000') chars[i] = ' ';
        }
        return new string(chars).Trim().ToUpperInvariant();
    }

    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")]
    private static partial Regex PhonePattern();
}
