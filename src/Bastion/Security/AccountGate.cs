namespace Bastion.Security;

/// <summary>
/// Before any page of a signed-in account: an account that must change its one-time password is sent to
/// the password page, and one whose role requires two-factor sign-in but has not set it up is sent to
/// the authenticator page. Account pages, static files and the API are not gated here.
/// </summary>
public sealed class AccountGateMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext ctx, UserContext user)
    {
        var path = ctx.Request.Path;
        if (!user.IsSignedIn || path.StartsWithSegments("/Account") || path.StartsWithSegments("/api")
            || path.StartsWithSegments("/Error") || path.StartsWithSegments("/lib") || path.StartsWithSegments("/css")
            || path.StartsWithSegments("/js") || path.StartsWithSegments("/health"))
        {
            await next(ctx);
            return;
        }
        // read with the session (SessionRules): every signed-in page comes through the cookie check. A page signed in
        // some other way has no facts and is not let through (fail closed) rather than asked about in the database.
        if (AccountFacts.Of(ctx) is not { } facts)
        {
            Gate(ctx, "/Account/Login");
            return;
        }
        if (facts.MustChangePassword)
        {
            Gate(ctx, "/Account/ChangePassword");
            return;
        }
        if (!facts.TwoFactorEnabled && facts.TwoFactorRequired)
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
}
