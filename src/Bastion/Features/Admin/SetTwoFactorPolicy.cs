using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Admin;

/// <summary>
/// The 安全管理员 sets which roles must sign in with two factors (安全策略); <see cref="Roles.RequiresTwoFactor"/> applies it
/// at every page and token request. The policy rows are audited by the audit trail.
/// </summary>
public sealed class SetTwoFactorPolicy(AppDbContext db, TimeProvider clock)
{
    public async Task<Result> Handle(IReadOnlyCollection<Role> required, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        foreach (var p in await db.RolePolicies.ToListAsync(ct))
        {
            var want = required.Contains(p.Role);
            if (p.RequireTwoFactor != want) { p.RequireTwoFactor = want; p.UpdatedAt = now; }
        }
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
