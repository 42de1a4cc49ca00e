using Bastion.Data;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Admin;

/// <summary>Disables or re-enables an account. Disabling changes the security stamp and revokes API tokens,
/// so live sessions stop working at their next request.</summary>
public sealed class SetAccountDisabled(UserManager<AppUser> users, AppDbContext db, UserContext current, TimeProvider clock)
{
    public async Task<Result> Handle(long userId, bool disabled)
    {
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null) return Result.NotFound("账号不存在");
        if (disabled && user.Id == current.UserId) return Result.Conflict("不能停用自己的账号");
        await using var tx = await db.Database.BeginTransactionAsync();
        user.IsDisabled = disabled;
        await users.UpdateAsync(user);
        if (disabled)
        {
            await users.UpdateSecurityStampAsync(user);
            var now = clock.GetUtcNow();
            foreach (var t in await db.ApiTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null && t.ExpiresAt > now).ToListAsync()) t.RevokedAt = now;
            await UserSessions.EndAllAsync(db, user.Id, "disabled", now);
            await db.SaveChangesAsync();
        }
        await tx.CommitAsync();
        return Result.Ok;
    }
}
