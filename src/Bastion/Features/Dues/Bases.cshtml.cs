using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Members.Import;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues;

/// <summary>党费基数导入: a payroll file → background check with progress → per-row report → 确认导入 of the valid rows.</summary>
[Require(Permission.DuesManage)]
[UploadLimit(RosterReader.MaxBytes)]
public sealed class BasesModel(AppDbContext db, UserContext user) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Job { get; set; }
    public ImportJob? Current { get; private set; }
    public ImportMembers.Report? Report { get; private set; }
    public string? Error { get; private set; }
    public string? FileError { get; private set; }
    public Organization Org => user.CurrentOrg!;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnGetStatusAsync()
    {
        await LoadAsync();
        return Current is null ? NotFound() : Partial("_DuesImportStatus", this);
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, [FromServices] StartDuesBaseImport start)
    {
        var started = await start.Handle(file, Org, HttpContext.RequestAborted);
        if (!started.IsOk) { FileError = started.Status.FirstMessage; return Page(); }
        return Redirect($"/Dues/Bases?org={Org.Id}&job={started.Value}");
    }

    public async Task<IActionResult> OnPostCommitAsync([FromServices] StartDuesBaseImport start)
    {
        var result = await start.CommitAsync(Job, Org, HttpContext.RequestAborted);
        if (result.ToStatusPage() is { } status) return status;
        if (!result.IsOk) { await LoadAsync(); Error = result.FirstMessage; return Page(); }
        return Redirect($"/Dues/Bases?org={Org.Id}&job={Job}");
    }

    public IActionResult OnGetTemplate() =>
        File(Xlsx.Write("工资表", ImportDuesBases.Columns.Select(c => c.Label).ToList(), []), Xlsx.ContentType, "党费基数导入模板.xlsx");

    private async Task LoadAsync()
    {
        if (Job is null) return;
        Current = await db.Set<ImportJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == Job && j.OrgId == Org.Id && j.Kind == ImportKind.党费基数);
        if (Current?.Report is { } json) Report = System.Text.Json.JsonSerializer.Deserialize<ImportMembers.Report>(json, ImportJob.Json);
    }

    public bool Running => Current?.State is ImportState.校验中 or ImportState.导入中;
}
