using Microsoft.AspNetCore.Mvc;

namespace Bastion.Web;

public static class ErrorResponses
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
        429 => "请求过于频繁，请稍后再试。",
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
}
