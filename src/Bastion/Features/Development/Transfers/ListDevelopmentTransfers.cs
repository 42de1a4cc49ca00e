using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.Transfers;

/// <summary>
/// GET /api/v1/development/transfers — the 转出 of development cases into the subtree of the organization in scope
/// (direction=in, the default: 待接收的发展对象转入) or out of it (direction=out), waiting ones unless all=true; each with
/// the person (ID number masked), the steps recorded so far with their dates, the number of scans, and whether the
/// caller may decide it (receiving side) or withdraw it (sending side).
/// </summary>
public sealed class ListDevelopmentTransfers(AppDbContext db, UserContext user)
{
    public sealed record StepLine(string Step, string Name, DateOnly On);

    public sealed record Item(
        DevelopmentTransfers.View Transfer, string Name, string IdNumber, string Gender, DateOnly BirthDate, DateOnly AppliedOn, DevelopmentState CaseState,
        IReadOnlyList<StepLine> Steps, int Documents, bool CanDecide, bool CanWithdraw);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/development/transfers", async (string? direction, bool? all, ListDevelopmentTransfers handler, CancellationToken ct) =>
                direction is null or "in" or "out"
                    ? Results.Ok(await handler.Handle(direction != "out", all == true, ct))
                    : Result.Invalid("direction", "direction 应为 in（转入）或 out（转出）").ToHttp())
           .Require(Permission.DevelopmentRead)
           .WithSummary("发展党员档案转出转入（org；direction：in 转入本组织及下级，默认，或 out 转出；all=true 含已办结）")
           .Produces<IReadOnlyList<Item>>().ProducesValidationProblem();

    /// <summary>The transfers into (or out of) the current organization's subtree (authorized by the caller: DevelopmentRead).</summary>
    public async Task<IReadOnlyList<Item>> Handle(bool incoming, bool all, CancellationToken ct = default)
    {
        var orgIds = db.UnderOrg(user.CurrentOrg!).Select(o => o.Id);
        var q = db.Set<DevelopmentTransfer>().AsNoTracking().Where(t => orgIds.Contains(incoming ? t.OrgId : t.FromOrgId));
        if (!all) q = q.Where(t => t.State == DevelopmentTransferState.待接收);
        var ts = await q.OrderByDescending(t => t.Id).Take(200).ToListAsync(ct);
        if (ts.Count == 0) return [];
        var views = await DevelopmentTransfers.ViewsAsync(db, ts, ct);
        var caseIds = ts.Select(t => t.CaseId).ToList();
        var cases = await db.Set<DevelopmentCase>().AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var steps = (await db.Set<DevelopmentStep>().AsNoTracking().Where(s => caseIds.Contains(s.CaseId)).OrderBy(s => s.Id).ToListAsync(ct))
            .GroupBy(s => s.CaseId).ToDictionary(g => g.Key, g => DevelopmentFacts.Timeline(g.ToList()));
        // the scans of a case: on the old case while it waits, on the new one once accepted
        var documentCases = caseIds.Concat(ts.Where(t => t.NewCaseId != null).Select(t => t.NewCaseId!.Value)).ToList();
        var documents = await db.Set<DevelopmentDocument>().AsNoTracking().Where(d => documentCases.Contains(d.CaseId))
            .GroupBy(d => d.CaseId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var grants = await user.GrantsAsync(ct);
        var paths = await db.Organizations.AsNoTracking().Where(o => ts.Select(t => t.OrgId).Concat(ts.Select(t => t.FromOrgId)).Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Path, ct);
        return views.Select(v =>
        {
            var c = cases[v.CaseId];
            var waiting = v.State == DevelopmentTransferState.待接收;
            return new Item(v, c.Name, Masking.IdNumber(c.IdNumber), c.Gender.ToString(), c.BirthDate, c.AppliedOn, c.State,
                [.. (steps.GetValueOrDefault(c.Id) ?? []).Select(r => new StepLine(r.Version.Step, DevelopmentSteps.Get(r.Version.Step).Name, r.Version.On))],
                documents.GetValueOrDefault(v.NewCaseId ?? c.Id),
                waiting && Access.Allows(grants, Permission.DevelopmentManage, paths[v.ToOrgId]),
                waiting && Access.Allows(grants, Permission.DevelopmentManage, paths[v.FromOrgId]));
        }).ToList();
    }
}
