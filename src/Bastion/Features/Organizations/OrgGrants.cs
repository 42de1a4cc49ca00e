using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>
/// Role grants made on an organization that is dissolved or merged away end with it: a grant on a 已撤销
/// organization would keep an account "responsible" for nothing, and authority does not pass to the merge target
/// by itself (the 安全管理员 grants it there if wanted). Each holder is told; the removal is audited with the change.
/// </summary>
public static class OrgGrants
{
    /// <summary>Removes the grants on the organization (caller saves in its transaction); returns how many.</summary>
    public static async Task<int> RevokeOnAsync(AppDbContext db, Organization org, string why, DateTimeOffset now, CancellationToken ct)
    {
        var grants = await db.RoleGrants.Where(g => g.OrgId == org.Id).ToListAsync(ct);
        foreach (var g in grants)
        {
            db.RoleGrants.Remove(g);
            db.Notifications.Add(new Notification
            {
                UserId = g.UserId, OrgId = org.Id, CreatedAt = now, Url = "/Notifications",
                Title = $"您在{org.Name}的“{Roles.Display(g.Role)}”授权已收回",
                Body = $"{why}。如需在其他组织继续工作，请联系安全管理员重新授权。",
            });
        }
        return grants.Count;
    }
}
