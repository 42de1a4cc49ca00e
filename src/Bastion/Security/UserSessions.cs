using System.Security.Claims;
using System.Security.Cryptography;
using Bastion.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Security;

/// <summary>
/// Server-side sessions (<c>user_sessions</c>, migration 0032). Every cookie sign-in — the password page, the
/// two-factor page — starts one: the cookie carries a random key in <see cref="Claim"/>, the table only its SHA-256.
/// <see cref="SessionRules.ValidateAsync"/> refuses a cookie whose session is ended or missing, so 退出登录 ends
/// the session on the server and a copy of the cookie saved before it opens nothing afterwards.
/// </summary>
public static class UserSessions
{
    public const string Claim = "bastion:session";
    /// <summary>Set in <see cref="HttpContext.Items"/> by a sign-in page: the cookie about to be issued starts a new session.</summary>
    public const string Fresh = "bastion:fresh-session";
    /// <summary>How stale <c>last_seen_at</c> may get before a request writes it again (one write a minute, not one a request).</summary>
    public static readonly TimeSpan SeenGranularity = TimeSpan.FromMinutes(1);

    /// <summary>How long an account's session rows are kept (they are dead after <see cref="SessionRules.Absolute"/>).</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(30);

    public static string Hash(string key) => BearerTokens.Hash(key);

    /// <summary>Starts a session for the account; the key to put in the cookie. Joins the caller's transaction.</summary>
    public static async Task<string> StartAsync(AppDbContext db, long userId, HttpContext http, DateTimeOffset now)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var ip = http.Connection.RemoteIpAddress?.ToString();
        var agent = http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua[..Math.Min(ua.Length, 200)] : null;
        // the account's sessions long past the 12-hour limit go (the sign-ins themselves stay in the audit trail)
        var old = now - Kept;
        await db.UserSessions.Where(s => s.UserId == userId && s.CreatedAt < old).ExecuteDeleteAsync();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO user_sessions (user_id, key_hash, created_at, last_seen_at, client_ip, user_agent)
            VALUES ({userId}, {Hash(key)}, {now}, {now}, {ip}, {agent})
            """);
        return key;
    }

    /// <summary>
    /// The cookie's SigningIn event: adds the session key to the principal. A sign-in page starts a new session
    /// (<see cref="Fresh"/>); a refresh of the same account's cookie (password change, two-factor set-up) keeps the
    /// session it was made in.
    /// </summary>
    public static async Task OnSigningInAsync(CookieSigningInContext ctx)
    {
        if (ctx.Principal?.Identity is not ClaimsIdentity identity || identity.HasClaim(c => c.Type == Claim)) return;
        if (!long.TryParse(identity.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId)) return;
        var http = ctx.HttpContext;
        var key = !http.Items.ContainsKey(Fresh) && http.User.FindFirstValue(ClaimTypes.NameIdentifier) == identity.FindFirst(ClaimTypes.NameIdentifier)!.Value
            ? http.User.FindFirstValue(Claim)
            : null;
        key ??= await StartAsync(http.RequestServices.GetRequiredService<AppDbContext>(), userId, http,
            http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        identity.AddClaim(new Claim(Claim, key));
    }

    /// <summary>Ends the session of this cookie (退出登录). Joins the caller's transaction.</summary>
    public static Task<int> EndAsync(AppDbContext db, ClaimsPrincipal user, string reason, DateTimeOffset now)
    {
        var key = user.FindFirstValue(Claim);
        if (key is null || !long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return Task.FromResult(0);
        var hash = Hash(key);
        return db.UserSessions.Where(s => s.KeyHash == hash && s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndedReason, reason));
    }

    /// <summary>Ends every open session of the account; how many were open. Joins the caller's transaction.</summary>
    public static Task<int> EndAllAsync(AppDbContext db, long userId, string reason, DateTimeOffset now) =>
        db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndedReason, reason));
}
