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
public sealed class LoginWith2faModel(AppSignInManager signIn, CheckPassword check, AppDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty, Required(ErrorMessage = "请输入验证码"), RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "验证码为6位数字")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/Account/Login");
        if (!ModelState.IsValid) return Page();
        await using var tx = await db.Database.BeginTransactionAsync();
        // the account's sign-ins one at a time (as on the password page and the API): its failure count is read fresh
        await check.LockAsync(user.NormalizedUserName ?? check.Normalize(user.UserName ?? ""), HttpContext.RequestAborted);
        await db.Entry(user).ReloadAsync(HttpContext.RequestAborted);
        var code = Code.Replace(" ", "", StringComparison.Ordinal).Trim();
        HttpContext.Items[UserSessions.Fresh] = true;
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.Succeeded) await LoginModel.MarkSignedInAsync(db, user.Id, clock.GetUtcNow());
        SignInEvents.Add(db, "signin.2fa", result.Succeeded ? "success" : result.IsLockedOut ? "lockout" : "failure", user.UserName, user.Id);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        if (result.Succeeded)
        {
            return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : await Home.OfUserAsync(db, user.Id));
        }
        Error = result.IsLockedOut ? "验证失败次数过多，账号已锁定，请15分钟后再试" : "验证码错误或已过期";
        return Page();
    }
}
