using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.Documents;

/// <summary>
/// GET /api/v1/development/plan?org=&amp;year= — the year's development plan of an organization against what was done:
/// the planned number (the organization's own row, and each branch's share when set), the approvals (step 17 批准, the
/// current version of the step) of the year in its subtree per branch and per month, the busiest one-month window and
/// the rushed-development warning (§1.6: more than the pack's share [CD 40%] of the plan approved within one month).
/// </summary>
public sealed class GetDevelopmentPlan(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record BranchRow(long OrgId, string Name, int? Planned, int Approved);

    public sealed record Response(
        long OrgId, string OrgName, int Year, int? Planned, int Approved, int[] ByMonth, DevelopmentPlanRules.Window? BusiestMonth,
        string? RushedWarning, int RushedSharePercent, IReadOnlyList<BranchRow> Branches, DateOnly AsOf);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/development/plan", async (int? year, GetDevelopmentPlan h, CancellationToken ct) => (await h.Handle(year, ct)).ToHttp())
           .Require(Permission.DevelopmentRead)
           .WithSummary("年度发展党员计划完成情况（org、year，默认今年）：计划数、批准数（按支部、按月）、突击发展预警")
           .Produces<Response>().ProducesValidationProblem();

    public async Task<Result<Response>> Handle(int? year, CancellationToken ct = default)
    {
        var today = clock.Today();
        var y = year ?? today.Year;
        if (y < 2000 || y > today.Year + 1) return Result.Invalid("year", $"年度应在2000年至{today.Year + 1}年之间");
        return await LoadAsync(db, user.CurrentOrg!, y, today, ct);
    }

    /// <summary>The approvals (step 17 批准) of the year under the organization: (case's organization, day).</summary>
    public static async Task<List<(long OrgId, DateOnly On)>> ApprovalsAsync(AppDbContext db, Organization org, int year, CancellationToken ct)
    {
        var orgIds = db.UnderOrg(org).Select(o => o.Id);
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var steps = db.Set<DevelopmentStep>();
        var rows = await (from s in steps.AsNoTracking()
                          join c in db.Set<DevelopmentCase>() on s.CaseId equals c.Id
                          where s.Step == "17" && s.On >= first && s.On <= last && s.CopiedFromId == null && orgIds.Contains(c.OrgId)
                                && !steps.Any(x => x.SupersedesId == s.Id)
                          select new { c.OrgId, s.On, s.Fields }).ToListAsync(ct);
        return rows.Where(r => DevelopmentFacts.ReadFields(r.Fields).Approved != false).Select(r => (r.OrgId, r.On)).ToList();
    }

    public static async Task<Response> LoadAsync(AppDbContext db, Organization org, int year, DateOnly today, CancellationToken ct)
    {
        var branches = await db.UnderOrg(org).AsNoTracking()
            .Select(o => new { o.Id, o.Name, o.Type, o.Status, o.Path }).ToListAsync(ct);
        // a branch that cannot develop members (a 临时党支部) has no place in the plan
        branches = branches.Where(o => OrgRules.IsBranch(o.Type) && (OrgCapabilities.Can(o.Type, OrgStatus.正常, OrgCapability.发展党员))).OrderBy(o => o.Path).ToList();
        var orgIds = branches.Select(b => b.Id).Append(org.Id).ToList();
        var plans = await db.Set<DevelopmentPlan>().AsNoTracking().Where(p => p.Year == year && orgIds.Contains(p.OrgId)).ToDictionaryAsync(p => p.OrgId, p => p.Planned, ct);
        var approvals = await ApprovalsAsync(db, org, year, ct);
        // a branch's approvals: those of its own cases (a branch has no branches below it)
        var perOrg = approvals.GroupBy(a => a.OrgId).ToDictionary(g => g.Key, g => g.Count());
        var rows = branches
            .Where(b => b.Status == OrgStatus.正常 || plans.ContainsKey(b.Id) || perOrg.ContainsKey(b.Id))
            .Select(b => new BranchRow(b.Id, b.Name, plans.TryGetValue(b.Id, out var p) ? p : null, perOrg.GetValueOrDefault(b.Id)))
            .ToList();
        var days = approvals.Select(a => a.On).ToList();
        int? planned = plans.TryGetValue(org.Id, out var total) ? total : null;
        var pack = DevelopmentRulePacks.For(new DateOnly(year, 12, 31));
        return new Response(org.Id, org.Name, year, planned, days.Count, DevelopmentPlanRules.ByMonth(year, days), DevelopmentPlanRules.BusiestMonth(days),
            planned is { } n ? DevelopmentPlanRules.Rushed(pack, n, days) : null, pack.RushedSharePercent, rows, today);
    }
}
