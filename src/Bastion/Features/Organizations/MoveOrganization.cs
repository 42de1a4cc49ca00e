using System.Globalization;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>
/// Moves an organization with its whole subtree under a new parent (调整隶属关系) in one transaction: one UPDATE
/// rewrites every descendant's path; members stay with their organizations; history kept with the 批准文号.
/// </summary>
public sealed class MoveOrganization(AppDbContext db, UserContext user, AuditActor actor, TimeProvider clock)
{
    public sealed record Request(long? ParentId, string? Reason, string? ApprovalNo);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/organizations/{id:long}/move", async (long id, Request req, MoveOrganization handler, AppDbContext db, CancellationToken ct) =>
                await (await handler.Handle(id, req, ct)).ToHttpAsync(async () => Results.Ok(await GetOrganization.LoadAsync(db, id, ct))))
           .Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("调整隶属关系（整棵子树移到新的上级组织下；须对新上级组织也有管理权限）")
           .Produces<GetOrganization.Response>().ProducesValidationProblem().ProducesProblem(403);

    /// <summary>The organization was authorized by the caller (OrgManage); the new parent is checked here.</summary>
    public async Task<Result> Handle(long orgId, Request req, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (req.ParentId is null) errors["parentId"] = ["请选择新的上级组织"];
        OrgLifecycleRules.CheckReason(req.Reason, req.ApprovalNo, approvalRequired: true, errors);
        if (errors.Count > 0) return Result.Invalid(errors);

        await using var tx = await db.BeginTreeChangeAsync([orgId, req.ParentId!.Value], ct);
        var org = await db.Organizations.FirstAsync(o => o.Id == orgId, ct);
        var parent = await db.Organizations.FirstOrDefaultAsync(o => o.Id == req.ParentId, ct);
        if (parent is null) return Result.Invalid("parentId", "新的上级组织不存在");
        if (!await user.HasAsync(Permission.OrgManage, parent, ct)) return Result.Forbidden($"您对{parent.Name}没有管理权限，不能将组织调整到其下。");
        if (OrgLifecycleRules.CheckMove(org, parent) is { } refused) return Result.Invalid("parentId", refused);
        if (await db.SiblingNameTakenAsync(parent.Id, org.Name, org.Id, ct)) return Result.Invalid("parentId", $"{parent.Name}下已有同名组织“{org.Name}”，请先更名");

        var oldParentName = org.ParentId is null ? "（无上级）" : await db.Organizations.Where(o => o.Id == org.ParentId).Select(o => o.Name).FirstAsync(ct);
        await MoveUnderAsync(db, org, parent, await NextSortOrderAsync(db, parent.Id, ct), ct);
        db.AddHistory(actor, org.Id, OrgHistoryAction.调整隶属, oldParentName, parent.Name, parent.Id, req.Reason!.Trim(), req.ApprovalNo, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }

    /// <summary>
    /// Re-parents <paramref name="org"/> (tracked) under <paramref name="parent"/>: its descendants' paths in one UPDATE,
    /// recorded in the audit trail; the organization's own row is changed through the context (audited on save).
    /// Call inside <see cref="OrgDb.BeginTreeChangeAsync"/>.
    /// </summary>
    internal static async Task MoveUnderAsync(AppDbContext db, Organization org, Organization parent, int sortOrder, CancellationToken ct)
    {
        var oldPath = org.Path;
        var cut = oldPath.LastIndexOf('.');
        var oldParentPath = cut < 0 ? "" : oldPath[..cut];
        var newPath = OrgRules.ChildPath(parent.Path, org.Id);
        var moved = await db.MoveDescendantsAsync(org, oldParentPath, parent.Path, ct);
        if (moved > 0)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                Action = "update", Result = "success", Entity = "organizations", EntityId = org.Id.ToString(CultureInfo.InvariantCulture), OrgId = org.Id,
                Before = JsonSerializer.Serialize(new { subtree_path = oldPath }),
                After = JsonSerializer.Serialize(new { subtree_path = newPath, descendants_moved = moved }),
            });
        }
        org.ParentId = parent.Id;
        org.Path = newPath;
        org.SortOrder = sortOrder;
    }

    /// <summary>The sort order that places a new child last under the parent.</summary>
    internal static async Task<int> NextSortOrderAsync(AppDbContext db, long parentId, CancellationToken ct) =>
        (await db.Organizations.Where(o => o.ParentId == parentId).Select(o => (int?)o.SortOrder).MaxAsync(ct) ?? 0) + 1;
}
