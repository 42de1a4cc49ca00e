using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections.Reports;

/// <summary>巡察文书 of one inspected organization: the documents the account may download, and the downloads (?handler=Download&amp;kind=).</summary>
[Require(Permission.InspectionRead, From = OrgFrom.Record, Record = typeof(InspectionTarget))]
public sealed class DocumentsModel(AppDbContext db, GetInspectionDocument documents) : PageModel
{
    public IReadOnlyList<GetInspectionDocument.Choice> Choices { get; private set; } = [];
    public string RoundName { get; private set; } = "";
    public string OrgName { get; private set; } = "";
    public InspectionPhase Phase { get; private set; }
    public long TargetId { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        var t = await (from x in db.Set<InspectionTarget>().AsNoTracking()
                       join r in db.Set<InspectionRound>().AsNoTracking() on x.RoundId equals r.Id
                       join o in db.Organizations.AsNoTracking() on x.OrgId equals o.Id
                       where x.Id == id
                       select new { x.Id, x.Phase, Round = r.Name, Org = o.Name }).FirstOrDefaultAsync(ct);
        if (t is null || await documents.ChoicesAsync(id, ct) is not { } choices) return NotFound();
        (TargetId, Phase, RoundName, OrgName, Choices) = (t.Id, t.Phase, t.Round, t.Org, choices);
        return Page();
    }

    public async Task<IActionResult> OnGetDownloadAsync(long id, string? kind)
    {
        var r = await documents.Handle(id, kind, HttpContext.RequestAborted);
        if (r.IsOk) return File(r.Value.Content, OfficialDocument.ContentType, r.Value.FileName);
        return r.Kind == ResultKind.Forbidden ? StatusCode(403, r.Status.Message ?? "") : NotFound();
    }
}
