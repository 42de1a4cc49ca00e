using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Web;

/// <summary>
/// The one "home of this user" rule: where the logo, the 首页 breadcrumb, the sign-in redirect and the error page's
/// 返回首页 lead. Always a page the account may open:
/// a business role (党委管理员, 巡察, 纪检, 支部书记/支委) → 工作台 "/"; an administrator duty → its own page
/// (系统管理员 → 账号管理, 安全管理员 → 角色授权, 审计管理员 → 审计日志); a 普通党员, or any other account with a linked
/// 党员档案 → the personal home <see cref="Personal"/>; an account with neither → 消息通知.
/// </summary>
public static class Home
{
    public const string Workbench = "/";
    /// <summary>我的: the member's own next meeting, leave, attendance and notifications.</summary>
    public const string Personal = "/Me/Home";
    public const string Fallback = "/Notifications";

    /// <summary>The page of each administrator duty (三员分立: never the 工作台 of business figures).</summary>
    public static readonly IReadOnlyDictionary<Role, string> OfAdministrator = new Dictionary<Role, string>
    {
        [Role.SystemAdmin] = "/Admin/Users",
        [Role.SecurityAdmin] = "/Admin/Grants",
        [Role.AuditAdmin] = "/Audit",
    };

    /// <summary>Business roles: every scoped role but 普通党员, which has the personal home instead.</summary>
    public static bool IsBusiness(Role r) => Roles.IsScoped(r) && r != Role.Member && Roles.PermissionsOf(r).Contains(Permission.DashboardView);

    /// <summary>The home of an account holding <paramref name="roles"/>, with or without a linked member record.</summary>
    public static string Of(IEnumerable<Role> roles, bool hasMember)
    {
        var held = roles.ToHashSet();
        if (held.Any(IsBusiness)) return Workbench;
        foreach (var (role, url) in OfAdministrator)
            if (held.Contains(role)) return url;
        if (held.Contains(Role.Member) || hasMember) return Personal;
        return Fallback;
    }

    /// <summary>The home of the signed-in account of this request ("/" when signed out: the sign-in page).</summary>
    public static async Task<string> OfAsync(UserContext user, CancellationToken ct = default)
    {
        if (!user.IsSignedIn) return Workbench;
        return Of(await user.RolesAsync(ct), await user.MemberIdAsync(ct) is not null);
    }

    /// <summary>The home of an account just signed in (its cookie is not on this request yet).</summary>
    public static async Task<string> OfUserAsync(AppDbContext db, long userId, CancellationToken ct = default)
    {
        var roles = await db.RoleGrants.AsNoTracking().Where(g => g.UserId == userId).Select(g => g.Role).ToListAsync(ct);
        var member = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.MemberId).FirstOrDefaultAsync(ct);
        return Of(roles, member is not null);
    }
}
