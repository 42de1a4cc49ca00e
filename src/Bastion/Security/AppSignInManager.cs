using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Bastion.Security;

/// <summary>
/// Identity's sign-in manager with the platform's clock for lockout (Identity itself reads the system clock), and the
/// step after a password checked by <see cref="Features.Account.CheckPassword"/>: issue the cookie, or hand over to
/// the two-factor page.
/// </summary>
public sealed class AppSignInManager(UserManager<AppUser> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<AppUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<AppUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation, TimeProvider clock)
    : SignInManager<AppUser>(users, http, claims, options, logger, schemes, confirmation)
{
    protected override Task<bool> IsLockedOut(AppUser user) =>
        Task.FromResult(UserManager.SupportsUserLockout && user.LockoutEnabled && user.LockoutEnd > clock.GetUtcNow());

    /// <summary>After the password was checked: signs in, or answers RequiresTwoFactor with the two-factor cookie set.</summary>
    public Task<SignInResult> SignInAfterPasswordAsync(AppUser user) => SignInOrTwoFactorAsync(user, isPersistent: false);
}
