using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>
/// Dissolves an organization (撤销): only when it has no active children and no members; the row stays (已撤销)
/// with its history, current 联系点 links to or from it end,
/// and role grants on it are withdrawn (<see cref="OrgGrants"/>).
/// </summary>
public sealed class DissolveOrganization(AppDbContext db, AuditActor actor, TimeProvider clock)
{
    public sealed record Request(string? Reason, string? ApprovalNo);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/organizations/{id:long}/dissolve", async (long id, Request req, DissolveOrganization handler, AppDbContext db, CancellationToken ct) =>
                await (await handler.Handle(id, req, ct)).ToHttpAsync(async () => Results.Ok(await GetOrganization.LoadAsync(db, id, ct))))
           .Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("撤销组织（须无在册下级组织和党员；reason、approvalNo 必填）")
           .Produces<GetOrganization.Response>().ProducesValidationProblem();

    /// <summary>The organization was authorized by the caller (OrgManage). Refusals come under "org".</summary>
    public async Task<Result> Handle(long orgId, Request req, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        OrgLifecycleRules.CheckReason(req.Reason, req.ApprovalNo, approvalRequired: true, errors);
        if (errors.Count > 0) return Result.Invalid(errors);

        await using var tx = await db.BeginTreeChangeAsync([orgId], ct);
        var org = await db.Organizations.FirstAsync(o => o.Id == orgId, ct);
        var children = await db.Organizations.Where(o => o.ParentId == orgId && o.Status == OrgStatus.正常)
            .OrderBy(o => o.SortOrder).ThenBy(o => o.Id).Select(o => o.Name).ToListAsync(ct);
        var members = await db.Members.CountAsync(m => m.OrgId == orgId, ct);
        if (OrgLifecycleRules.CheckDissolve(org, children, members) is { } refused) return Result.Invalid("org", refused);

        org.Status = OrgStatus.已撤销;
        var now = clock.GetUtcNow();
        org.DissolvedAt = now;
        await Liaison.EndForAsync(db, org.Id, $"{org.Name}已撤销", ChineseDates.DayOf(now), ct);
        await OrgGrants.RevokeOnAsync(db, org, $"{org.Name}已撤销（{req.ApprovalNo!.Trim()}）", now, ct);
        db.AddHistory(actor, org.Id, OrgHistoryAction.撤销, org.Name, null, null, req.Reason!.Trim(), req.ApprovalNo, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
