using Bastion.Domain;

namespace Bastion.Features.Inspections.Rectification;

/// <summary>One rectification ledger item of an inspected organization, with what the dashboards and reports need.</summary>
public sealed record RectificationItem(
    long Id, long TargetId, long RoundId, string RoundName, long OrgId, string OrgName,
    long? FindingId, FindingCategory? Category, string Title, string? Description, string WorkStandard,
    string OwnerName, string VerifierName, DateOnly Deadline, DateOnly OriginalDeadline, DateOnly? RequestedDeadline,
    LedgerState State, LedgerSource Source, int EvidenceCount, bool EverRejected, DateTimeOffset? ClosedAt)
{
    public bool Extended => Deadline != OriginalDeadline;
}

/// <summary>Where an item stands in 回头看 (the inspection office's verification).</summary>
public enum VerificationBucket
{
    /// <summary>已销号: verified and closed.</summary>
    Verified,
    /// <summary>申请销号: waiting for the verifier.</summary>
    Awaiting,
    /// <summary>退回: rejected by the verifier at least once and being reworked.</summary>
    Rejected,
    /// <summary>整改中: not yet submitted.</summary>
    Open,
}

/// <summary>Counts of a group of items: completion rate = closed / all; overdue = open past the deadline.</summary>
public sealed record RectificationTally(int Total, int Verified, int Awaiting, int Rejected, int Open, int Overdue)
{
    public static readonly RectificationTally Zero = new(0, 0, 0, 0, 0, 0);
    public double Rate => Total == 0 ? 0 : (double)Verified / Total;
    public string RateText => Total == 0 ? "—" : Percent(Rate);

    public static string Percent(double rate) => (Math.Round(rate * 1000, MidpointRounding.AwayFromZero) / 10).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";
}

public sealed record RectificationGroup(string Key, string Name, RectificationTally Tally);

/// <summary>Completion rates by round, by organization and by 四个落实 category (pure; unit- and integration-tested).</summary>
public static class RectificationStats
{
    public const string Uncategorized = "其他";

    public static VerificationBucket Bucket(RectificationItem i) => i.State switch
    {
        LedgerState.已销号 => VerificationBucket.Verified,
        LedgerState.申请销号 => VerificationBucket.Awaiting,
        _ => i.EverRejected ? VerificationBucket.Rejected : VerificationBucket.Open,
    };

    public static string Display(VerificationBucket b) => b switch
    {
        VerificationBucket.Verified => "已验收销号",
        VerificationBucket.Awaiting => "待验收",
        VerificationBucket.Rejected => "退回整改",
        _ => "整改中",
    };

    public static string Badge(VerificationBucket b) => b switch
    {
        VerificationBucket.Verified => "text-bg-success",
        VerificationBucket.Awaiting => "text-bg-info",
        VerificationBucket.Rejected => "text-bg-danger",
        _ => "text-bg-secondary",
    };

    public static RectificationTally Count(IEnumerable<RectificationItem> items, DateOnly today)
    {
        int total = 0, verified = 0, awaiting = 0, rejected = 0, open = 0, overdue = 0;
        foreach (var i in items)
        {
            total++;
            switch (Bucket(i))
            {
                case VerificationBucket.Verified: verified++; break;
                case VerificationBucket.Awaiting: awaiting++; break;
                case VerificationBucket.Rejected: rejected++; break;
                default: open++; break;
            }
            if (LedgerRules.IsOverdue(i.State, i.Deadline, today)) overdue++;
        }
        return new(total, verified, awaiting, rejected, open, overdue);
    }

    public static IReadOnlyList<RectificationGroup> ByRound(IReadOnlyList<RectificationItem> items, DateOnly today) =>
        items.GroupBy(i => (i.RoundId, i.RoundName)).OrderByDescending(g => g.Key.RoundId)
            .Select(g => new RectificationGroup(g.Key.RoundId.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Key.RoundName, Count(g, today))).ToList();

    public static IReadOnlyList<RectificationGroup> ByOrganization(IReadOnlyList<RectificationItem> items, DateOnly today) =>
        items.GroupBy(i => (i.OrgId, i.OrgName)).OrderBy(g => g.Key.OrgName, StringComparer.Ordinal)
            .Select(g => new RectificationGroup(g.Key.OrgId.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Key.OrgName, Count(g, today))).ToList();

    /// <summary>The four 四个落实 categories always (zero when no items), then 其他 for items without a finding, if any.</summary>
    public static IReadOnlyList<RectificationGroup> ByCategory(IReadOnlyList<RectificationItem> items, DateOnly today)
    {
        var result = Enum.GetValues<FindingCategory>().Where(c => !InspectionRules.IsClue(c))
            .Select(c => new RectificationGroup(c.ToString(), InspectionRules.Display(c), Count(items.Where(i => i.Category == c), today))).ToList();
        var other = items.Where(i => i.Category is null || InspectionRules.IsClue(i.Category.Value)).ToList();
        if (other.Count > 0) result.Add(new RectificationGroup(Uncategorized, Uncategorized, Count(other, today)));
        return result;
    }
}
