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
[UploadLimit(RosterReader.MaxBytes)]
public sealed class ImportModel(AppDbContext db, UserContext user, ImportJobRunner runner) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Job { get; set; }
    public ImportJob? Current { get; private set; }
    public ImportMembers.Report? Report { get; private set; }
    public string? Error { get; private set; }
    /// <summary>Why the chosen file was refused (none chosen, over the limit): shown under the file input.</summary>
    public string? FileError { get; private set; }
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
        if (file is null || file.Length == 0) { FileError = "请选择要导入的党员花名册文件（.xlsx 或 .xls）"; return Page(); }
        if (file.Length > RosterReader.MaxBytes) { FileError = UploadLimit.TooLarge(RosterReader.MaxBytes) + "可分批导入。"; return Page(); }
        await using var ms = new MemoryStream();
        await file.CopyToAsync(ms);
        // a file beyond the limits (rows, columns, uncompressed size) is refused now, before a job is made
        if (RosterReader.Check(ms) is { } refusal) { FileError = refusal; return Page(); }
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

    /// <summary>
    /// The roster template: the headers the reader knows and one example row that imports cleanly into this
    /// organization — for a 党支部 the branch itself, for a 党委/党总支 one of its 党支部 (named once in its subtree).
    /// </summary>
    public async Task<IActionResult> OnGetTemplateAsync()
    {
        string? branch = Org.Name;
        if (!OrgRules.IsBranch(Org.Type))
        {
            var branches = await db.UnderOrg(Org).AsNoTracking().Where(o => o.Status == OrgStatus.正常)
                .OrderBy(o => o.Path).Select(o => new { o.Name, o.Type }).ToListAsync(HttpContext.RequestAborted);
            branch = branches.Where(b => OrgRules.IsBranch(b.Type)).GroupBy(b => MemberRules.Normalize(b.Name))
                .Where(g => g.Count() == 1).Select(g => g.First().Name).FirstOrDefault();
        }
        var headers = Roster.Columns.Select(c => c.Label).ToList();
        return File(Xlsx.Write("党员花名册", headers, [Roster.ExampleRow(branch, (int)(Org.Id % 500))]), Xlsx.ContentType, "党员花名册模板.xlsx");
    }

    private async Task LoadAsync()
    {
        if (Job is null) return;
        Current = await db.Set<ImportJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == Job && j.OrgId == Org.Id);
        if (Current?.Report is { } json) Report = System.Text.Json.JsonSerializer.Deserialize<ImportMembers.Report>(json, ImportJobRunner.Json);
    }

    public bool Running => Current?.State is ImportState.校验中 or ImportState.导入中;
}
