using System.Globalization;
using System.Security.Claims;
using Bastion.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bastion.Security;

/// <summary>Cookie session rules: idle 30 minutes (sliding), absolute 12 hours, and at every request the
/// account must still exist, be enabled and carry the same security stamp (so disabling it ends its sessions).</summary>
public static class SessionRules
{
    public const string AuthTimeClaim = "bastion:auth_time";
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan Absolute = TimeSpan.FromHours(12);

    public static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var p = ctx.Principal;
        if (p is null) { ctx.RejectPrincipal(); return; }
        // the error page re-executed after an exception (a lost database, say) must not need the database: it is shown anonymous
        if (ctx.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null)
        {
            ctx.RejectPrincipal();
            return;
        }
        var services = ctx.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var authTime = long.TryParse(p.FindFirstValue(AuthTimeClaim), out var t) ? DateTimeOffset.FromUnixTimeSeconds(t) : DateTimeOffset.MinValue;
        if (now - authTime > Absolute) { ctx.RejectPrincipal(); return; }
        if (!long.TryParse(p.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) { ctx.RejectPrincipal(); return; }
        // the server-side session (退出登录 or an administrator ends it): no key, no session
        if (p.FindFirstValue(UserSessions.Claim) is not { } key) { ctx.RejectPrincipal(); return; }
        var hash = UserSessions.Hash(key);
        var db = services.GetRequiredService<AppDbContext>();
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        // one round trip: the account, its open session, its grants (with whether the security policy asks two factors of
        // each role) and the facts the account gate and the layout need; UserContext, the scope authorization, the account
        // gate and the layout read them from here instead of asking the database again
        var u = await db.Users.AsNoTracking().Where(x => x.Id == id).Select(x => new
        {
            x.IsDisabled,
            x.SecurityStamp,
            x.MustChangePassword,
            x.TwoFactorEnabled,
            x.MemberId,
            Session = db.UserSessions.Where(s => s.UserId == id && s.KeyHash == hash && s.EndedAt == null).Select(s => new { s.Id, s.LastSeenAt }).FirstOrDefault(),
            Grants = (from g in db.RoleGrants
                      where g.UserId == id
                      join o in db.Organizations on g.OrgId equals (long?)o.Id into orgs
                      from o in orgs.DefaultIfEmpty()
                      select new
                      {
                          g.Role,
                          g.OrgId,
                          OrgPath = o == null ? null : o.Path,
                          PolicyRequiresTwoFactor = db.RolePolicies.Any(r => r.Role == g.Role && r.RequireTwoFactor),
                      }).ToList(),
        }).FirstOrDefaultAsync(ctx.HttpContext.RequestAborted);
        // Rejecting makes this request anonymous. The cookie is not deleted here: a request still in flight with
        // an old cookie (e.g. the bell) must not wipe the fresh cookie issued by a password change a moment earlier.
        if (u is null || u.IsDisabled || u.SecurityStamp != p.FindFirstValue(stampClaim) || u.Session is null) { ctx.RejectPrincipal(); return; }
        var grants = u.Grants.Select(g => new Domain.Grant(g.Role, g.OrgId, g.OrgPath)).ToList();
        var twoFactorRoles = u.Grants.Where(g => g.PolicyRequiresTwoFactor).Select(g => g.Role);
        ctx.HttpContext.Items[typeof(AccountFacts)] = new AccountFacts(u.MustChangePassword, u.TwoFactorEnabled,
            Domain.Roles.RequiresTwoFactor(grants.Select(g => g.Role), twoFactorRoles), u.MemberId);
        UserContext.UseGrants(ctx.HttpContext, grants);
        if (now - u.Session.LastSeenAt > UserSessions.SeenGranularity)
        {
            var sessionId = u.Session.Id;
            await db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), ctx.HttpContext.RequestAborted);
        }
    }

    public static Claim AuthTimeNow(TimeProvider clock) => new(AuthTimeClaim, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
}
/// <summary>
/// What the account gate and the layout need to know of the signed-in account, read by <see cref="SessionRules"/> in the
/// same query that validates the session (with the grants, see <see cref="UserContext.UseGrants"/>), so a page costs one
/// lookup of its account and grants, not four.
/// </summary>
public sealed record AccountFacts(bool MustChangePassword, bool TwoFactorEnabled, bool TwoFactorRequired, long? MemberId)
{
    /// <summary>The facts of this request's cookie session; null for bearer tokens and anonymous requests.</summary>
    public static AccountFacts? Of(HttpContext? ctx) => ctx?.Items[typeof(AccountFacts)] as AccountFacts;
}

/// <summary>Adds the sign-in time (for the absolute timeout) and the display name to the cookie principal.</summary>
public sealed class AppClaimsFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options, TimeProvider clock)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var id = await base.GenerateClaimsAsync(user);
        id.AddClaim(SessionRules.AuthTimeNow(clock));
        id.AddClaim(new Claim("bastion:display_name", user.DisplayName));
        return id;
    }
}

/// <summary>Password rule from <see cref="Domain.PasswordPolicy"/> as an Identity validator.</summary>
public sealed class PolicyPasswordValidator : IPasswordValidator<AppUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var errors = Domain.PasswordPolicy.Check(password);
        if (errors.Count == 0 && password is not null && user.UserName is { Length: > 0 } n && password.Contains(n, StringComparison.OrdinalIgnoreCase))
            errors = ["密码不能包含用户名"];
        return Task.FromResult(errors.Count == 0
            ? IdentityResult.Success
            : IdentityResult.Failed(errors.Select(e => new IdentityError { Code = "PasswordPolicy", Description = e }).ToArray()));
    }
}

/// <summary>Identity messages in Chinese.</summary>
public sealed class ChineseIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"用户名“{userName}”已被使用" };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = "用户名只能包含字母、数字和 . _ - @" };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "当前密码不正确" };
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"密码长度至少{length}位" };
    public override IdentityError ConcurrencyFailure() => new() { Code = nameof(ConcurrencyFailure), Description = "数据已被他人修改，请刷新后重试" };
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "操作失败" };
    public override IdentityError UserLockoutNotEnabled() => new() { Code = nameof(UserLockoutNotEnabled), Description = "该账号未启用锁定" };
}
