using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;

namespace Bastion.Features.Inspections;

/// <summary>Record a finding about an inspected organization ({id} = the target).</summary>
[Require(Permission.InspectionManage, From = OrgFrom.Record, Record = typeof(InspectionTarget))]
public sealed class NewFindingModel(AppDbContext db, InspectionFindings findings) : FindingFormPage(db)
{
    public override long? FindingId => null;

    public async Task OnGetAsync(long id) => await LoadTargetAsync(id, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        await LoadTargetAsync(id, ct);
        var r = await findings.CreateAsync(ToRequest(id), ct);
        if (r.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (r.Ok) return Redirect($"/Inspections/Finding/{r.Id}?done=created");
        Errors = r.Errors;
        return Page();
    }
}
