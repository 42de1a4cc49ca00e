using Bastion.Data;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Security;

/// <summary>
/// Before any page of a signed-in account: an account that must change its one-time password is sent to
/// the password page, and one whose role requires two-factor sign-in but has not set it up is sent to
/// the authenticator page. Account pages, static files and the API are not gated here.
/// </summary>
public sealed class AccountGateMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext ctx, UserContext user, AppDbContext db)
    {
        var path = ctx.Request.Path;
        if (!user.IsSignedIn || path.StartsWithSegments("/Account") || path.StartsWithSegments("/api")
            || path.StartsWithSegments("/Error") || path.StartsWithSegments("/lib") || path.StartsWithSegments("/css")
            || path.StartsWithSegments("/js") || path.StartsWithSegments("/health"))
        {
            await next(ctx);
            return;
        }
        // read with the session (SessionRules); a page signed in without a cookie session has none and asks the database
        var facts = AccountFacts.Of(ctx);
        var id = user.UserId!.Value;
        var u = facts is not null ? new { facts.MustChangePassword, facts.TwoFactorEnabled }
            : await db.Users.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.MustChangePassword, x.TwoFactorEnabled }).FirstOrDefaultAsync(ctx.RequestAborted);
        if (u is not null && u.MustChangePassword)
        {
            Gate(ctx, "/Account/ChangePassword");
            return;
        }
        if (u is not null && !u.TwoFactorEnabled && (facts?.TwoFactorRequired ?? await TwoFactorRequiredAsync(db, user, ctx.RequestAborted)))
        {
            Gate(ctx, "/Account/TwoFactor");
            return;
        }
        await next(ctx);
    }

    /// <summary>Pages are redirected; an htmx fragment request (the bell) gets nothing to swap in, not a whole page.</summary>
    private static void Gate(HttpContext ctx, string to)
    {
        if (ctx.Request.Headers.ContainsKey("HX-Request")) ctx.Response.StatusCode = StatusCodes.Status204NoContent;
        else ctx.Response.Redirect(to);
    }

    public static async Task<bool> TwoFactorRequiredAsync(AppDbContext db, UserContext user, CancellationToken ct)
    {
        var roles = await user.RolesAsync(ct);
        if (roles.Count == 0) return false;
        var required = await db.RolePolicies.AsNoTracking().Where(p => p.RequireTwoFactor).Select(p => p.Role).ToListAsync(ct);
        return required.Any(roles.Contains);
    }
}
