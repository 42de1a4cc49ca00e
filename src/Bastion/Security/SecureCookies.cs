using System.Net;

namespace Bastion.Security;

/// <summary>
/// Marks every cookie the platform sets as Secure unless the request came over loopback to a loopback
/// host name (local use). Reached from anywhere else — directly or through an HTTPS-terminating proxy —
/// cookies are Secure, so they never travel over plain HTTP beyond this machine.
/// </summary>
public sealed class SecureCookiesMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext ctx)
    {
        if (!IsLocal(ctx))
        {
            ctx.Response.OnStarting(() =>
            {
                var cookies = ctx.Response.Headers.SetCookie;
                if (cookies.Count == 0) return Task.CompletedTask;
                var secured = cookies.Select(c => c is null || c.Contains("; secure", StringComparison.OrdinalIgnoreCase) ? c : c + "; secure").ToArray();
                ctx.Response.Headers.SetCookie = secured;
                return Task.CompletedTask;
            });
        }
        return next(ctx);
    }

    public static bool IsLocal(HttpContext ctx)
    {
        var remote = ctx.Connection.RemoteIpAddress;
        var host = ctx.Request.Host.Host;
        var loopbackHost = host is "localhost" or "127.0.0.1" or "[::1]" or "::1"
            || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        return (remote is null || IPAddress.IsLoopback(remote)) && loopbackHost;
    }
}
