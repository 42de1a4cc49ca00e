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
public sealed class ImportModel(AppDbContext db, UserContext user) : PageModel
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

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, [FromServices] StartRosterCheck start)
    {
        var started = await start.Handle(file, Org, HttpContext.RequestAborted);
        if (!started.IsOk) { FileError = started.Status.FirstMessage; return Page(); }
        return Redirect($"/Members/Import?org={Org.Id}&job={started.Value}");
    }

    public async Task<IActionResult> OnPostCommitAsync([FromServices] CommitRosterImport commit)
    {
        var result = await commit.Handle(Job, Org, HttpContext.RequestAborted);
        if (result.ToStatusPage() is { } status) return status;
        if (!result.IsOk) { await LoadAsync(); Error = result.FirstMessage; return Page(); }
        return Redirect($"/Members/Import?org={Org.Id}&job={Job}");
    }

    /// <summary>
    /// The roster template: the headers the reader knows and one example row that imports cleanly into this
    /// organization — for a 党支部 the branch itself, for a 党委/党总支 one of its 党支部 (named once in its subtree).
    /// </summary>
    public async Task<IActionResult> OnGetTemplateAsync()
    {
        var branch = Org.Name;
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
        Current = await db.Set<ImportJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == Job && j.OrgId == Org.Id && j.Kind == ImportKind.花名册);
        if (Current?.Report is { } json) Report = System.Text.Json.JsonSerializer.Deserialize<ImportMembers.Report>(json, ImportJob.Json);
    }

    public bool Running => Current?.State is ImportState.校验中 or ImportState.导入中;
}
