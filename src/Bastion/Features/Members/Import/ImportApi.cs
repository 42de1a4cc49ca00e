using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Members.Import;

/// <summary>POST /api/v1/members/import?org=&lt;id&gt;&amp;dryRun=true|false — multipart field <c>file</c>.</summary>
public static class ImportApi
{
    public static void Map(RouteGroupBuilder api) =>
        // the form is read by hand: an IFormFile parameter would add content-type matching to routing, which
        // answers a wrong content type before authorization runs
        api.MapPost("/members/import", async (HttpContext http, bool? dryRun, UserContext user, ImportMembers import, CancellationToken ct) =>
            {
                if (!http.Request.HasFormContentType)
                    return ErrorResponses.Problem(415, "请以 multipart/form-data 上传，文件字段名为 file。");
                var file = (await http.Request.ReadFormAsync(ct)).Files["file"];
                if (file is null || file.Length == 0)
                    return ErrorResponses.Validation(new Dictionary<string, string[]> { ["file"] = ["请上传党员花名册文件（.xlsx 或 .xls）"] });
                if (file.Length > RosterReader.MaxBytes) return UploadLimit.Problem(RosterReader.MaxBytes);
                await using var ms = new MemoryStream();
                await file.CopyToAsync(ms, ct);
                ms.Position = 0;
                var report = await import.RunAsync(ms, user.CurrentOrg!, dryRun ?? true, ct: ct);
                // a problem with the file itself (not Excel, no header, merged header cells) is a 400 about the file
                return report.Total == 0 && report.Errors.Count > 0
                    ? ErrorResponses.Validation(new Dictionary<string, string[]> { ["file"] = report.Errors.Select(e => e.Message).ToArray() }, "文件无法导入")
                    : Results.Ok(report);
            })
           .Require(Permission.MemberManage)
           .DisableAntiforgery()
           .WithMetadata(new UploadLimitAttribute(RosterReader.MaxBytes))
           .WithSummary("导入党员花名册（multipart/form-data，文件字段 file；?org= 目标组织；dryRun=true 只校验不写入）")
           .Produces<ImportMembers.Report>();
}
