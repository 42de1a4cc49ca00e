using System.Text.RegularExpressions;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Admin;

/// <summary>The 系统管理员 creates an account; it gets a one-time password that must be changed at first sign-in.</summary>
public sealed partial class CreateAccount(UserManager<AppUser> users, AppDbContext db)
{
    public sealed record Request(string? UserName, string? DisplayName);
    public sealed record Created(long Id, string UserName, string OneTimePassword);

    public async Task<(Created? Created, Dictionary<string, string[]>? Errors)> Handle(Request req)
    {
        var errors = new Dictionary<string, string[]>();
        var name = (req.UserName ?? "").Trim();
        var display = (req.DisplayName ?? "").Trim();
        if (await CheckUserNameAsync(users, name) is { } bad) errors["userName"] = [bad];
        if (display.Length == 0) errors["displayName"] = ["请输入姓名或称呼"];
        else if (display.Length > 50) errors["displayName"] = ["姓名不能超过50个字"];
        if (errors.Count > 0) return (null, errors);

        var password = PasswordPolicy.Generate();
        await using var tx = await db.Database.BeginTransactionAsync();
        var user = new AppUser { UserName = name, DisplayName = display, CreatedAt = DateTimeOffset.UtcNow, MustChangePassword = true, LockoutEnabled = true };
        var r = await users.CreateAsync(user, password);
        if (!r.Succeeded) return (null, new() { ["userName"] = r.Errors.Select(e => e.Description).ToArray() });
        await tx.CommitAsync();
        return (new Created(user.Id, name, password), null);
    }

    /// <summary>The rule for a new user name (also for member accounts); returns the Chinese reason when refused.</summary>
    public static async Task<string?> CheckUserNameAsync(UserManager<AppUser> users, string name)
    {
        if (name.Length == 0) return "请输入用户名";
        if (name.Length > 50) return "用户名不能超过50个字符";
        if (!UserNamePattern().IsMatch(name)) return "用户名只能包含字母、数字和 . _ - @";
        if (await users.FindByNameAsync(name) is not null) return $"用户名“{Masking.UserName(name)}”已被使用";
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._@-]+$")]
    private static partial Regex UserNamePattern();
}

/// <summary>Disables or re-enables an account. Disabling changes the security stamp and revokes API tokens,
/// so live sessions stop working at their next request.</summary>
public sealed class SetAccountDisabled(UserManager<AppUser> users, AppDbContext db, UserContext current)
{
    public async Task<string?> Handle(long userId, bool disabled)
    {
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null) return "账号不存在";
        if (disabled && user.Id == current.UserId) return "不能停用自己的账号";
        await using var tx = await db.Database.BeginTransactionAsync();
        user.IsDisabled = disabled;
        await users.UpdateAsync(user);
        if (disabled)
        {
            await users.UpdateSecurityStampAsync(user);
            var now = DateTimeOffset.UtcNow;
            foreach (var t in await db.ApiTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null && t.ExpiresAt > now).ToListAsync()) t.RevokedAt = now;
            await UserSessions.EndAllAsync(db, user.Id, "disabled", now);
            await db.SaveChangesAsync();
        }
        await tx.CommitAsync();
        return null;
    }
}
