using Bastion.Data;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Identity;

namespace Bastion.Features.Admin;

/// <summary>The 安全管理员 unlocks an account locked after failed sign-ins.</summary>
public sealed class UnlockAccount(AppDbContext db, UserManager<AppUser> users)
{
    /// <summary>The account's user name; NotFound when there is no such account.</summary>
    public async Task<Result<string>> Handle(long userId, CancellationToken ct = default)
    {
        var u = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (u is null) return Result.NotFound();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await users.SetLockoutEndDateAsync(u, null);
        await users.ResetAccessFailedCountAsync(u);
        await tx.CommitAsync(ct);
        return u.UserName ?? "";
    }
}
