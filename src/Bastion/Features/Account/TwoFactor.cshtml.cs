using System.ComponentModel.DataAnnotations;
using System.Text;
using Bastion.Data;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Account;

[SignedIn]
public sealed class TwoFactorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AppDbContext db, UserContext current) : PageModel
{
    [BindProperty, Required(ErrorMessage = "请输入验证码"), RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "验证码为6位数字")]
    public string Code { get; set; } = "";

    public bool Enabled { get; private set; }
    public bool Required { get; private set; }
    public string FormattedKey { get; private set; } = "";
    public string Uri { get; private set; } = "";
    public string QrDataUri { get; private set; } = "";
    public string? Message { get; private set; }
    /// <summary>Whether an authenticator key has been made (by 开始设置); a GET never makes one.</summary>
    public bool HasKey { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    /// <summary>开始设置 / 重新生成密钥: makes a new authenticator key (the only place one is made), then shows it.</summary>
    public async Task<IActionResult> OnPostStartAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (await users.GetTwoFactorEnabledAsync(user)) return RedirectToPage();
        await using var tx = await db.Database.BeginTransactionAsync();
        await users.ResetAuthenticatorKeyAsync(user);
        SignInEvents.Add(db, "2fa.key", "success", user.UserName, user.Id);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        await signIn.RefreshSignInAsync(user); // the reset changed the security stamp
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!ModelState.IsValid) { await LoadAsync(user); return Page(); }
        var code = Code.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "验证码错误或已过期，请确认手机时间准确后重试");
            await LoadAsync(user);
            return Page();
        }
        await using var tx = await db.Database.BeginTransactionAsync();
        await users.SetTwoFactorEnabledAsync(user, true);
        SignInEvents.Add(db, "2fa.enable", "success", user.UserName, user.Id);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        await signIn.RefreshSignInAsync(user);
        await LoadAsync(user);
        Message = "双因素认证已启用。";
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (current.TwoFactorRequired)
        {
            await LoadAsync(user);
            Message = "您的角色要求双因素认证，不能关闭。";
            return Page();
        }
        await using var tx = await db.Database.BeginTransactionAsync();
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        SignInEvents.Add(db, "2fa.disable", "success", user.UserName, user.Id);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        await signIn.RefreshSignInAsync(user);
        await LoadAsync(user);
        Message = "双因素认证已关闭。";
        return Page();
    }

    private async Task LoadAsync(AppUser user)
    {
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        Required = current.TwoFactorRequired;
        if (Enabled) return;
        var key = await users.GetAuthenticatorKeyAsync(user);
        HasKey = !string.IsNullOrEmpty(key);
        if (!HasKey) return; // nothing is made on a GET: 开始设置 (a POST) makes the key
        var sb = new StringBuilder();
        for (var i = 0; i < key!.Length; i += 4) sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        FormattedKey = sb.ToString().Trim().ToLowerInvariant();
        Uri = $"otpauth://totp/{System.Uri.EscapeDataString("堡垒党建:" + user.UserName)}?secret={key}&issuer={System.Uri.EscapeDataString("堡垒党建")}&digits=6";
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(Uri, QRCoder.QRCodeGenerator.ECCLevel.M);
        QrDataUri = "data:image/png;base64," + Convert.ToBase64String(new QRCoder.PngByteQRCode(data).GetGraphic(5));
    }
}
