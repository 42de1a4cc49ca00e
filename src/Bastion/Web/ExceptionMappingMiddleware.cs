using Microsoft.AspNetCore.Http.Features;

namespace Bastion.Web;

/// <summary>
/// The one place exceptions are turned into answers (just inside UseExceptionHandler): API requests (/api/…) get RFC 9457
/// ProblemDetails in Chinese with the trace id, never a stack trace, as <see cref="ErrorResponses.Classify"/> maps the
/// exception; pages are passed on to the exception handler, which re-executes the HTML error page with the same status
/// (its StatusCodeSelector is the same mapping). A page's unread or unreadable form is replaced by an empty one first, so
/// the re-executed error page never reads the failed body again, and it runs with fresh request services.
/// </summary>
public sealed class ExceptionMappingMiddleware(RequestDelegate next, ILogger<ExceptionMappingMiddleware> log)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        try
        {
            await next(ctx);
        }
        catch (Exception e) when (!ctx.Response.HasStarted && !ctx.RequestAborted.IsCancellationRequested)
        {
            var failure = ErrorResponses.Classify(e, ctx);
            if (!ErrorResponses.IsApi(ctx))
            {
                ctx.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
                // fresh request services for the error page: the failed ones may hold a broken DbContext and an authentication
                // handler whose cached (failed) result would only throw again
                var scope = ctx.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
                ctx.Response.RegisterForDisposeAsync(scope);
                ctx.RequestServices = scope.ServiceProvider;
                if (failure.RetryAfterSeconds is { } s) ctx.Response.OnStarting(() =>
                {
                    ctx.Response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Task.CompletedTask;
                });
                throw;
            }
            if (failure.Status >= 500)
                log.LogError(e, "API request {Method} {Path} failed with {Status} (trace {TraceId})", ctx.Request.Method, ctx.Request.Path, failure.Status, ctx.TraceIdentifier);
            else
                log.LogInformation("API request {Method} {Path} refused with {Status} ({Reason})", ctx.Request.Method, ctx.Request.Path, failure.Status, e.GetType().Name);
            // the headers every answer carries (set further in) survive the reset
            var kept = new[] { "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy" }
                .Select(h => (h, ctx.Response.Headers[h])).Where(x => x.Item2.Count > 0).ToList();
            ctx.Response.Clear();
            foreach (var (h, v) in kept) ctx.Response.Headers[h] = v;
            ctx.SetEndpoint(null);
            await ErrorResponses.WriteProblemAsync(ctx, failure);
        }
    }
}
