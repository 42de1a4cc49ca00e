using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>Renames an organization (更名); the name stays unique among its active siblings; history kept.</summary>
public sealed class RenameOrganization(AppDbContext db, AuditActor actor)
{
    public sealed record Request(string? Name, string? Reason, string? ApprovalNo);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPatch("/organizations/{id:long}", async (long id, Request req, RenameOrganization handler, AppDbContext db, CancellationToken ct) =>
                await (await handler.Handle(id, req, ct)).ToHttpAsync(async () => Results.Ok(await GetOrganization.LoadAsync(db, id, ct))))
           .Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("组织更名（name、reason 必填，approvalNo 可选）").Produces<GetOrganization.Response>().ProducesValidationProblem();

    /// <summary>The organization was authorized by the caller (OrgManage).</summary>
    public async Task<OrgCommand> Handle(long orgId, Request req, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (OrgLifecycleRules.CheckName(req.Name) is { } bad) errors["name"] = [bad];
        OrgLifecycleRules.CheckReason(req.Reason, req.ApprovalNo, approvalRequired: false, errors);
        if (errors.Count > 0) return OrgCommand.Invalid(errors);
        var name = req.Name!.Trim();

        await using var tx = await db.BeginTreeChangeAsync([orgId], ct);
        var org = await db.Organizations.FirstAsync(o => o.Id == orgId, ct);
        if (org.Status != OrgStatus.正常) return OrgCommand.Error("name", "已撤销的组织不能更名");
        if (org.Name == name) return OrgCommand.Error("name", "新名称与现名称相同");
        if (await db.SiblingNameTakenAsync(org.ParentId, name, org.Id, ct)) return OrgCommand.Error("name", "同一上级组织下已有同名组织");

        db.AddHistory(actor, org.Id, OrgHistoryAction.更名, org.Name, name, null, req.Reason!.Trim(), req.ApprovalNo);
        org.Name = name;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return OrgCommand.Done;
    }
}
