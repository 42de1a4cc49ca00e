using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>
/// Scope of transfers. Lists go through the subtree filter on either side (the file-keeping organization, or the
/// receiving one); use cases addressed by an id in a body check the permission against that row's organization.
/// </summary>
public static class TransferScope
{
    /// <summary>Transfers kept by an organization in the subtree (the sender's side, or the receiver of a 转入).</summary>
    public static IQueryable<MemberTransfer> TransfersKeptUnder(this AppDbContext db, Organization org)
    {
        var orgIds = db.UnderOrg(org).Select(o => o.Id);
        return db.MemberTransfers.Where(t => orgIds.Contains(t.OrgId));
    }

    /// <summary>Transfers whose receiving organization lies in the subtree.</summary>
    public static IQueryable<MemberTransfer> TransfersReceivedUnder(this AppDbContext db, Organization org)
    {
        var orgIds = db.UnderOrg(org).Select(o => o.Id);
        return db.MemberTransfers.Where(t => t.ToOrgId != null && orgIds.Contains(t.ToOrgId.Value));
    }

    public sealed record MemberInScope(Member Member, Organization Org);

    /// <summary>
    /// A member and their organization when the caller holds the permission there: NotFound when missing or out of the
    /// caller's sight, Forbidden when only seen.
    /// </summary>
    public static async Task<Result<MemberInScope>> MemberAsync(AppDbContext db, UserContext user, long? memberId, Permission permission, CancellationToken ct)
    {
        var m = memberId is { } id ? await db.Members.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) : null;
        if (m is null) return Result.NotFound(MemberMissing);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == m.OrgId, ct);
        if (await user.HasAsync(permission, org, ct)) return new MemberInScope(m, org);
        return Access.Allows(await user.GrantsAsync(ct), Access.ReadOf(permission), org.Path)
            ? Result.Forbidden("该党员不在您的管理范围内。") : Result.NotFound(MemberMissing);
    }

    private const string MemberMissing = "党员不存在。";

    /// <summary>Why a member cannot start a transfer now (one under way, or already out of the platform), or null.</summary>
    public static async Task<string?> BusyAsync(AppDbContext db, Member m, CancellationToken ct)
    {
        if (m.PartyStatus == PartyStatus.出党) return "该党员党籍状态为“出党”，不能转接组织关系";
        var busy = await db.MemberTransfers.AsNoTracking()
            .Where(t => t.MemberId == m.Id).Where(TransfersDb.UnderWay)
            .Select(t => (TransferState?)t.State).FirstOrDefaultAsync(ct);
        return busy switch
        {
            TransferState.待接收 => "该党员已有待接收的组织关系转接，不能重复发起",
            TransferState.已转出 => "该党员的组织关系已转出，不能再次发起转接",
            _ => null,
        };
    }

    public const string BusyConflict = "该党员已有正在办理的组织关系转接，不能重复发起";

    /// <summary>
    /// Accounts that may act for an organization (MemberManage, or the permission given, on it or on an ancestor): told
    /// of a transfer waiting for them.
    /// </summary>
    public static async Task NotifyManagersAsync(AppDbContext db, Organization org, string title, string body, string url, DateTimeOffset now, CancellationToken ct,
        Permission permission = Permission.MemberManage)
    {
        var ids = TransfersDb.SelfAndAncestors(org);
        var roles = Roles.All.Where(r => Roles.IsScoped(r) && Roles.PermissionsOf(r).Contains(permission)).ToList();
        var users = await db.RoleGrants.AsNoTracking().Where(g => g.OrgId != null && ids.Contains(g.OrgId.Value) && roles.Contains(g.Role))
            .Select(g => g.UserId).Distinct().ToListAsync(ct);
        foreach (var u in users)
            db.Notifications.Add(new Notification { UserId = u, OrgId = org.Id, Title = title, Body = body, Url = url, CreatedAt = now });
    }

    /// <summary>Tells the account that started a transfer what became of it.</summary>
    public static async Task NotifyStarterAsync(AppDbContext db, MemberTransfer t, string title, string body, DateTimeOffset now, CancellationToken ct)
    {
        if (t.CreatedBy is null) return;
        var starter = await db.Users.AsNoTracking().Where(u => u.UserName == t.CreatedBy).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct);
        if (starter is { } id)
            db.Notifications.Add(new Notification { UserId = id, OrgId = t.OrgId, Title = title, Body = body, Url = "/Transfers?tab=out", CreatedAt = now });
    }
}
