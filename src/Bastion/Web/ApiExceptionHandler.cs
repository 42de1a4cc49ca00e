using Microsoft.AspNetCore.Diagnostics;

namespace Bastion.Web;

/// <summary>
/// The one handler for exceptions that reach the pipeline: API requests (/api/…) get RFC 9457 ProblemDetails in Chinese
/// with the trace id (never a stack trace) as <see cref="ErrorResponses.Classify"/> maps them; pages fall through to the
/// HTML error page, re-executed with the same status (see Program.Configure).
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext ctx, Exception exception, CancellationToken ct)
    {
        var failure = ErrorResponses.Classify(exception, ctx);
        if (failure.RetryAfterSeconds is { } s) ctx.Response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!ErrorResponses.IsApi(ctx)) return false;
        if (failure.Status >= 500)
            log.LogError(exception, "API request {Method} {Path} failed with {Status} (trace {TraceId})", ctx.Request.Method, ctx.Request.Path, failure.Status, ctx.TraceIdentifier);
        else
            log.LogInformation("API request {Method} {Path} refused with {Status}: {Reason}", ctx.Request.Method, ctx.Request.Path, failure.Status, exception.GetType().Name);
        await ErrorResponses.WriteProblemAsync(ctx, failure);
        return true;
    }
}
