using System.Globalization;

namespace Bastion.Domain;

// 入党志愿书 number control (DOMAIN-2 §1.5): the 组织部 issues numbered ranges to a 基层党委 (发放登记), the 党委 gives one
// number per 发展对象 after 预审合格 (使用登记), and a spoiled or lost form is registered (作废登记); a number is never
// reused or renumbered.

/// <summary>How a 志愿书 number left use: the form was spoiled (作废) or lost (遗失).</summary>
public enum VolunteerBookLoss
{
    作废 = 1,
    遗失 = 2,
}

/// <summary>发放登记: a range of printed 志愿书 numbers issued to a 基层党委 (e.g. prefix “粤2026”, 1 … 500).</summary>
public sealed class VolunteerBookRange
{
    public long Id { get; set; }
    /// <summary>The 基层党委 the range was issued to.</summary>
    public long OrgId { get; set; }
    /// <summary>The province code / prefix of the provincial unified numbering; ranges of one prefix never overlap platform-wide.</summary>
    public required string Prefix { get; set; }
    public int StartNumber { get; set; }
    public int EndNumber { get; set; }
    /// <summary>The lowest number not yet used or spoiled; past <see cref="EndNumber"/> when the range is used up.</summary>
    public int NextNumber { get; set; }
    /// <summary>发放日期.</summary>
    public DateOnly IssuedOn { get; set; }
    /// <summary>发放单位/经办人, e.g. “省委组织部”.</summary>
    public required string IssuedBy { get; set; }
    /// <summary>发放文号 (optional).</summary>
    public string? DocumentNo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>使用登记: one number given to one development case (one person, one number).</summary>
public sealed class VolunteerBookUse
{
    public long Id { get; set; }
    public long RangeId { get; set; }
    /// <summary>The committee that gave the number (the range's organization).</summary>
    public long OrgId { get; set; }
    public int Number { get; set; }
    /// <summary>The number as printed (prefix + padded number).</summary>
    public required string NumberText { get; set; }
    /// <summary>The development case (发展党员 case id); no foreign key yet.</summary>
    public long DevelopmentCaseId { get; set; }
    public required string PersonName { get; set; }
    public DateOnly UsedOn { get; set; }
    /// <summary>Set when the number was registered 作废/遗失: the case no longer holds it (a new number replaces it).</summary>
    public DateOnly? SpoiledOn { get; set; }
    /// <summary>Who registered the use (the time is in its audit row).</summary>
    public string? CreatedBy { get; set; }
}

/// <summary>作废登记: a number (used or not) whose form was spoiled or lost; it is never given again.</summary>
public sealed class VolunteerBookSpoil
{
    public long Id { get; set; }
    public long RangeId { get; set; }
    public long OrgId { get; set; }
    public int Number { get; set; }
    public required string NumberText { get; set; }
    public VolunteerBookLoss Kind { get; set; }
    public required string Reason { get; set; }
    public DateOnly SpoiledOn { get; set; }
    /// <summary>Whether the spoiled form was handed back (a lost one never is).</summary>
    public bool FormReturned { get; set; }
    public DateOnly? ReturnedOn { get; set; }
    /// <summary>The use the number had, when it had been given to a person.</summary>
    public long? UseId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>Pure rules of the 志愿书 number ranges and registers.</summary>
public static class VolunteerBookRules
{
    public const int PrefixMaxLength = 30;
    public const int MaxNumber = 99_999_999;
    public const int IssuedByMaxLength = 100;
    public const int DocumentNoMaxLength = 100;
    public const int ReasonMaxLength = 500;
    public const int PersonNameMaxLength = 50;
    public const int NumberTextMaxLength = 40;

    /// <summary>
    /// Only a 基层党委 approves new members (党总支 and branches have no 审批权), so only a 党委 that may develop members
    /// holds 志愿书 ranges. Null when it may, else the Chinese reason.
    /// </summary>
    public static string? CannotHoldRanges(Organization org)
    {
        if (org.Type != OrgType.党委) return $"入党志愿书编号段发放给有审批权的基层党委，{org.Name}是{org.Type}";
        return OrgCapabilities.Refusal(org, OrgCapability.发展党员);
    }

    /// <summary>The number as printed: the prefix, then the number padded to the width of the range's end (粤2026-0001). Same
    /// format as the 介绍信 numbers.</summary>
    public static string Format(string prefix, int number, int endNumber) => TransferRules.FormatLetterNo(prefix, number, endNumber);

    public static string Format(VolunteerBookRange r, int number) => Format(r.Prefix, number, r.EndNumber);

    /// <summary>Two closed intervals share a number.</summary>
    public static bool Overlaps(int start1, int end1, int start2, int end2) => start1 <= end2 && start2 <= end1;

    /// <summary>
    /// The lowest number from <paramref name="next"/> to <paramref name="end"/> that is not spoiled, or null when none is
    /// left. Numbers below <paramref name="next"/> were used or spoiled already and are never given again.
    /// </summary>
    public static int? NextFree(int next, int end, IReadOnlySet<int> spoiled)
    {
        for (var n = next; n <= end; n++)
            if (!spoiled.Contains(n)) return n;
        return null;
    }

    /// <summary>Numbers still to give: from next to end, less the ones spoiled before they were used.</summary>
    public static int Remaining(VolunteerBookRange r, int spoiledAhead) => Math.Max(0, r.EndNumber - r.NextNumber + 1 - spoiledAhead);

    /// <summary>Field errors of a new 发放登记; <paramref name="samePrefix"/> are the platform's ranges of the same prefix.</summary>
    public static Dictionary<string, string[]> ValidateRange(string? prefix, int? start, int? end, DateOnly? issuedOn, string? issuedBy,
        string? documentNo, DateOnly today, IEnumerable<VolunteerBookRange> samePrefix)
    {
        var e = new Dictionary<string, string[]>();
        var p = prefix?.Trim() ?? "";
        if (p.Length == 0) e["prefix"] = ["请填写编号前缀（省份代码），如“粤2026-”"];
        else if (p.Length > PrefixMaxLength) e["prefix"] = [$"编号前缀不能超过{PrefixMaxLength}个字"];
        if (start is not { } s) e["startNumber"] = ["请填写起始号"];
        else if (s < 1 || s > MaxNumber) e["startNumber"] = [$"起始号应在1至{MaxNumber}之间"];
        if (end is not { } en) e["endNumber"] = ["请填写截止号"];
        else if (en < 1 || en > MaxNumber) e["endNumber"] = [$"截止号应在1至{MaxNumber}之间"];
        else if (start is { } s2 && en < s2) e["endNumber"] = ["截止号不能小于起始号"];
        if (issuedOn is not { } on) e["issuedOn"] = ["请填写发放日期"];
        else if (on > today) e["issuedOn"] = [$"发放日期不能晚于今天（{ChineseDates.Date(today)}）"];
        var by = issuedBy?.Trim() ?? "";
        if (by.Length == 0) e["issuedBy"] = ["请填写发放单位，如“省委组织部”"];
        else if (by.Length > IssuedByMaxLength) e["issuedBy"] = [$"发放单位不能超过{IssuedByMaxLength}个字"];
        if ((documentNo?.Trim().Length ?? 0) > DocumentNoMaxLength) e["documentNo"] = [$"发放文号不能超过{DocumentNoMaxLength}个字"];
        if (!e.ContainsKey("prefix") && !e.ContainsKey("startNumber") && !e.ContainsKey("endNumber"))
        {
            var clash = samePrefix.Where(r => r.Prefix == p).OrderBy(r => r.StartNumber)
                .FirstOrDefault(r => Overlaps(r.StartNumber, r.EndNumber, start!.Value, end!.Value));
            if (clash is not null)
                e["startNumber"] = [$"与已发放的编号段 {Format(clash, clash.StartNumber)}—{Format(clash, clash.EndNumber)} 重叠（全省统一编号，同一前缀的编号不能重复发放）"];
        }
        return e;
    }

    /// <summary>
    /// Reads a printed number (“粤2026-0005”, or without the zero padding “粤2026-5”) against the ranges it may belong to:
    /// the range whose prefix it starts with and whose interval holds the number.
    /// </summary>
    public static (VolunteerBookRange Range, int Number)? Find(string? text, IEnumerable<VolunteerBookRange> ranges)
    {
        var t = text?.Trim() ?? "";
        if (t.Length == 0) return null;
        foreach (var r in ranges.OrderByDescending(r => r.Prefix.Length))
        {
            if (!t.StartsWith(r.Prefix, StringComparison.Ordinal)) continue;
            var digits = t[r.Prefix.Length..];
            if (digits.Length == 0 || digits.Length > 9 || !digits.All(char.IsAsciiDigit)) continue;
            var n = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            if (n >= r.StartNumber && n <= r.EndNumber) return (r, n);
        }
        return null;
    }

    /// <summary>Field errors of a 作废/遗失 registration.</summary>
    public static Dictionary<string, string[]> ValidateSpoil(VolunteerBookLoss? kind, string? reason, DateOnly? on, bool formReturned, DateOnly? returnedOn, DateOnly today)
    {
        var e = new Dictionary<string, string[]>();
        if (kind is not { } k || !Enum.IsDefined(k)) e["kind"] = ["请选择作废或遗失"];
        var r = reason?.Trim() ?? "";
        if (r.Length == 0) e["reason"] = ["请填写作废或遗失的原因"];
        else if (r.Length > ReasonMaxLength) e["reason"] = [$"原因不能超过{ReasonMaxLength}个字"];
        if (on is not { } d) e["on"] = ["请填写作废/遗失日期"];
        else if (d > today) e["on"] = [$"日期不能晚于今天（{ChineseDates.Date(today)}）"];
        if (kind == VolunteerBookLoss.遗失 && formReturned) e["formReturned"] = ["遗失的志愿书无法交回，请选择“未交回”"];
        else if (formReturned)
        {
            if (returnedOn is not { } ro) e["returnedOn"] = ["请填写原志愿书交回日期"];
            else if (ro > today) e["returnedOn"] = [$"交回日期不能晚于今天（{ChineseDates.Date(today)}）"];
            else if (on is { } d2 && ro < d2) e["returnedOn"] = ["交回日期不能早于作废日期"];
        }
        else if (returnedOn is not null) e["returnedOn"] = ["未交回时不填写交回日期"];
        return e;
    }
}
