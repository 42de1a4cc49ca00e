using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>New 巡察轮次 run by the current organization (a 党委).</summary>
[Require(Permission.InspectionManage)]
public sealed class NewRoundModel(AppDbContext db, UserContext user, TimeProvider clock, CreateInspectionRound create) : RoundFormPage
{
    public override bool IsNew => true;
    public Organization Org { get; private set; } = null!;

    private async Task LoadAsync(CancellationToken ct)
    {
        Org = user.CurrentOrg!;
        Candidates = (await db.UnderOrg(Org).AsNoTracking().Where(o => o.Id != Org.Id && o.Status == OrgStatus.正常).OrderBy(o => o.Path).ToListAsync(ct))
            .Where(o => o.Type != OrgType.党小组).ToList();
    }

    public async Task OnGetAsync()
    {
        await LoadAsync(HttpContext.RequestAborted);
        var today = clock.Today();
        Year ??= today.Year;
        AuthorizedBy ??= Org.Name;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync(ct);
        var r = await create.Handle(Org, ToRequest(), ct);
        if (r.IsOk) return Redirect($"/Inspections/Round/{r.Value}?done=created");
        Errors = ErrorsOf(r.Status);
        return Page();
    }
}
