using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bastion.Security;

public static class BearerTokens
{
    public const string Scheme = "Bearer";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against the hashed, revocable tokens table.</summary>
public sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AppDbContext db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200) return AuthenticateResult.Fail("令牌无效");
        var hash = BearerTokens.Hash(token);
        var now = clock.GetUtcNow();
        // one round trip: the token, its account and the account's grants (which UserContext would otherwise query)
        var row = await (from t in db.ApiTokens.AsNoTracking()
                         join u in db.Users.AsNoTracking() on t.UserId equals u.Id
                         where t.TokenHash == hash
                         select new
                         {
                             t.RevokedAt, t.ExpiresAt, u.Id, u.UserName, u.IsDisabled, u.LockoutEnd,
                             Grants = (from g in db.RoleGrants
                                       where g.UserId == u.Id
                                       join o in db.Organizations on g.OrgId equals (long?)o.Id into orgs
                                       from o in orgs.DefaultIfEmpty()
                                       select new Grant(g.Role, g.OrgId, o == null ? null : o.Path)).ToList(),
                         }).FirstOrDefaultAsync(Context.RequestAborted);
        if (row is null) return AuthenticateResult.Fail("令牌无效");
        if (row.RevokedAt is not null) return AuthenticateResult.Fail("令牌已撤销");
        if (row.ExpiresAt <= now) return AuthenticateResult.Fail("令牌已过期");
        if (row.IsDisabled) return AuthenticateResult.Fail("账号已停用");
        UserContext.UseGrants(Context, row.Grants);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, row.UserName ?? ""), new Claim("bastion:token", hash)],
            BearerTokens.Scheme, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), BearerTokens.Scheme));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await ErrorResponses.WriteAsync(Context, StatusCodes.Status401Unauthorized, result.Failure?.Message is { } m ? m + "，请重新获取访问令牌。" : null);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, StatusCodes.Status403Forbidden);
}
