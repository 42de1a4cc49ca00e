using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Members.Import;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>Roster import: upload → background check with progress → per-row report → commit of the valid rows.</summary>
[Require(Permission.MemberManage)]
[RequestSizeLimit(RosterReader.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = RosterReader.MaxBytes + 1024 * 1024)]
public sealed class ImportModel(AppDbContext db, UserContext user, ImportJobRunner runner) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Job { get; set; }
    public ImportJob? Current { get; private set; }
    public ImportMembers.Report? Report { get; private set; }
    public string? Error { get; private set; }
    public Organization Org => user.CurrentOrg!;

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>htmx: the progress bar, or the report once the job has finished.</summary>
    public async Task<IActionResult> OnGetStatusAsync()
    {
        await LoadAsync();
        return Current is null ? NotFound() : Partial("_ImportStatus", this);
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0) { Error = "请选择要导入的党员花名册文件（.xlsx 或 .xls）"; return Page(); }
        if (file.Length > RosterReader.MaxBytes) { Error = $"文件过大，单个文件不超过 {RosterReader.MaxBytes / 1024 / 1024} MB，请分批导入"; return Page(); }
        await using var ms = new MemoryStream();
        await file.CopyToAsync(ms);
        var job = new ImportJob
        {
            OrgId = Org.Id, FileName = Path.GetFileName(file.FileName)[..Math.Min(200, Path.GetFileName(file.FileName).Length)], Content = ms.ToArray(),
            State = ImportState.校验中, CreatedBy = user.UserName, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Set<ImportJob>().Add(job);
        await db.SaveChangesAsync();
        runner.Start(job.Id, dryRun: true, user.UserId, user.UserName);
        return Redirect($"/Members/Import?org={Org.Id}&job={job.Id}");
    }

    public async Task<IActionResult> OnPostCommitAsync()
    {
        var job = await db.Set<ImportJob>().FirstOrDefaultAsync(j => j.Id == Job && j.OrgId == Org.Id);
        if (job is null) return NotFound();
        if (job.State != ImportState.已校验) { await LoadAsync(); Error = "该文件尚未校验完成或已经导入"; return Page(); }
        job.State = ImportState.导入中;
        job.Done = 0;
        await db.SaveChangesAsync();
        runner.Start(job.Id, dryRun: false, user.UserId, user.UserName);
        return Redirect($"/Members/Import?org={Org.Id}&job={job.Id}");
    }

    /// <summary>An empty roster with the expected columns.</summary>
    public IActionResult OnGetTemplate() =>
        File(Xlsx.Write("党员花名册", Roster.Columns.Select(c => c.Label).ToList(), [
            ["张三", "男", "110105199001011234", "汉族", "1990-01-01", "北京", "大学本科", "学士", "正式党员", Org.Name, "2015-07-01", "2016-07-01", "", "工程师", "13800000000", "正常", "否", ""],
        ]), Xlsx.ContentType, "党员花名册模板.xlsx");

    private async Task LoadAsync()
    {
        if (Job is null) return;
        Current = await db.Set<ImportJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == Job && j.OrgId == Org.Id);
        if (Current?.Report is { } json) Report = System.Text.Json.JsonSerializer.Deserialize<ImportMembers.Report>(json, ImportJobRunner.Json);
    }

    public bool Running => Current?.State is ImportState.校验中 or ImportState.导入中;
}
