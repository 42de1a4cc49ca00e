using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bastion.Web;

public static partial class ErrorResponses
{
    public static bool IsApi(HttpContext ctx) => ctx.Request.Path.StartsWithSegments("/api");

    public static string Title(int status) => status switch
    {
        400 => "请求无效",
        401 => "未登录或登录已失效",
        403 => "没有权限",
        404 => "未找到",
        405 => "不支持的请求方法",
        409 => "数据冲突",
        413 => "内容过大",
        415 => "不支持的内容类型",
        422 => "不符合规定",
        429 => "请求过于频繁",
        500 => "服务器内部错误",
        503 => "服务暂不可用",
        _ => "请求失败",
    };

    public static string Detail(int status) => status switch
    {
        400 => "请求无效或页面已过期，请刷新页面后重试。",
        401 => "请先登录，或重新获取访问令牌。",
        403 => "您没有执行此操作的权限，或该组织不在您的管理范围内。",
        404 => "您访问的页面或数据不存在。",
        409 => "数据已被他人修改，请刷新后重试。",
        413 => "上传的内容超过上限，请压缩或拆分后重试。",
        429 => "请求过于频繁，请稍后再试。",
        503 => "数据库暂时不可用，请稍后重试。",
        500 => "系统出现了意外错误，已记录，请稍后重试或联系管理员。",
        _ => "请求未能完成。",
    };

    /// <summary>API: RFC 9457 ProblemDetails in Chinese. Pages: only the status; the status-code page renders it.</summary>
    public static async Task WriteAsync(HttpContext ctx, int status, string? detail = null)
    {
        ctx.Response.StatusCode = status;
        if (IsApi(ctx))
            await Results.Problem(title: Title(status), detail: detail ?? Detail(status), statusCode: status).ExecuteAsync(ctx);
    }

    public static IResult Problem(int status, string? detail = null) =>
        Results.Problem(title: Title(status), detail: detail ?? Detail(status), statusCode: status);

    /// <summary>
    /// A rule refuses well-formed input: 422 with the message as <c>detail</c>, the rule's name as <c>rule</c> and, where a
    /// later date would pass, <c>earliestOn</c> as <c>yyyy-mm-dd</c> (null otherwise).
    /// </summary>
    public static IResult Refusal(string rule, string detail, DateOnly? earliestOn) =>
        Results.Problem(title: Title(422), detail: detail, statusCode: 422, extensions: new Dictionary<string, object?>
        {
            ["rule"] = rule,
            ["earliestOn"] = earliestOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });

    /// <summary>Field errors: 400 with an <c>errors</c> map of Chinese messages.</summary>
    public static IResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        Results.ValidationProblem(errors, title: "提交的数据有误", detail: detail ?? "请按提示修改后重新提交。");

    public static void Customize(ProblemDetailsContext c)
    {
        var status = c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode;
        if (string.IsNullOrEmpty(c.ProblemDetails.Title) || c.ProblemDetails.Title.All(ch => ch < 128))
            c.ProblemDetails.Title = Title(status);
        c.ProblemDetails.Detail ??= Detail(status);
        c.ProblemDetails.Extensions.Remove("exception");
    }

    /// <summary>What an exception that reached the exception handler means for the caller: a status, a Chinese detail, field errors, a retry hint.</summary>
    public sealed record Failure(int Status, string Detail, IDictionary<string, string[]>? Errors = null, int? RetryAfterSeconds = null);

    public const int RetryAfterSeconds = 30;

    /// <summary>
    /// The one mapping of unexpected exceptions (API and pages): a concurrency conflict → 409, a broken database connection
    /// (Npgsql I/O, admin shutdown 57P0x, connection class 08) → 503 with Retry-After, a request body over its limit → 413,
    /// a body or parameter that cannot be bound (malformed JSON, 2026-02-30) → 400 naming the field, everything else → 500.
    /// Never the exception's own text: it may hold SQL, paths or personal data.
    /// </summary>
    public static Failure Classify(Exception exception, HttpContext? ctx = null)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbUpdateConcurrencyException:
                    return new(409, "数据已被他人修改，请刷新后重试。");
                case PostgresException p when IsUnavailable(p.SqlState):
                    return new(503, "数据库暂时不可用，请稍后重试。", RetryAfterSeconds: RetryAfterSeconds);
                case PostgresException p when p.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected:
                    return new(409, "数据正被他人同时修改，请稍后重试。");
                case PostgresException:
                    return new(500, Detail(500));
                case NpgsqlException:
                    return new(503, "数据库暂时不可用，请稍后重试。", RetryAfterSeconds: RetryAfterSeconds);
                case BadHttpRequestException b:
                    return BadRequest(b, ctx);
                case InvalidDataException d when d.Message.Contains("limit", StringComparison.OrdinalIgnoreCase):
                    // a form over its MultipartBodyLengthLimit (or a part over its header/value limits)
                    return new(413, UploadLimit.TooLargeMessage(ctx));
            }
        }
        return new(500, Detail(500));
    }

    /// <summary>Connection lost or refused: admin/crash shutdown (57P01–57P03) or the connection exception class (08).</summary>
    public static bool IsUnavailable(string? sqlState) =>
        sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
        || sqlState?.StartsWith("08", StringComparison.Ordinal) == true;

    private static Failure BadRequest(BadHttpRequestException b, HttpContext? ctx)
    {
        if (b.StatusCode == StatusCodes.Status413PayloadTooLarge) return new(413, UploadLimit.TooLargeMessage(ctx));
        for (var e = b.InnerException; e is not null; e = e.InnerException)
            if (e is JsonException j) return new(400, "提交的数据有误，请按提示修改后重新提交。", JsonErrors(j));
        if (BindFailure().Match(b.Message) is { Success: true } m)
            return new(400, "提交的数据有误，请按提示修改后重新提交。", new Dictionary<string, string[]> { [Camel(m.Groups["name"].Value)] = [TypeMessage(m.Groups["type"].Value)] });
        if (RequiredFailure().Match(b.Message) is { Success: true } r)
            return new(400, "提交的数据有误，请按提示修改后重新提交。", new Dictionary<string, string[]> { [Camel(r.Groups["name"].Value)] = ["必须填写"] });
        if (b.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal))
            return new(400, "请求缺少 JSON 正文。", new Dictionary<string, string[]> { ["$"] = ["请求缺少 JSON 正文"] });
        return new(b.StatusCode, Detail(b.StatusCode));
    }

    /// <summary>
    /// The field a JSON body failed at, as its camelCase property path (<c>deadline</c>, <c>evidence[0].fileName</c>), with a
    /// Chinese message for its type; a syntax error is reported on <c>$</c> with its line.
    /// </summary>
    public static Dictionary<string, string[]> JsonErrors(JsonException j)
    {
        var convert = ConvertFailure().Match(j.Message);
        if (!convert.Success)
        {
            var line = (j.LineNumber ?? 0) + 1;
            var column = (j.BytePositionInLine ?? 0) + 1;
            return new() { ["$"] = [string.Create(CultureInfo.InvariantCulture, $"JSON 格式错误（第 {line} 行第 {column} 个字节附近）")] };
        }
        var path = j.Path is { Length: > 1 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : j.Path is { Length: > 1 } q ? q[1..] : "$";
        var key = string.Join('.', path.Split('.').Select(Camel));
        // the inner exceptions say what the value should have been (the outer one may name the enclosing record)
        var why = new List<string>();
        for (var e = j.InnerException; e is not null; e = e.InnerException) why.Add(e.Message);
        why.Add(convert.Groups["type"].Value);
        return new() { [key] = [TypeMessage(string.Join(" | ", why))] };
    }

    /// <summary>A Chinese message for the type a value failed to bind to (from the type's name and the binder's own messages).</summary>
    private static string TypeMessage(string text)
    {
        bool Has(string s) => text.Contains(s, StringComparison.Ordinal);
        if (Has("DateOnly") || Has("DateTime")) return "日期无效";
        if (Has("TimeOnly") || Has("TimeSpan")) return "时间无效";
        if (Has("as a number") || Has("Int16") || Has("Int32") || Has("Int64") || Has("Decimal") || Has("Double") || Has("Single")
            || Has("int") || Has("long") || Has("decimal") || Has("double")) return "数字无效";
        if (Has("as a boolean") || Has("Boolean") || Has("bool")) return "应为 true 或 false";
        if (Has("as a string") || Has("System.String") || Has("string")) return "应为文本";
        if (Has("List") || Has("[]") || Has("Array")) return "应为数组";
        return "格式无效";
    }

    private static string Camel(string segment) =>
        segment.Length == 0 || !char.IsUpper(segment[0]) ? segment : char.ToLowerInvariant(segment[0]) + segment[1..];

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\.? Path:")]
    private static partial Regex ConvertFailure();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from")]
    private static partial Regex BindFailure();

    [GeneratedRegex("^Required parameter \"(?<type>.+) (?<name>[^ \"]+)\" was not provided")]
    private static partial Regex RequiredFailure();

    /// <summary>Writes a failure as ProblemDetails (a validation problem when it names fields), with its trace id and Retry-After.</summary>
    public static Task WriteProblemAsync(HttpContext ctx, Failure f)
    {
        ctx.Response.StatusCode = f.Status;
        if (f.RetryAfterSeconds is { } s) ctx.Response.Headers.RetryAfter = s.ToString(CultureInfo.InvariantCulture);
        var result = f.Errors is { } errors
            ? Results.ValidationProblem(errors, detail: f.Detail, statusCode: f.Status, title: "提交的数据有误")
            : Results.Problem(title: Title(f.Status), detail: f.Detail, statusCode: f.Status);
        return result.ExecuteAsync(ctx);
    }
}
