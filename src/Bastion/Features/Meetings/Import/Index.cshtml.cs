using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Meetings.Import;

/// <summary>
/// 导入历史会议: template download, check (dry run) with the row report, then the import of the valid rows. With
/// scripts the report replaces only its own part of the page, so the chosen file stays chosen for the import.
/// </summary>
[Require(Permission.MeetingManage)]
[UploadLimit(MeetingSheet.MaxBytes)]
public sealed class IndexModel(UserContext user, ImportMeetings import) : PageModel
{
    public Organization Org => user.CurrentOrg!;
    public bool IsBranch => OrgRules.IsBranch(Org.Type);
    public ImportMeetings.Report? Report { get; private set; }
    public string? Error { get; private set; }
    public string? FileName { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnGetTemplateAsync() =>
        File(MeetingSheet.Template(await import.ExampleAsync(Org, HttpContext.RequestAborted)), Xlsx.ContentType, $"历史会议导入模板-{Org.Name}.xlsx");

    public Task<IActionResult> OnPostCheckAsync(IFormFile? file) => RunAsync(file, dryRun: true);

    public Task<IActionResult> OnPostCommitAsync(IFormFile? file) => RunAsync(file, dryRun: false);

    private async Task<IActionResult> RunAsync(IFormFile? file, bool dryRun)
    {
        if (file is null || file.Length == 0) Error = dryRun ? "请选择要导入的会议记录文件（.xlsx 或 .xls）" : "请重新选择刚才校验的文件后再导入";
        else if (file.Length > MeetingSheet.MaxBytes) Error = $"文件过大，会议导入文件不超过 {MeetingSheet.MaxBytes / 1024 / 1024} MB";
        else
        {
            FileName = Path.GetFileName(file.FileName);
            await using var ms = new MemoryStream();
            await file.CopyToAsync(ms, HttpContext.RequestAborted);
            ms.Position = 0;
            Report = await import.RunAsync(ms, Org, dryRun, HttpContext.RequestAborted);
        }
        return Request.Headers.ContainsKey("HX-Request") ? Partial("_MeetingImportReport", this) : Page();
    }
}
