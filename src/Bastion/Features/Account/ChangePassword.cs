using Bastion.Data;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Identity;

namespace Bastion.Features.Account;

/// <summary>
/// The signed-in account changes its password (a one-time password must be changed so before anything else); the
/// change is a sign-in event in the same transaction. The page refreshes the sign-in cookie afterwards.
/// </summary>
public sealed class ChangePassword(UserManager<AppUser> users, AppDbContext db)
{
    /// <summary>Ok, or Invalid on "current" (wrong password) or "new" (the password rule).</summary>
    public async Task<Result> Handle(AppUser user, string current, string @new)
    {
        if (@new == current) return Result.Invalid("new", "新密码不能与当前密码相同");
        await using var tx = await db.Database.BeginTransactionAsync();
        var r = await users.ChangePasswordAsync(user, current, @new);
        if (!r.Succeeded)
            return Result.Invalid(r.Errors.GroupBy(e => e.Code == "PasswordMismatch" ? "current" : "new")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        if (user.MustChangePassword)
        {
            user.MustChangePassword = false;
            await users.UpdateAsync(user);
        }
        SignInEvents.Add(db, "password.change", "success", user.UserName, user.Id);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return Result.Ok;
    }
}
