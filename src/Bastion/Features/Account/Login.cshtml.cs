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
public sealed class LoginModel(AppSignInManager signIn, CheckPassword check, AppDbContext db, TimeProvider clock) : PageModel
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
        var name = UserName.Trim();
        var ip = HttpContext.Connection.RemoteIpAddress?.ToString();
        // counted before anything else, outside the transaction; a refused attempt writes no audit row
        if (await check.ThrottleAsync(name, ip, HttpContext.RequestAborted) is { } wait)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            SignInThrottle.SetRetryAfter(Response, wait);
            Error = SignInThrottle.Message(wait);
            return Page();
        }
        await using var tx = await db.Database.BeginTransactionAsync();
        var r = await check.CheckAsync(name, Password, ip, HttpContext.RequestAborted);
        var user = r.User;
        switch (r.Outcome)
        {
            case CheckPassword.Outcome.Unknown:
                // repeated failures for unknown names are counted (sign_in_counters) and recorded in aggregate
                if (r.FirstUnknown) SignInEvents.Add(db, "signin", "failure", name, null, "unknown user (further unknown names from this address in this window are counted)");
                break;
            case CheckPassword.Outcome.Disabled:
                SignInEvents.Add(db, "signin", "failure", name, user!.Id, "account disabled");
                break;
            case CheckPassword.Outcome.LockedOut:
                SignInEvents.Add(db, "signin", "failure", user!.UserName, user.Id, "account locked");
                Error = CheckPassword.LockedMessage;
                break;
            case CheckPassword.Outcome.Locked:
                SignInEvents.Add(db, "signin.lockout", "lockout", user!.UserName, user.Id, "locked for 15 minutes after 5 failures");
                Error = CheckPassword.LockedMessage;
                break;
            case CheckPassword.Outcome.WrongPassword:
                SignInEvents.Add(db, "signin", "failure", user!.UserName, user.Id, "wrong password");
                break;
            case CheckPassword.Outcome.Success:
                HttpContext.Items[UserSessions.Fresh] = true;
                var result = await signIn.SignInAfterPasswordAsync(user!);
                if (result.RequiresTwoFactor)
                {
                    SignInEvents.Add(db, "signin.password", "success", user!.UserName, user.Id, "two-factor code required");
                    await db.SaveChangesAsync();
                    await tx.CommitAsync();
                    // the password was right: the attempt does not count against the office's address (wrong codes
                    // on the next page count against the account's lockout)
                    await check.SucceededAsync();
                    return RedirectToPage("/Account/LoginWith2fa", new { returnUrl = SafeReturn() });
                }
                await check.ResetFailuresAsync(user!);
                await MarkSignedInAsync(db, user!.Id, clock.GetUtcNow());
                SignInEvents.Add(db, "signin", "success", user.UserName, user.Id);
                await db.SaveChangesAsync();
                await tx.CommitAsync();
                await check.SucceededAsync();
                return LocalRedirect(SafeReturn() ?? await HomeAsync(user.Id));
        }
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        Error ??= Generic;
        return Page();
    }

    /// <summary>Records the sign-in time without touching the account's concurrency stamp (parallel sign-ins of one account are fine).</summary>
    internal static Task MarkSignedInAsync(AppDbContext db, long userId, DateTimeOffset now)
    {
        return db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, now));
    }

    private string? SafeReturn() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) && !ReturnUrl.StartsWith("/Account/Log", StringComparison.OrdinalIgnoreCase) ? ReturnUrl : null;

    private Task<string> HomeAsync(long userId) => Home.OfUserAsync(db, userId);
}
