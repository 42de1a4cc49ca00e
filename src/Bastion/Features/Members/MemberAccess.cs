using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// What accounts and members have in common: the 普通党员 grant that follows the link, the accounts a caller may
/// link, and <see cref="MemberAccountRules"/>' rule applied when a member leaves or moves. Tracked changes; callers save
/// in their own transaction.
/// </summary>
public static class MemberAccess
{
    /// <summary>
    /// Accounts the caller may link to a member: not linked, enabled, holding no administrator duty (三员分立) and no
    /// grant outside <paramref name="scopeOrgIds"/> (the organizations where the caller manages members — everywhere
    /// for the 系统管理员). A branch secretary thus never takes over an account that works elsewhere.
    /// </summary>
    public static IQueryable<AppUser> Linkable(AppDbContext db, IQueryable<long> scopeOrgIds) =>
        db.Users.Where(u => u.MemberId == null && !u.IsDisabled
                            && !db.RoleGrants.Any(g => g.UserId == u.Id && (g.OrgId == null || !scopeOrgIds.Contains(g.OrgId.Value))));

    /// <summary>The 普通党员 grant follows the link: exactly one, on the member's organization.</summary>
    public static async Task PlaceMemberGrantAsync(AppDbContext db, long userId, long orgId, long? by, DateTimeOffset now, CancellationToken ct)
    {
        // a member kept in a 党小组 is granted on its branch: 普通党员 fits only a branch (Roles.CheckScope)
        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == orgId).Select(o => new { o.Type, o.ParentId }).FirstAsync(ct);
        if (org.Type == OrgType.党小组 && org.ParentId is { } branchId) orgId = branchId;
        var held = await db.RoleGrants.Where(g => g.UserId == userId && g.Role == Role.Member).ToListAsync(ct);
        var keep = held.FirstOrDefault(g => g.OrgId == orgId);
        if (keep is null)
        {
            keep = held.FirstOrDefault();
            if (keep is null) db.RoleGrants.Add(keep = new RoleGrant { UserId = userId, Role = Role.Member, OrgId = orgId, GrantedAt = now, GrantedBy = by });
            else { keep.OrgId = orgId; keep.GrantedAt = now; keep.GrantedBy = by; }
        }
        db.RoleGrants.RemoveRange(held.Where(g => g != keep));
    }

    /// <summary>Disables the account: every session ends at its next request (the stamp changes) and its API tokens are revoked.</summary>
    public static async Task DisableAsync(AppDbContext db, AppUser u, DateTimeOffset now, CancellationToken ct)
    {
        u.IsDisabled = true;
        u.SecurityStamp = Guid.NewGuid().ToString("N");
        foreach (var t in await db.ApiTokens.Where(t => t.UserId == u.Id && t.RevokedAt == null && t.ExpiresAt > now).ToListAsync(ct)) t.RevokedAt = now;
    }

    /// <summary>
    /// Applies the access rule (<see cref="MemberAccountRules"/>) to the member's linked account, if any: moves its
    /// 普通党员 grant to <paramref name="to"/> or disables it. Audited as its own event besides the row changes.
    /// </summary>
    public static async Task ApplyAsync(AppDbContext db, long memberId, AccountAccessChange change, Organization? to, string because, DateTimeOffset now, CancellationToken ct)
    {
        if (change == AccountAccessChange.Keep) return;
        var account = await db.Users.FirstOrDefaultAsync(u => u.MemberId == memberId, ct);
        if (account is null) return;
        if (change == AccountAccessChange.MoveMemberGrant && to is not null)
        {
            await PlaceMemberGrantAsync(db, account.Id, to.Id, null, now, ct);
            AuditEvents.Add(db, "account.member_grant_moved", "users", account.Id, to.Id, new { memberId, because });
        }
        else if (change == AccountAccessChange.Disable && !account.IsDisabled)
        {
            await DisableAsync(db, account, now, ct);
            AuditEvents.Add(db, "account.disabled_on_leaving", "users", account.Id, null, new { memberId, because });
        }
    }
}
