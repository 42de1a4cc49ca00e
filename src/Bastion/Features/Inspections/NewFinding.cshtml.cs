using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;

namespace Bastion.Features.Inspections;

/// <summary>Record a finding about an inspected organization ({id} = the target).</summary>
[Require(Permission.InspectionManage, From = OrgFrom.Record, Record = typeof(InspectionTarget))]
public sealed class NewFindingModel(AppDbContext db, CreateFinding create) : FindingFormPage(db)
{
    public override long? FindingId => null;

    public async Task OnGetAsync(long id) => await LoadTargetAsync(id, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        await LoadTargetAsync(id, ct);
        var r = await create.Handle(ToRequest(id), null, ct);
        if (r.ToStatusPage() is { } status) return status;
        if (r.IsOk) return Redirect($"/Inspections/Finding/{r.Value}?done=created");
        Errors = ErrorsOf(r.Status);
        return Page();
    }
}
