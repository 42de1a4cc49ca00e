using System.Text.RegularExpressions;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Identity;

namespace Bastion.Features.Admin;

/// <summary>
/// The 系统管理员 creates an account; it gets a one-time password that must be changed at first sign-in.
/// <see cref="CreateAsync"/> is the one place an account is made: 首次设置, 关联账号 and 批量开通账号 call it too.
/// </summary>
public sealed partial class CreateAccount(UserManager<AppUser> users, AppDbContext db, TimeProvider clock)
{
    public sealed record Request(string? UserName, string? DisplayName);
    public sealed record Created(long Id, string UserName, string OneTimePassword);

    /// <summary>A new account: its user name, the name shown for it and the member (党员档案) it is linked to, if any.</summary>
    public sealed record NewAccount(string UserName, string DisplayName, long? MemberId = null)
    {
        /// <summary>A member's own account, shown under the member's name.</summary>
        public static NewAccount ForMember(Member member, string userName) =>
            new(userName, member.Name.Length > 50 ? member.Name[..50] : member.Name, member.Id);
    }

    public async Task<Result<Created>> Handle(Request req)
    {
        var errors = new Dictionary<string, string[]>();
        var name = (req.UserName ?? "").Trim();
        var display = (req.DisplayName ?? "").Trim();
        if (await CheckUserNameAsync(users, name) is { } bad) errors["userName"] = [bad];
        if (display.Length == 0) errors["displayName"] = ["请输入姓名或称呼"];
        else if (display.Length > 50) errors["displayName"] = ["姓名不能超过50个字"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var password = PasswordPolicy.Generate();
        await using var tx = await db.Database.BeginTransactionAsync();
        var made = await CreateAsync(new NewAccount(name, display), password);
        if (!made.IsOk) return made.Status;
        await tx.CommitAsync();
        return new Created(made.Value.Id, name, password);
    }

    /// <summary>
    /// Makes the account, inside the caller's transaction: it must change its one-time <paramref name="password"/> at the
    /// first sign-in and locks out after failed attempts. When Identity refuses, Invalid on <paramref name="field"/>
    /// with Identity's Chinese reasons.
    /// </summary>
    public async Task<Result<AppUser>> CreateAsync(NewAccount account, string password, string field = "userName")
    {
        var user = new AppUser
        {
            UserName = account.UserName, DisplayName = account.DisplayName, MemberId = account.MemberId,
            CreatedAt = clock.GetUtcNow(), MustChangePassword = true, LockoutEnabled = true,
        };
        var r = await users.CreateAsync(user, password);
        if (!r.Succeeded) return Result.Invalid(new Dictionary<string, string[]> { [field] = r.Errors.Select(e => e.Description).ToArray() });
        return user;
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
