using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Account;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Tokens;

/// <summary>POST /api/v1/tokens — exchanges user name, password (and TOTP code) for an opaque 8-hour bearer token.</summary>
public static class IssueToken
{
    public sealed record Request(string? UserName, string? Password, string? Totp);
    public sealed record Response(string Token, DateTimeOffset ExpiresAt);

    /// <summary>Attempts allowed per client address and per account in <see cref="Window"/>: the sign-in limits, shared with the page.</summary>
    public const int PerIp = SignInThrottle.PerAddress, PerAccount = SignInThrottle.PerAccount;
    public static readonly TimeSpan Window = SignInThrottle.Window;

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/tokens", Handle).AllowAnonymous()
           .WithSummary("获取访问令牌").Produces<Response>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(429);

    public static async Task<IResult> Handle(Request req, AppDbContext db, UserManager<AppUser> users, CheckPassword check, TimeProvider clock, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(req.UserName)) errors["userName"] = ["请输入用户名"];
        else if (req.UserName.Length > 256) errors["userName"] = ["用户名过长"];
        if (string.IsNullOrEmpty(req.Password)) errors["password"] = ["请输入密码"];
        else if (req.Password.Length > 128) errors["password"] = ["密码过长"];
        if (req.Totp is { Length: > 10 }) errors["totp"] = ["验证码为6位数字"];
        if (errors.Count > 0) return ErrorResponses.Validation(errors);

        var name = req.UserName!.Trim();
        var ip = http.Connection.RemoteIpAddress?.ToString();
        // the sign-in limits shared with the page: counted atomically before anything else, keyed on the normalised name
        if (await check.ThrottleAsync(name, ip, http.RequestAborted) is { } wait)
        {
            SignInThrottle.SetRetryAfter(http.Response, wait);
            return ErrorResponses.Problem(429, SignInThrottle.Message(wait, "获取令牌的请求"));
        }

        await using var tx = await db.Database.BeginTransactionAsync();
        async Task<IResult> Fail(long? userId, string why, string detail, int status = 401)
        {
            SignInEvents.Add(db, "api.token", "failure", name, userId, why);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return ErrorResponses.Problem(status, detail);
        }

        var r = await check.CheckAsync(name, req.Password!, ip, http.RequestAborted);
        var user = r.User;
        switch (r.Outcome)
        {
            case CheckPassword.Outcome.Unknown:
                if (r.FirstUnknown) return await Fail(null, "unknown user (further unknown names from this address in this window are counted)", "用户名或密码错误。");
                await tx.CommitAsync();
                return ErrorResponses.Problem(401, "用户名或密码错误。");
            case CheckPassword.Outcome.Disabled:
                return await Fail(user!.Id, "account disabled", "用户名或密码错误。");
            case CheckPassword.Outcome.LockedOut:
                return await Fail(user!.Id, "locked out", CheckPassword.LockedMessage + "。");
            case CheckPassword.Outcome.Locked:
                SignInEvents.Add(db, "signin.lockout", "lockout", name, user!.Id, "locked for 15 minutes after 5 failures (API)");
                return await Fail(user.Id, "wrong password", CheckPassword.LockedMessage + "。");
            case CheckPassword.Outcome.WrongPassword:
                return await Fail(user!.Id, "wrong password", "用户名或密码错误。");
        }
        var roles = await db.RoleGrants.Where(g => g.UserId == user!.Id).Select(g => g.Role).ToListAsync();
        var mfaRequired = Roles.RequiresTwoFactor(roles, await db.RolePolicies.Where(p => p.RequireTwoFactor).Select(p => p.Role).ToListAsync());
        if (user!.TwoFactorEnabled)
        {
            var code = (req.Totp ?? "").Replace(" ", "", StringComparison.Ordinal);
            if (code.Length == 0) return await Fail(user.Id, "totp missing", "该账号已启用双因素认证，请同时提供 totp 验证码。");
            if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                await check.CountFailureAsync(user);
                return await Fail(user.Id, "totp wrong", "验证码错误或已过期。");
            }
        }
        else if (mfaRequired)
        {
            return await Fail(user.Id, "2fa required but not set up", "您的角色要求双因素认证，请先登录网页启用身份验证器。", 403);
        }
        if (user.MustChangePassword)
            return await Fail(user.Id, "must change password", "请先登录网页修改一次性密码。", 403);

        await check.ResetFailuresAsync(user);
        var token = BearerTokens.NewToken();
        var now = clock.GetUtcNow();
        var expires = now + BearerTokens.Lifetime;
        db.ApiTokens.Add(new ApiToken { UserId = user.Id, TokenHash = BearerTokens.Hash(token), CreatedAt = now, ExpiresAt = expires, ClientIp = ip });
        SignInEvents.Add(db, "api.token", "success", name, user.Id);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        await check.SucceededAsync();
        return Results.Ok(new Response(token, expires));
    }
}
