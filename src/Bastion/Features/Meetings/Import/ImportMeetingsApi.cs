using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Meetings.Import;

/// <summary>
/// POST /api/v1/meetings/import?org=&lt;branch&gt;&amp;dryRun=true|false (multipart field <c>file</c>) and
/// GET /api/v1/meetings/import/template?org= — bringing a branch's past meetings in (补录).
/// </summary>
public static class ImportMeetingsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        // the form is read by hand: an IFormFile parameter would add content-type matching to routing, which
        // answers a wrong content type before authorization runs
        api.MapPost("/meetings/import", async (HttpContext http, bool? dryRun, UserContext user, ImportMeetings import, CancellationToken ct) =>
            {
                if (!http.Request.HasFormContentType)
                    return ErrorResponses.Problem(415, "请以 multipart/form-data 上传，文件字段名为 file。");
                var file = (await http.Request.ReadFormAsync(ct)).Files["file"];
                if (file is null || file.Length == 0)
                    return ErrorResponses.Validation(new Dictionary<string, string[]> { ["file"] = ["请上传会议导入文件（.xlsx 或 .xls）"] });
                if (file.Length > MeetingSheet.MaxBytes) return UploadLimit.Problem(MeetingSheet.MaxBytes);
                await using var ms = new MemoryStream();
                await file.CopyToAsync(ms, ct);
                ms.Position = 0;
                var report = await import.RunAsync(ms, user.CurrentOrg!, dryRun ?? true, ct);
                // a problem with the file itself (not Excel, no header, not a branch) is a 400 about the file
                return report.Total == 0 && report.Errors.Count > 0
                    ? ErrorResponses.Validation(new Dictionary<string, string[]> { ["file"] = report.Errors.Select(e => e.Message).ToArray() }, "文件无法导入")
                    : Results.Ok(report);
            })
           .Require(Permission.MeetingManage)
           .DisableAntiforgery()
           .WithMetadata(new UploadLimitAttribute(MeetingSheet.MaxBytes))
           .WithSummary("导入党支部的历史会议（补录；multipart/form-data，文件字段 file；?org= 党支部；dryRun=true 只校验不写入）")
           .Produces<ImportMeetings.Report>();

        api.MapGet("/meetings/import/template", async (UserContext user, ImportMeetings import, CancellationToken ct) =>
                Results.File(MeetingSheet.Template(await import.ExampleAsync(user.CurrentOrg!, ct)), Xlsx.ContentType, "历史会议导入模板.xlsx"))
           .Require(Permission.MeetingManage)
           .WithSummary("下载历史会议导入模板（?org= 党支部；示例行按该支部的党员生成，可直接导入）")
           .Produces(200, contentType: Xlsx.ContentType);
    }
}
