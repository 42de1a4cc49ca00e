using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Compliance;

/// <summary>
/// GET /api/v1/compliance?org=&amp;period= — 组织生活达标情况 of a subtree: totals, per direct child, and the gaps
/// (at most <see cref="MaxGaps"/>, worst first; gapsTotal tells how many there are).
/// </summary>
public static class GetCompliance
{
    public const int MaxGaps = 200;

    public sealed record OrgRef(long Id, string Name);
    /// <summary>
    /// Items of a longer frequency than the period (a quarter's yearly items), which run until their own period ends:
    /// <paramref name="ItemsDone"/> of <paramref name="Items"/> done; <paramref name="BranchesDone"/> of the
    /// <paramref name="Branches"/> branches owing any have done all of theirs.
    /// </summary>
    public sealed record Progress(string Label, int Items, int ItemsDone, int Branches, int BranchesDone);
    public sealed record Child(OrgRef Org, int Branches, int Compliant, int Warning, int Failing, int InProgress, double Rate, Progress? Longer);
    public sealed record Gap(OrgRef Branch, string Rule, string Period, string Status, string Message);
    /// <summary>
    /// The counts by status and <c>rate</c> (compliant / branches) are over the period's own items (<c>rateLabel</c>:
    /// 季度项目达标率 for a quarter — its monthly and quarterly items); the yearly items are in <c>longer</c>.
    /// </summary>
    public sealed record Response(OrgRef Org, string Period, string Label, int Branches, int Compliant, int Warning, int Failing, int InProgress,
        double Rate, IReadOnlyList<Child> Children, IReadOnlyList<Gap> Gaps, int GapsTotal, string RateLabel, Progress? Longer, DateTimeOffset AsOf);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/compliance", async (string? period, UserContext user, ComplianceEngine engine, TimeProvider clock, CancellationToken ct) =>
            {
                var (p, error) = ParsePeriodOrCurrent(period, clock.Today());
                if (p is null) return ErrorResponses.Validation(new Dictionary<string, string[]> { ["period"] = [error!] });
                var rollup = await engine.RollupAsync(user.CurrentOrg!, p.Value, ct);
                return Results.Ok(ToResponse(rollup, clock.GetUtcNow()));
            })
           .Require(Permission.ComplianceRead)
           .WithSummary("组织生活达标情况（?org= 组织，默认当前组织；?period= 2026-10、2026Q3 或 2026，默认本季度）")
           .Produces<Response>();

    /// <summary>The period given, or the quarter of <paramref name="today"/> when none is given.</summary>
    public static (Period? Period, string? Error) ParsePeriodOrCurrent(string? raw, DateOnly today) =>
        string.IsNullOrWhiteSpace(raw) ? (Period.Containing(PeriodUnit.季, today), null) : Period.Parse(raw);

    /// <summary>Worst first, then by period, branch name, branch and rule.</summary>
    private static int Compare((BranchOutcome Branch, ComplianceGap Gap) x, (BranchOutcome Branch, ComplianceGap Gap) y)
    {
        var c = y.Gap.Status.CompareTo(x.Gap.Status);
        if (c == 0) c = x.Gap.Period.CompareTo(y.Gap.Period);
        if (c == 0) c = string.CompareOrdinal(x.Branch.Name, y.Branch.Name);
        if (c == 0) c = x.Branch.OrgId.CompareTo(y.Branch.OrgId);
        return c != 0 ? c : x.Gap.Kind.CompareTo(y.Gap.Kind);
    }

    private static readonly Comparer<(BranchOutcome Branch, ComplianceGap Gap)> Order = Comparer<(BranchOutcome, ComplianceGap)>.Create(Compare);

    /// <summary>Every gap of the rollup in <see cref="Compare"/> order (one array sort: for exports).</summary>
    public static IReadOnlyList<(BranchOutcome Branch, ComplianceGap Gap)> OrderedGaps(ComplianceRollup r)
    {
        var all = new List<(BranchOutcome Branch, ComplianceGap Gap)>();
        foreach (var b in r.Branches)
            foreach (var rule in b.Rules)
                foreach (var g in rule.Gaps) all.Add((b, g));
        all.Sort(Order);
        return all;
    }

    /// <summary>
    /// The first <paramref name="count"/> gaps in <see cref="Compare"/> order and how many there are in all. A province's
    /// year has over 400,000 gaps; keeping the best few in a heap is linear where sorting them all took seconds.
    /// </summary>
    public static (IReadOnlyList<(BranchOutcome Branch, ComplianceGap Gap)> Worst, int Total) WorstGaps(ComplianceRollup r, int count)
    {
        // a max-heap by order: its root is the least bad gap kept, replaced when a worse one comes
        var heap = new PriorityQueue<(BranchOutcome, ComplianceGap), (BranchOutcome, ComplianceGap)>(count + 1, Comparer<(BranchOutcome, ComplianceGap)>.Create((x, y) => Compare(y, x)));
        var total = 0;
        foreach (var b in r.Branches)
            foreach (var rule in b.Rules)
                foreach (var g in rule.Gaps)
                {
                    total++;
                    var item = (b, g);
                    if (heap.Count < count) heap.Enqueue(item, item);
                    else if (count > 0 && Compare(item, heap.Peek()) < 0) heap.EnqueueDequeue(item, item);
                }
        var worst = new List<(BranchOutcome Branch, ComplianceGap Gap)>(heap.Count);
        while (heap.Count > 0) worst.Add(heap.Dequeue());
        worst.Reverse();
        return (worst, total);
    }

    /// <summary>The progress of the longer items in a tally (null when the period has none).</summary>
    public static Progress? LongerOf(ComplianceTally t, Period p) =>
        t.LongerItems == 0 ? null : new Progress(ComplianceView.LongerLabel(p), t.LongerItems, t.LongerItemsDone, t.LongerBranches, t.LongerBranchesDone);

    public static Response ToResponse(ComplianceRollup r, DateTimeOffset asOf)
    {
        var (worst, total) = WorstGaps(r, MaxGaps);
        var t = r.Tally;
        return new Response(new OrgRef(r.Org.Id, r.Org.Name), r.Period.Code, r.Period.Label, t.Branches, t.Compliant, t.Warning, t.Failing, t.InProgress, t.Rate,
            r.Children.Select(c => new Child(new OrgRef(c.OrgId, c.Name), c.Tally.Branches, c.Tally.Compliant, c.Tally.Warning, c.Tally.Failing, c.Tally.InProgress, c.Tally.Rate,
                LongerOf(c.Tally, r.Period))).ToList(),
            worst.Select(x => new Gap(new OrgRef(x.Branch.OrgId, x.Branch.Name), x.Gap.Kind.ToString(), x.Gap.Period.Code, x.Gap.Status.ToString(), x.Gap.Message)).ToList(),
            total, ComplianceView.RateLabel(r.Period), LongerOf(t, r.Period), asOf);
    }
}
