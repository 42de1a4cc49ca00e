namespace Bastion.Domain;

/// <summary>Where an organization stands in a month's 报送 chain (decision 0012).</summary>
public enum DuesReportStatus
{
    未报送 = 0,
    已报送 = 1,
    已退回 = 2,
}

/// <summary>
/// A 退回: the reviewing parent (<see cref="ByOrgId"/>) returned the report of <see cref="OrgId"/> with a reason. The
/// report row itself is deleted (the month data of <see cref="OrgId"/> unlocks); this keeps who had reported and when.
/// </summary>
public sealed class DuesReportReturn
{
    public long Id { get; set; }
    public long MonthId { get; set; }
    public long OrgId { get; set; }
    public long ByOrgId { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public string? ReportedBy { get; set; }
    public DateTimeOffset ReturnedAt { get; set; }
    public string? ReturnedBy { get; set; }
}

/// <summary>
/// The multi-level 报送 of a dues month (DOMAIN-2 §2.3, decision 0012): every organization below the top 党委 that has
/// members owing in its subtree reports to its parent — a branch its own lines, a 党委 or 党总支 its own lines and the
/// 汇总 of its children once each of them has reported. The top 党委 does not report: it settles once each of its direct
/// children has reported. A 党小组's members owe to their branch; a 临时党支部 collects nothing.
/// </summary>
public static class DuesReportingRules
{
    public const int MaxReasonLength = 500;

    /// <summary>Whether an organization of this type, holding lines in its subtree, reports in the chain (the top never does).</summary>
    public static bool Reports(OrgType type, bool isTop) =>
        !isTop && type is OrgType.党委 or OrgType.党总支 or OrgType.党支部 or OrgType.联合党支部;

    /// <summary>The status: a report row wins; else a return; else not reported.</summary>
    public static DuesReportStatus Status(bool reported, bool returned) =>
        reported ? DuesReportStatus.已报送 : returned ? DuesReportStatus.已退回 : DuesReportStatus.未报送;

    /// <summary>"甲、乙、丙等" — the first five names of those still missing, for a refusal.</summary>
    public static string Names(IReadOnlyList<string> names) =>
        string.Join("、", names.Take(5)) + (names.Count > 5 ? "等" : "");

    /// <summary>A return's reason: required, at most 500 characters. The error, or null.</summary>
    public static string? CheckReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "请填写退回原因（需要更正的内容）"
        : reason.Trim().Length > MaxReasonLength ? $"退回原因最多{MaxReasonLength}字" : null;
}
