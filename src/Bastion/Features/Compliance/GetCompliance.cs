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
    public sealed record Child(OrgRef Org, int Branches, int Compliant, int Warning, int Failing, int InProgress, double Rate);
    public sealed record Gap(OrgRef Branch, string Rule, string Period, string Status, string Message);
    public sealed record Response(OrgRef Org, string Period, string Label, int Branches, int Compliant, int Warning, int Failing, int InProgress,
        double Rate, IReadOnlyList<Child> Children, IReadOnlyList<Gap> Gaps, int GapsTotal);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/compliance", async (string? period, UserContext user, ComplianceEngine engine, CancellationToken ct) =>
            {
                var (p, error) = ParsePeriodOrCurrent(period);
                if (p is null) return ErrorResponses.Validation(new Dictionary<string, string[]> { ["period"] = [error!] });
                var rollup = await engine.RollupAsync(user.CurrentOrg!, p.Value, ct);
                return Results.Ok(ToResponse(rollup));
            })
           .Require(Permission.ComplianceRead)
           .WithSummary("组织生活达标情况（?org= 组织，默认当前组织；?period= 2026-10、2026Q3 或 2026，默认本季度）")
           .Produces<Response>();

    /// <summary>The period given, or the current quarter when none is given.</summary>
    public static (Period? Period, string? Error) ParsePeriodOrCurrent(string? raw) =>
        string.IsNullOrWhiteSpace(raw) ? (Period.Containing(PeriodUnit.季, ComplianceEngine.Today()), null) : Period.Parse(raw);

    /// <summary>Every gap of the rollup, worst first, then by period and branch name (one array sort: a root has tens of thousands).</summary>
    public static IReadOnlyList<(BranchOutcome Branch, ComplianceGap Gap)> OrderedGaps(ComplianceRollup r)
    {
        var all = new List<(BranchOutcome Branch, ComplianceGap Gap)>();
        foreach (var b in r.Branches)
            foreach (var rule in b.Rules)
                foreach (var g in rule.Gaps) all.Add((b, g));
        all.Sort(static (x, y) =>
        {
            var c = y.Gap.Status.CompareTo(x.Gap.Status);
            if (c == 0) c = x.Gap.Period.CompareTo(y.Gap.Period);
            if (c == 0) c = string.CompareOrdinal(x.Branch.Name, y.Branch.Name);
            if (c == 0) c = x.Branch.OrgId.CompareTo(y.Branch.OrgId);
            return c != 0 ? c : x.Gap.Kind.CompareTo(y.Gap.Kind);
        });
        return all;
    }

    public static Response ToResponse(ComplianceRollup r)
    {
        var all = OrderedGaps(r);
        var t = r.Tally;
        return new Response(new OrgRef(r.Org.Id, r.Org.Name), r.Period.Code, r.Period.Label, t.Branches, t.Compliant, t.Warning, t.Failing, t.InProgress, t.Rate,
            r.Children.Select(c => new Child(new OrgRef(c.OrgId, c.Name), c.Tally.Branches, c.Tally.Compliant, c.Tally.Warning, c.Tally.Failing, c.Tally.InProgress, c.Tally.Rate)).ToList(),
            all.Take(MaxGaps).Select(x => new Gap(new OrgRef(x.Branch.OrgId, x.Branch.Name), x.Gap.Kind.ToString(), x.Gap.Period.Code, x.Gap.Status.ToString(), x.Gap.Message)).ToList(),
            all.Count);
    }
}
