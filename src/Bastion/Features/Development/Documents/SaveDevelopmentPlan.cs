using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.Documents;

/// <summary>
/// PUT /api/v1/development/plan?org= — the 党委's administrators set the year's development plan: the organization's
/// number and, optionally, each branch's share (a branch left empty has none). The shares may not add up to more than
/// the total; a branch sent without a number loses its share. One transaction; the rows are audited as entity changes.
/// </summary>
public sealed class SaveDevelopmentPlan(AppDbContext db, UserContext user, AuditActor actor, TimeProvider clock)
{
    public const int MaxPlanned = 100000;

    public sealed record BranchShare(long? OrgId, int? Planned);

    public sealed record Request(int? Year, int? Planned, IReadOnlyList<BranchShare>? Branches);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/development/plan", async (Request req, SaveDevelopmentPlan h, GetDevelopmentPlan get, CancellationToken ct) =>
                await (await h.Handle(req, ct)).ToHttpAsync(async () => (await get.Handle(req.Year, ct)).ToHttp()))
           .Require(Permission.DevelopmentApprove)
           .WithSummary("设置年度发展党员计划（org；year、planned 必填；branches：[{orgId, planned}] 各支部计划，可选）")
           .Produces<GetDevelopmentPlan.Response>().ProducesValidationProblem();

    /// <summary>For the current organization (authorized by the caller: DevelopmentApprove). Errors under "year", "planned", "branches".</summary>
    public async Task<Result> Handle(Request req, CancellationToken ct = default)
    {
        var org = user.CurrentOrg!;
        var today = clock.Today();
        var errors = new Dictionary<string, string[]>();
        if (req.Year is not { } year || year < 2000 || year > today.Year + 1) errors["year"] = [$"年度应在2000年至{today.Year + 1}年之间"];
        if (req.Planned is not { } planned || planned < 0 || planned > MaxPlanned) errors["planned"] = [$"计划发展人数应为0至{MaxPlanned}的整数"];
        if (OrgRules.IsBranch(org.Type)) errors["planned"] = ["年度发展计划由党委（党总支）制定，请切换到党委"];
        var shares = (req.Branches ?? []).Where(b => b.Planned is not null).ToList();
        if (shares.Any(b => b.OrgId is null || b.Planned < 0 || b.Planned > MaxPlanned)) errors["branches"] = [$"各支部计划应为0至{MaxPlanned}的整数"];
        else if (shares.GroupBy(b => b.OrgId).Any(g => g.Count() > 1)) errors["branches"] = ["同一支部只能填写一个计划数"];
        else if (req.Planned is { } p && shares.Sum(b => b.Planned!.Value) is var sum && sum > p)
            errors["branches"] = [$"各支部计划之和（{sum}人）超过本级计划（{p}人）"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var y = req.Year!.Value;
        var cleared = (req.Branches ?? []).Where(b => b.Planned is null && b.OrgId is not null).Select(b => b.OrgId!.Value).ToList();
        var ids = shares.Select(b => b.OrgId!.Value).Concat(cleared).Distinct().ToList();
        var branches = await db.UnderOrg(org).Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Type }).ToListAsync(ct);
        if (branches.Count != ids.Count || branches.Any(b => !OrgRules.IsBranch(b.Type)))
            return Result.Invalid("branches", $"只能为{org.Name}下属的党支部填写计划");
        if (branches.Any(b => shares.Any(s => s.OrgId == b.Id) && !OrgCapabilities.Can(b.Type, OrgStatus.正常, OrgCapability.发展党员)))
            return Result.Invalid("branches", "临时党支部不能发展党员，不列入发展计划");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var touched = ids.Append(org.Id).ToList();
        var existing = await db.Set<DevelopmentPlan>().Where(x => x.Year == y && touched.Contains(x.OrgId)).ToListAsync(ct);
        void Set(long orgId, int n)
        {
            var row = existing.FirstOrDefault(x => x.OrgId == orgId);
            if (row is null) db.Add(new DevelopmentPlan { OrgId = orgId, Year = y, Planned = n, UpdatedAt = now, UpdatedBy = actor.UserName });
            else if (row.Planned != n) { row.Planned = n; row.UpdatedAt = now; row.UpdatedBy = actor.UserName; }
        }
        Set(org.Id, req.Planned!.Value);
        foreach (var b in shares) Set(b.OrgId!.Value, b.Planned!.Value);
        // a branch whose share was left empty no longer has one
        db.RemoveRange(existing.Where(x => cleared.Contains(x.OrgId) && !shares.Any(b => b.OrgId == x.OrgId)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
