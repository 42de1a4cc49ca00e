using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Admin;

/// <summary>
/// The 安全管理员 grants a role to an account: the separation of the three administrator duties (三员分立), the scope a
/// business role needs and the organization types each role fits (<see cref="Roles.CheckScope"/>) are enforced here.
/// The grant row is audited by the audit trail (<see cref="AuditClassification"/>) in the same save.
/// </summary>
public sealed class GrantRole(AppDbContext db, UserContext current, TimeProvider clock)
{
    public sealed record Request(long? UserId, Role Role, long? OrgId);

    /// <summary>Ok, or Invalid on the form ("") with the Chinese reason.</summary>
    public async Task<Result> Handle(Request req, CancellationToken ct = default)
    {
        if (await RefusalAsync(req, ct) is { } why) return Result.Invalid("", why);
        db.RoleGrants.Add(new RoleGrant { UserId = req.UserId!.Value, Role = req.Role, OrgId = req.OrgId, GrantedAt = clock.GetUtcNow(), GrantedBy = current.UserId });
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    private async Task<string?> RefusalAsync(Request req, CancellationToken ct)
    {
        var (userId, role, orgId) = req;
        if (userId is null || !await db.Users.AnyAsync(u => u.Id == userId, ct)) return "请选择账号";
        if (!Enum.IsDefined(role)) return "请选择角色";
        if (Roles.IsAdministrator(role) && orgId is not null) return "管理员角色不限组织，请不要选择授权范围";
        if (Roles.IsScoped(role))
        {
            if (orgId is null) return "业务角色必须选择授权范围（组织）";
            var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
            if (org is null) return "组织不存在";
            if (org.Status != OrgStatus.正常) return $"{org.Name}已撤销，不能在其上授权";
            if (Roles.CheckScope(role, org.Type) is { } misfit) return $"{misfit}（{org.Name}）";
        }
        if (Roles.IsAdministrator(role) && await db.Users.AnyAsync(u => u.Id == userId && u.MemberId != null, ct))
            return $"三员分立：已关联党员的账号不能担任{Roles.Display(role)}";
        var held = await db.RoleGrants.Where(g => g.UserId == userId).Select(g => g.Role).ToListAsync(ct);
        if (Roles.CheckCombination(held.Append(role)) is { } conflict) return conflict;
        if (await db.RoleGrants.AnyAsync(g => g.UserId == userId && g.Role == role && g.OrgId == orgId, ct)) return "该账号已拥有此授权";
        return null;
    }
}
