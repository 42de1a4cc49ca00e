using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>Creates a child organization under an authorized parent, with a 新建 row in its history.</summary>
public sealed class CreateOrganization(AppDbContext db, AuditActor actor, TimeProvider clock)
{
    /// <summary>Reason and 批准文号 are optional here (the history says "新设立组织" when no reason is given).</summary>
    public sealed record Request(string? Name, string? Type, string? Reason = null, string? ApprovalNo = null);
    public sealed record Created(long Id, string Name, string Type, long ParentId, string Path);

    public const string DefaultReason = "新设立组织";

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/organizations/{parentId:long}/children",
                async (long parentId, Request req, CreateOrganization handler) =>
                (await handler.Handle(parentId, req)).ToHttp(created => Results.Created($"/api/v1/organizations/{created.Id}", created)))
           .Require(Permission.OrgManage, OrgFrom.Route, "parentId")
           .WithSummary("新建下级组织").Produces<Created>(201).ProducesValidationProblem();

    /// <summary>The parent was authorized by the caller's endpoint; returns the new organization or field errors.</summary>
    public async Task<Result<Created>> Handle(long parentId, Request req, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var name = (req.Name ?? "").Trim();
        if (OrgLifecycleRules.CheckName(name) is { } badName) errors["name"] = [badName];
        OrgType? type = Enum.TryParse<OrgType>(req.Type?.Trim(), out var t) && Enum.IsDefined(t) && !int.TryParse(req.Type, out _) ? t : null;
        if (type is null) errors["type"] = ["请选择组织类型（党委、党总支、党支部、联合党支部、临时党支部、党小组）"];
        if (!string.IsNullOrWhiteSpace(req.Reason) || !string.IsNullOrWhiteSpace(req.ApprovalNo))
            OrgLifecycleRules.CheckReason(string.IsNullOrWhiteSpace(req.Reason) ? DefaultReason : req.Reason, req.ApprovalNo, approvalRequired: false, errors);

        await using var tx = await db.BeginTreeChangeAsync([parentId], ct);
        var parent = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == parentId, ct);
        if (parent is null) errors["parentId"] = ["上级组织不存在"];
        else if (parent.Status != OrgStatus.正常) errors["parentId"] = ["上级组织已撤销，不能新建下级组织"];
        else if (type is { } tt && !OrgRules.CanBeChildOf(tt, parent.Type)) errors["type"] = [$"{parent.Type}下不能设立{tt}"];
        if (parent is not null && name.Length > 0 && await db.SiblingNameTakenAsync(parentId, name, null, ct))
            errors["name"] = ["同一上级组织下已有同名组织"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var id = await db.NextOrganizationIdAsync(ct);
        var org = new Organization
        {
            Id = id, Name = name, Type = type!.Value, ParentId = parentId, Path = OrgRules.ChildPath(parent!.Path, id),
            SortOrder = await MoveOrganization.NextSortOrderAsync(db, parentId, ct), CreatedAt = clock.GetUtcNow(),
        };
        db.Organizations.Add(org);
        db.AddHistory(actor, id, OrgHistoryAction.新建, null, $"{name}（{org.Type}）", parentId,
            string.IsNullOrWhiteSpace(req.Reason) ? DefaultReason : req.Reason.Trim(), req.ApprovalNo, org.CreatedAt);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Created(org.Id, org.Name, org.Type.ToString(), parentId, org.Path);
    }
}
