using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>
/// Renames an organization (更名). The new name stays unique among its active siblings; the change is kept in the
/// organization's history (组织沿革) with its reason and optional 批准文号, in the same transaction.
/// </summary>
public sealed class RenameOrganization(AppDbContext db, AuditActor actor, TimeProvider clock)
{
    public sealed record Request(string? Name, string? Reason, string? ApprovalNo);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPatch("/organizations/{id:long}", async (long id, Request req, RenameOrganization handler, AppDbContext db, CancellationToken ct) =>
                await (await handler.Handle(id, req, ct)).ToHttpAsync(async () => Results.Ok(await GetOrganization.LoadAsync(db, id, ct))))
           .Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("组织更名（name、reason 必填，approvalNo 可选）").Produces<GetOrganization.Response>().ProducesValidationProblem();

    /// <summary>The organization was authorized by the caller (OrgManage). Field errors come under "name", "reason", "approvalNo".</summary>
    public async Task<Result> Handle(long orgId, Request req, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (OrgLifecycleRules.CheckName(req.Name) is { } bad) errors["name"] = [bad];
        OrgLifecycleRules.CheckReason(req.Reason, req.ApprovalNo, approvalRequired: false, errors);
        if (errors.Count > 0) return Result.Invalid(errors);
        var name = req.Name!.Trim();

        await using var tx = await db.BeginTreeChangeAsync([orgId], ct);
        var org = await db.Organizations.FirstAsync(o => o.Id == orgId, ct);
        if (org.Status != OrgStatus.正常) return Result.Invalid("name", "已撤销的组织不能更名");
        if (org.Name == name) return Result.Invalid("name", "新名称与现名称相同");
        if (await db.SiblingNameTakenAsync(org.ParentId, name, org.Id, ct)) return Result.Invalid("name", "同一上级组织下已有同名组织");

        db.AddHistory(actor, org.Id, OrgHistoryAction.更名, org.Name, name, null, req.Reason!.Trim(), req.ApprovalNo, clock.GetUtcNow());
        org.Name = name;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
