using System.Globalization;

namespace Bastion.Domain;

/// <summary>How a party membership (组织关系) moves.</summary>
public enum TransferKind
{
    /// <summary>Between two branches of the platform: the receiving organization accepts or rejects.</summary>
    系统内 = 1,
    /// <summary>To an organization outside the platform, with a numbered 介绍信.</summary>
    转出 = 2,
    /// <summary>From outside the platform, with the sender's 介绍信: the member is created here.</summary>
    转入 = 3,
}

public enum TransferState
{
    /// <summary>系统内: started, waiting for the receiving organization.</summary>
    待接收 = 1,
    /// <summary>系统内: accepted, the member moved.</summary>
    已接收 = 2,
    /// <summary>系统内: rejected by the receiving organization, with a reason.</summary>
    已退回 = 3,
    /// <summary>Cancelled by the sender (系统内) or the letter voided (转出); a voided letter keeps its number.</summary>
    已撤销 = 4,
    /// <summary>转出: the letter is issued and the member has left the platform (the record is kept).</summary>
    已转出 = 5,
    /// <summary>转入: the member was registered here from the sender's letter.</summary>
    已转入 = 6,
}

/// <summary>
/// One transfer of a member's party membership. <see cref="OrgId"/> is the organization that keeps the file:
/// the sending organization (系统内, 转出) or the receiving one (转入).
/// </summary>
public sealed class MemberTransfer
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public long MemberId { get; set; }
    public TransferKind Kind { get; set; }
    public TransferState State { get; set; }
    /// <summary>The sending organization in the platform (null for 转入).</summary>
    public long? FromOrgId { get; set; }
    /// <summary>Name of the sending organization (free text for 转入).</summary>
    public required string FromOrgName { get; set; }
    /// <summary>The receiving organization in the platform (null for 转出).</summary>
    public long? ToOrgId { get; set; }
    /// <summary>Name of the receiving organization (free text for 转出).</summary>
    public required string ToOrgName { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    /// <summary>Why it was rejected or cancelled.</summary>
    public string? DecisionNote { get; set; }

    // ---- 介绍信 (转出: issued here; 转入: the sender's letter) ----
    public string? LetterNo { get; set; }
    /// <summary>转出: the committee whose number range numbered the letter.</summary>
    public long? IssuingOrgId { get; set; }
    public DateOnly? LetterDate { get; set; }
    public int? ValidDays { get; set; }
    /// <summary>党费交到: the first day of the month the dues are paid up to.</summary>
    public DateOnly? DuesPaidTo { get; set; }
    /// <summary>转出: the day the 回执 came back.</summary>
    public DateOnly? ReceiptReturnedOn { get; set; }

    /// <summary>转出: the inward registration (转入) that brought the member back to the platform; null while they are away.</summary>
    public long? ReturnedTransferId { get; set; }
}

/// <summary>A committee's range of 介绍信 numbers (e.g. 2026-001 … 2026-500), taken in order without gaps.</summary>
public sealed class LetterNumberRange
{
    public long Id { get; set; }
    /// <summary>The issuing committee (a 党委).</summary>
    public long OrgId { get; set; }
    public required string Prefix { get; set; }
    public int StartNumber { get; set; }
    public int EndNumber { get; set; }
    /// <summary>The number the next letter takes; past <see cref="EndNumber"/> when used up.</summary>
    public int NextNumber { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>What an inward 介绍信 may do with a 公民身份号码 the platform already knows.</summary>
public enum ReturnStanding
{
    /// <summary>The member left the platform with an outward letter and has not come back: the record is re-activated.</summary>
    可转回 = 1,
    /// <summary>The record's party status is 出党: the person cannot come back as a member by a transfer.</summary>
    已出党 = 2,
    /// <summary>The member is still in the platform: a second record is refused; a move inside is a 系统内 transfer.</summary>
    仍在平台 = 3,
}

/// <summary>Pure rules of 组织关系转接 and 介绍信.</summary>
public static class TransferRules
{
    /// <summary>
    /// How an inward transfer treats the earlier record of the same ID number. 出党 decides first: a person
    /// expelled or removed from the party comes back only through the 发展党员 procedure, never silently by a letter.
    /// </summary>
    public static ReturnStanding StandingOf(PartyStatus status, bool outOfPlatform) =>
        status == PartyStatus.出党 ? ReturnStanding.已出党
        : outOfPlatform ? ReturnStanding.可转回
        : ReturnStanding.仍在平台;

    /// <summary>
    /// Cross-checks the dates carried by the inward letter against the record kept since the member left. The
    /// 入党日期 never changes by a transfer; a 转正日期 already kept must match (the member may have been 转正 while
    /// away, so a kept empty one may be filled); a kept 正式党员 cannot come back as 预备党员. Differences are
    /// errors (keyed by the member field), never overwritten. With <paramref name="showKept"/> false (the caller may not
    /// read the kept record) the messages say that the letter differs, without the kept values.
    /// </summary>
    public static Dictionary<string, string[]> CheckReturn(DateOnly keptJoinedAt, DateOnly? keptConfirmedAt, MemberCategory keptCategory,
        DateOnly? letterJoinedAt, DateOnly? letterConfirmedAt, MemberCategory? letterCategory, bool showKept = true)
    {
        const string check = "请与原党组织核实；如平台档案有误，须先更正档案（说明原因）后再登记转入";
        string Kept(DateOnly d) => showKept ? $"与平台保留的档案（{ChineseDates.Date(d)}）不一致" : "与平台保留的档案不一致";
        var e = new Dictionary<string, string[]>();
        if (letterJoinedAt is { } j && j != keptJoinedAt)
            e["joinedAt"] = [$"介绍信的入党日期（{ChineseDates.Date(j)}）{Kept(keptJoinedAt)}，{check}"];
        if (keptConfirmedAt is { } kc && letterConfirmedAt != kc)
            e["confirmedAt"] = [$"介绍信的转正日期（{(letterConfirmedAt is { } lc ? ChineseDates.Date(lc) : "未填写")}）{Kept(kc)}，{check}"];
        if (keptCategory == MemberCategory.正式党员 && letterCategory == MemberCategory.预备党员)
            e["category"] = [showKept ? $"平台保留的档案中该党员已是正式党员，介绍信登记为预备党员，{check}" : $"介绍信登记的党员类别与平台保留的档案不一致，{check}"];
        return e;
    }

    /// <summary>A transfer waiting longer than this many days is flagged.</summary>
    public const int LongWaitDays = 30;
    public const int DefaultValidDays = 30;
    public const int MaxValidDays = 180;
    public const int ReasonMaxLength = 500;
    public const int OrgNameMaxLength = 100;
    public const int PrefixMaxLength = 30;
    public const int MaxLetterNumber = 999_999;
    public const int LetterNoMaxLength = 50;

    /// <summary>Whole days since the transfer started, counted on China's calendar (0 on the day itself).</summary>
    public static int DaysWaiting(DateTimeOffset createdAt, DateOnly today)
    {
        var started = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(createdAt, ChineseDates.China).DateTime);
        return Math.Max(0, today.DayNumber - started.DayNumber);
    }

    /// <summary>Flagged when waiting more than <see cref="LongWaitDays"/> days.</summary>
    public static bool IsLongWaiting(int daysWaiting) => daysWaiting > LongWaitDays;

    /// <summary>Only a branch (党支部, 联合党支部, 临时党支部) keeps members, so only a branch receives them.</summary>
    public static string? CannotReceive(Organization to, long currentOrgId)
    {
        if (to.Id == currentOrgId) return "接收党组织不能是党员现在所在的党组织";
        if (!OrgRules.IsBranch(to.Type)) return $"党员组织关系应转入党支部，{to.Name}是{to.Type}";
        if (to.Status != OrgStatus.正常) return $"{to.Name}已撤销，不能接收党员";
        return null;
    }

    // ---- 介绍信 ----

    /// <summary>The last day a letter is valid: the issue day plus its valid days (1 May + 30 days → 31 May).</summary>
    public static DateOnly ValidUntil(DateOnly issued, int validDays) => issued.AddDays(Math.Max(1, validDays));

    /// <summary>The 回执 is overdue when it has not come back after the letter's valid days.</summary>
    public static bool IsReceiptOverdue(DateOnly issued, int validDays, DateOnly? returned, DateOnly today) =>
        returned is null && today > ValidUntil(issued, validDays);

    /// <summary>The number as printed: the prefix, then the number padded to the width of the range's end (2026-001).</summary>
    public static string FormatLetterNo(string prefix, int number, int endNumber)
    {
        var width = endNumber.ToString(CultureInfo.InvariantCulture).Length;
        return prefix + number.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
    }

    public static int Remaining(LetterNumberRange r) => Math.Max(0, r.EndNumber - r.NextNumber + 1);

    /// <summary>Field errors for a new number range of a committee; ranges of the same prefix must not overlap.</summary>
    public static Dictionary<string, string[]> ValidateRange(string? prefix, int? start, int? end, IEnumerable<LetterNumberRange> existing)
    {
        var e = new Dictionary<string, string[]>();
        var p = prefix?.Trim() ?? "";
        if (p.Length == 0) e["prefix"] = ["请填写编号前缀，如“2026-”"];
        else if (p.Length > PrefixMaxLength) e["prefix"] = [$"编号前缀不能超过{PrefixMaxLength}个字"];
        if (start is not { } s) e["startNumber"] = ["请填写起始号"];
        else if (s < 1 || s > MaxLetterNumber) e["startNumber"] = [$"起始号应在1至{MaxLetterNumber}之间"];
        if (end is not { } en) e["endNumber"] = ["请填写截止号"];
        else if (en < 1 || en > MaxLetterNumber) e["endNumber"] = [$"截止号应在1至{MaxLetterNumber}之间"];
        else if (start is { } s2 && en < s2) e["endNumber"] = ["截止号不能小于起始号"];
        if (e.Count == 0)
        {
            var clash = existing.FirstOrDefault(r => r.Prefix == p && r.StartNumber <= end!.Value && start!.Value <= r.EndNumber);
            if (clash is not null)
                e["startNumber"] = [$"与已有编号段 {FormatLetterNo(clash.Prefix, clash.StartNumber, clash.EndNumber)}—{FormatLetterNo(clash.Prefix, clash.EndNumber, clash.EndNumber)} 重叠"];
        }
        return e;
    }

    /// <summary>Reads "2026-05" (or "2026-5", "2026/05", "2026.05", "2026年5月") as the first day of that month.</summary>
    public static DateOnly? ParseMonth(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        var parts = s.Trim().TrimEnd('月').Split('-', '/', '.', '年');
        if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) || y < 1921 || y > 2200 || m < 1 || m > 12)
            return null;
        return new DateOnly(y, m, 1);
    }

    public static string Month(DateOnly d) => string.Create(CultureInfo.InvariantCulture, $"{d.Year}年{d.Month}月");

    /// <summary>党费交到: required, a real month, not more than 12 months ahead.</summary>
    public static string? CheckDuesPaidTo(string? raw, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(raw)) return "请填写党费交到的年月";
        if (ParseMonth(raw) is not { } m) return "年月格式不正确，如 2026-05";
        if (m > new DateOnly(today.Year, today.Month, 1).AddMonths(12)) return "党费交到的月份不能超过12个月以后";
        return null;
    }

    public static string? CheckValidDays(int? days) => days switch
    {
        null => null,
        < 1 => "有效期至少1天",
        > MaxValidDays => $"有效期不能超过{MaxValidDays}天",
        _ => null,
    };

    /// <summary>Trimmed text within a length, or an error message.</summary>
    public static string? CheckText(string? s, int max, string label, bool required)
    {
        var t = s?.Trim() ?? "";
        if (required && t.Length == 0) return $"请填写{label}";
        if (t.Length > max) return $"{label}不能超过{max}个字";
        return null;
    }

    public static string Badge(TransferState s) => s switch
    {
        TransferState.待接收 => "text-bg-warning",
        TransferState.已接收 or TransferState.已转入 => "text-bg-success",
        TransferState.已转出 => "text-bg-info",
        TransferState.已退回 => "text-bg-danger",
        _ => "text-bg-secondary",
    };
}
