using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>
/// Merges an organization into another (合并) in one transaction: the source's members and active children move
/// into the target, the source becomes 已撤销 pointing at the target, and both keep the history;
/// grants on the source are withdrawn (<see cref="OrgGrants"/>).
/// </summary>
public sealed class MergeOrganization(AppDbContext db, UserContext user, AuditActor actor, TimeProvider clock)
{
    public sealed record Request(long? TargetId, string? Reason, string? ApprovalNo);
    public sealed record Merged(long Id, long TargetId, int MovedMembers, int MovedChildren);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/organizations/{id:long}/merge", async (long id, Request req, MergeOrganization handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp())
           .Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("合并到其他组织（党员和下级组织并入目标组织，本组织撤销；须对目标组织也有管理权限）")
           .Produces<Merged>().ProducesValidationProblem().ProducesProblem(403);

    /// <summary>The source was authorized by the caller (OrgManage); the target is checked here.</summary>
    public async Task<Result<Merged>> Handle(long sourceId, Request req, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (req.TargetId is null) errors["targetId"] = ["请选择合并到的组织"];
        OrgLifecycleRules.CheckReason(req.Reason, req.ApprovalNo, approvalRequired: true, errors);
        if (errors.Count > 0) return Result.Invalid(errors);
        var reason = req.Reason!.Trim();
        var approvalNo = req.ApprovalNo!.Trim();

        await using var tx = await db.BeginTreeChangeAsync([sourceId, req.TargetId!.Value], ct);
        var source = await db.Organizations.FirstAsync(o => o.Id == sourceId, ct);
        var target = await db.Organizations.FirstOrDefaultAsync(o => o.Id == req.TargetId, ct);
        if (target is null) return Result.Invalid("targetId", "目标组织不存在");
        if (!await user.HasAsync(Permission.OrgManage, target, ct)) return Result.Forbidden($"您对{target.Name}没有管理权限，不能将组织合并到其中。");
        var children = await db.Organizations.Where(o => o.ParentId == source.Id && o.Status == OrgStatus.正常).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).ToListAsync(ct);
        if (OrgLifecycleRules.CheckMerge(source, target, children.Select(c => c.Type)) is { } refused) return Result.Invalid("targetId", refused);
        var names = children.Select(c => c.Name).ToList();
        var clashes = await db.Organizations.Where(o => o.ParentId == target.Id && o.Status == OrgStatus.正常 && names.Contains(o.Name)).Select(o => o.Name).ToListAsync(ct);
        if (clashes.Count > 0)
            return Result.Invalid("targetId", $"{target.Name}下已有同名组织：{string.Join("、", clashes)}，请先更名");

        var now = clock.GetUtcNow();
        var sort = await MoveOrganization.NextSortOrderAsync(db, target.Id, ct);
        foreach (var child in children)
        {
            await MoveOrganization.MoveUnderAsync(db, child, target, sort++, ct);
            db.AddHistory(actor, child.Id, OrgHistoryAction.调整隶属, source.Name, target.Name, target.Id,
                Cut($"随{source.Name}并入{target.Name}：{reason}"), approvalNo, now);
        }
        var members = await db.Members.Where(m => m.OrgId == source.Id).ToListAsync(ct);
        foreach (var m in members)
        {
            m.OrgId = target.Id;
            db.MemberChanges.Add(new MemberChange
            {
                MemberId = m.Id, OrgId = target.Id, Field = "所在党支部", OldValue = source.Name, NewValue = target.Name,
                Reason = Cut($"组织合并（{approvalNo}）：{reason}"), ChangedBy = actor.UserName, ChangedAt = now,
            });
        }
        await Liaison.EndForAsync(db, source.Id, $"{source.Name}已并入{target.Name}", ChineseDates.DayOf(now), ct);
        await OrgGrants.RevokeOnAsync(db, source, $"{source.Name}已并入{target.Name}（{approvalNo}）", now, ct);

        source.Status = OrgStatus.已撤销;
        source.DissolvedAt = now;
        source.MergedIntoId = target.Id;
        db.AddHistory(actor, source.Id, OrgHistoryAction.合并, source.Name, target.Name, target.Id, reason, approvalNo, now);
        db.AddHistory(actor, target.Id, OrgHistoryAction.合并, source.Name, target.Name, source.Id, reason, approvalNo, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Merged(source.Id, target.Id, members.Count, children.Count);
    }

    private static string Cut(string s) => s.Length <= OrgLifecycleRules.ReasonMax ? s : s[..OrgLifecycleRules.ReasonMax];
}
