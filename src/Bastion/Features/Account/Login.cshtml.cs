using System.ComponentModel.DataAnnotations;
using Bastion.Data;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Account;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AppDbContext db) : PageModel
{
    [BindProperty, Required(ErrorMessage = "请输入用户名"), StringLength(256, ErrorMessage = "用户名过长")]
    public string UserName { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "请输入密码"), StringLength(128, ErrorMessage = "密码过长"), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public const string Generic = "用户名或密码错误";

    public async Task<IActionResult> OnGetAsync([FromServices] UserContext current) =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturn() ?? await Home.OfAsync(current)) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByNameAsync(UserName.Trim());
        await using var tx = await db.Database.BeginTransactionAsync();
        if (user is null || user.IsDisabled)
        {
            SignInEvents.Add(db, "signin", "failure", UserName.Trim(), user?.Id, user is null ? "unknown user" : "account disabled");
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            Error = Generic;
            return Page();
        }
        var wasLocked = await users.IsLockedOutAsync(user);
        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await MarkSignedInAsync(db, user.Id);
            SignInEvents.Add(db, "signin", "success", user.UserName, user.Id);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return LocalRedirect(SafeReturn() ?? await HomeAsync(user.Id));
        }
        if (result.RequiresTwoFactor)
        {
            SignInEvents.Add(db, "signin.password", "success", user.UserName, user.Id, "two-factor code required");
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return RedirectToPage("/Account/LoginWith2fa", new { returnUrl = SafeReturn() });
        }
        if (result.IsLockedOut)
        {
            SignInEvents.Add(db, wasLocked ? "signin" : "signin.lockout", wasLocked ? "failure" : "lockout", user.UserName, user.Id,
                wasLocked ? "account locked" : "locked for 15 minutes after 5 failures");
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            Error = "登录失败次数过多，账号已锁定，请15分钟后再试";
            return Page();
        }
        SignInEvents.Add(db, "signin", "failure", user.UserName, user.Id, "wrong password");
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        Error = Generic;
        return Page();
    }

    /// <summary>Records the sign-in time without touching the account's concurrency stamp (parallel sign-ins of one account are fine).</summary>
    internal static Task MarkSignedInAsync(AppDbContext db, long userId)
    {
        var now = DateTimeOffset.UtcNow;
        return db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, now));
    }

    private string? SafeReturn() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) && !ReturnUrl.StartsWith("/Account/Log", StringComparison.OrdinalIgnoreCase) ? ReturnUrl : null;

    private Task<string> HomeAsync(long userId) => Home.OfUserAsync(db, userId);
}
