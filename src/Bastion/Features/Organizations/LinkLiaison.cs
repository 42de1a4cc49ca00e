using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>
/// Links a member of a committee's leadership team to one branch (联系点). A person has one current link per
/// leadership team: linking again ends the current link on the new link's date and starts a new one.
/// </summary>
public sealed class LinkLiaison(AppDbContext db, AuditActor actor, TimeProvider clock)
{
    /// <summary>The person by name, optionally tied to an account (by user name) and a member record.</summary>
    public sealed record Request(string? PersonName, string? Post, long? BranchId, string? UserName, long? MemberId, DateOnly? LinkedOn);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/organizations/{id:long}/liaisons", async (long id, Request body, UserContext user, LinkLiaison handler, AppDbContext db, CancellationToken ct) =>
                await (await handler.Handle(user.CurrentOrg!, body, ct)).ToHttpAsync(async () =>
                    Results.Created($"/api/v1/organizations/{id}/liaisons", await ListLiaisons.LoadAsync(db, id, ct))))
           .Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("设置联系点（id 为党委；personName、branchId 必填，post、userName、linkedOn 可选）").Produces<ListLiaisons.Liaisons>(201).ProducesValidationProblem();

    /// <summary>The committee was authorized by the caller (OrgManage); the branch must lie below it.</summary>
    public async Task<Result> Handle(Organization committee, Request req, CancellationToken ct = default)
    {
        var today = clock.Today();
        if (!OrgRules.IsCommittee(committee.Type) || committee.Status != OrgStatus.正常)
            return Result.Invalid("branchId", "只有在册的党委、党总支可以设置领导班子成员联系点");
        var errors = new Dictionary<string, string[]>();
        var name = req.PersonName?.Trim() ?? "";
        if (name.Length == 0) errors["personName"] = ["请填写领导班子成员姓名"];
        else if (name.Length > OrgLifecycleRules.PersonNameMax) errors["personName"] = [$"姓名不能超过{OrgLifecycleRules.PersonNameMax}个字"];
        var post = string.IsNullOrWhiteSpace(req.Post) ? null : req.Post.Trim();
        if (post?.Length > OrgLifecycleRules.PostMax) errors["post"] = [$"职务不能超过{OrgLifecycleRules.PostMax}个字"];
        var linkedOn = req.LinkedOn ?? today;
        if (linkedOn > today) errors["linkedOn"] = ["联系日期不能晚于今天"];

        Organization? branch = null;
        if (req.BranchId is null) errors["branchId"] = ["请选择联系的党支部"];
        else
        {
            branch = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == req.BranchId, ct);
            if (branch is null || branch.Id == committee.Id || !OrgRules.IsWithin(branch.Path, committee.Path) || !OrgRules.IsBranch(branch.Type))
                errors["branchId"] = [$"请选择{committee.Name}下属的党支部"];
            else if (branch.Status != OrgStatus.正常) errors["branchId"] = [$"{branch.Name}已撤销"];
        }

        long? userId = null;
        if (!string.IsNullOrWhiteSpace(req.UserName))
        {
            var normalized = req.UserName.Trim().ToUpperInvariant();
            userId = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct);
            if (userId is null) errors["userName"] = ["没有这个账号"];
        }
        var subtreeMembers = db.Members.Where(m => db.UnderOrg(committee).Select(o => o.Id).Contains(m.OrgId));
        long? memberId = null;
        if (req.MemberId is { } mid)
        {
            memberId = await subtreeMembers.Where(m => m.Id == mid).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
            if (memberId is null) errors["memberId"] = [$"所选党员不在{committee.Name}"];
        }
        else if (name.Length > 0)
        {
            // a name that matches exactly one member of the committee's subtree is linked to that member
            var matches = await subtreeMembers.Where(m => m.Name == name).Select(m => m.Id).Take(2).ToListAsync(ct);
            if (matches.Count == 1) memberId = matches[0];
        }
        if (errors.Count > 0) return Result.Invalid(errors);

        await using var tx = await db.BeginTreeChangeAsync([committee.Id, branch!.Id], ct);
        var current = await db.LiaisonLinks.Where(l => l.CommitteeOrgId == committee.Id && l.EndedOn == null
                && (l.PersonName == name || (userId != null && l.UserId == userId) || (memberId != null && l.MemberId == memberId)))
            .ToListAsync(ct);
        if (current.Any(l => l.OrgId == branch.Id)) return Result.Invalid("branchId", $"{name}已联系{branch.Name}");
        foreach (var l in current)
        {
            if (linkedOn < l.LinkedOn) return Result.Invalid("linkedOn", $"联系日期不能早于原联系点的开始日期（{ChineseDates.Date(l.LinkedOn)}）");
            l.EndedOn = linkedOn;
            l.EndReason = $"改为联系{branch.Name}";
        }
        if (current.Count > 0) await db.SaveChangesAsync(ct);
        db.LiaisonLinks.Add(new LiaisonLink
        {
            OrgId = branch.Id, CommitteeOrgId = committee.Id, PersonName = name, Post = post, UserId = userId, MemberId = memberId,
            LinkedOn = linkedOn, CreatedBy = actor.UserName, CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
