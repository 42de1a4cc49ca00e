using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>Edit a round's name, plan, dates and authorization.</summary>
[Require(Permission.InspectionManage, From = OrgFrom.Record, Record = typeof(InspectionRound))]
public sealed class EditRoundModel(AppDbContext db, UpdateInspectionRound update) : RoundFormPage
{
    public override bool IsNew => false;
    public long Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var r = await db.Set<InspectionRound>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, HttpContext.RequestAborted);
        if (r is null) return NotFound();
        Id = id;
        (Name, Year, Plan, StartsOn, EndsOn) = (r.Name, r.Year, r.Plan, r.StartsOn, r.EndsOn);
        (AuthorizedBy, AuthorizationNo, AuthorizedOn, AuthorizationScope) = (r.AuthorizedBy, r.AuthorizationNo, r.AuthorizedOn, r.AuthorizationScope);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        Id = id;
        var r = await update.Handle(id, ToRequest(), HttpContext.RequestAborted);
        if (r.IsOk) return Redirect($"/Inspections/Round/{id}?done=saved");
        Errors = ErrorsOf(r);
        return Page();
    }
}
