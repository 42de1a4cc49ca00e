using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace Bastion.Web;

/// <summary>
/// The largest file a page or an API endpoint takes (optionally overridden by a configuration value). The request's body
/// is bounded accordingly by <see cref="UploadLimitMiddleware"/>: an API request over it is refused with 413 and a Chinese
/// ProblemDetails naming the limit before its body is read; a page takes bodies up to <see cref="PageCap"/> so that its
/// handler can put the field error next to the file input, and shows the 413 error page beyond that.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class UploadLimitAttribute(long fileBytes) : Attribute
{
    public long FileBytes { get; } = fileBytes;

    /// <summary>The configuration key of the setting (bytes) that replaces <see cref="FileBytes"/>:
    /// <see cref="MeetingSettings.MaxAttachmentBytesKey"/> or <see cref="LedgerSettings.MaxEvidenceBytesKey"/>.</summary>
    public string? ConfigKey { get; init; }

    /// <summary>The limit: the validated setting named by <see cref="ConfigKey"/>, else <see cref="FileBytes"/>.</summary>
    public long Resolve(MeetingSettings meetings, LedgerSettings ledger) => ConfigKey switch
    {
        null => FileBytes,
        MeetingSettings.MaxAttachmentBytesKey => meetings.MaxAttachmentBytes,
        LedgerSettings.MaxEvidenceBytesKey => ledger.MaxEvidenceBytes,
        _ => throw new InvalidOperationException($"No setting {ConfigKey} in MeetingSettings or LedgerSettings"),
    };
}

public static class UploadLimit
{
    /// <summary>Room for the multipart boundaries, headers and the other form fields besides the file.</summary>
    public const long FormOverhead = 1024 * 1024;

    /// <summary>What a page accepts so its handler can answer a too-large file with a field error (a browser shows nothing useful for a refused upload).</summary>
    public static long PageCap(long fileBytes) => Math.Max(4 * fileBytes, 32L * 1024 * 1024) + FormOverhead;

    public static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture);

    public static string TooLarge(long fileBytes) => $"文件超过 {Mb(fileBytes)} MB 上限，请压缩或拆分后重新上传。";

    /// <summary>Named on the endpoint when it declares a limit, else the server's body limit for this request, else a plain sentence.</summary>
    public static string TooLargeMessage(HttpContext? ctx)
    {
        if (ctx?.Items[LimitKey] is long file) return TooLarge(file);
        if (ctx?.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } body) return $"请求内容超过 {Mb(body)} MB 上限。";
        return "请求内容超过上限，请压缩或拆分后重试。";
    }

    internal const string LimitKey = "bastion.upload.limit";

    public static IResult Problem(long fileBytes) => ErrorResponses.Problem(StatusCodes.Status413PayloadTooLarge, TooLarge(fileBytes));
}

/// <summary>Bounds the body of requests to endpoints carrying <see cref="UploadLimitAttribute"/> (see there).</summary>
public sealed class UploadLimitMiddleware(RequestDelegate next, Microsoft.Extensions.Options.IOptions<MeetingSettings> meetings, Microsoft.Extensions.Options.IOptions<LedgerSettings> ledger)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        if (ctx.GetEndpoint()?.Metadata.GetMetadata<UploadLimitAttribute>() is not { } limit || HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method))
        {
            await next(ctx);
            return;
        }
        var file = limit.Resolve(meetings.Value, ledger.Value);
        ctx.Items[UploadLimit.LimitKey] = file;
        var cap = ErrorResponses.IsApi(ctx) ? file + UploadLimit.FormOverhead : UploadLimit.PageCap(file);
        if (ctx.Request.ContentLength > cap)
        {
            // refused before a byte of it is read
            if (ErrorResponses.IsApi(ctx)) await UploadLimit.Problem(file).ExecuteAsync(ctx);
            else ctx.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body) body.MaxRequestBodySize = cap;
        if (ctx.Request.HasFormContentType)
            ctx.Features.Set<IFormFeature>(new FormFeature(ctx.Request, new FormOptions { MultipartBodyLengthLimit = cap }));
        await next(ctx);
    }
}
