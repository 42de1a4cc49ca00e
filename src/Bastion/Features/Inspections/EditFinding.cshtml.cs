using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>Edit a finding before 反馈, or revise it after 反馈 with a reason (the previous version kept).</summary>
[Require(Permission.InspectionManage, From = OrgFrom.Record, Record = typeof(InspectionFinding))]
public sealed class EditFindingModel(AppDbContext context, UpdateFinding update, InspectionAccess access) : FindingFormPage(context)
{
    private long _id;
    public override long? FindingId => _id;

    private async Task<InspectionFinding?> LoadAsync(long id, CancellationToken ct)
    {
        _id = id;
        var f = await Db.Set<InspectionFinding>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is not null) await LoadTargetAsync(f.TargetId, ct);
        return f;
    }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        var f = await LoadAsync(id, ct);
        if (f is null) return NotFound();
        if (!(await access.ViewerAsync(f.OrgId, ct)).HasFlag(InspectionViewer.Inspection)) return StatusCode(StatusCodes.Status403Forbidden);
        Fill(f);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        if (await LoadAsync(id, ct) is null) return NotFound();
        var r = await update.Handle(id, ToRequest(Target.Id), ct);
        if (r.ToStatusPage() is { } status) return status;
        if (r.IsOk) return Redirect($"/Inspections/Finding/{id}?done=saved");
        Errors = ErrorsOf(r);
        return Page();
    }
}
