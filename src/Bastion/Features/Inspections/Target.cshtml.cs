using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>One inspected organization: phase stepper, findings the viewer may read, phase advance (InspectionManage, checked in the handler).</summary>
[Require(Permission.InspectionRead, From = OrgFrom.Record, Record = typeof(InspectionTarget))]
public sealed class TargetModel(AppDbContext db, UserContext user, InspectionQueries q, InspectionAccess access, AdvancePhase advance) : PageModel
{
    public InspectionTarget Target { get; private set; } = null!;
    public string OrgName { get; private set; } = "";
    public string RoundName { get; private set; } = "";
    public List<InspectionQueries.PhaseRow> Phases { get; private set; } = [];
    public List<InspectionQueries.FindingRow> Findings { get; private set; } = [];
    public bool CanManage { get; private set; }
    /// <summary>Whether the viewer may open the round page (the inspected leadership reads its target, not the inspecting 党委's round).</summary>
    public bool CanReadRound { get; private set; }
    public InspectionViewer Viewer { get; private set; }
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e[0] : null;
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public DateOnly? EnteredOn { get; set; }
    [BindProperty] public string? Phase { get; set; }

    private async Task<IActionResult> LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        var t = await db.Set<InspectionTarget>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (t is null) return NotFound();
        Target = t;
        OrgName = await db.Organizations.AsNoTracking().Where(o => o.Id == t.OrgId).Select(o => o.Name).FirstAsync(ct);
        var round = await db.Set<InspectionRound>().AsNoTracking().Where(r => r.Id == t.RoundId).Select(r => new { r.Name, r.OrgId }).FirstAsync(ct);
        RoundName = round.Name;
        var roundOrg = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == round.OrgId, ct);
        CanReadRound = await user.HasAsync(Permission.InspectionRead, roundOrg, ct);
        Phases = await db.Set<InspectionPhaseEntry>().AsNoTracking().Where(e => e.TargetId == id).OrderBy(e => e.Id)
            .Select(e => new InspectionQueries.PhaseRow(e.Phase.ToString(), e.EnteredOn, e.RecordedBy, e.Note)).ToListAsync(ct);
        Findings = await q.FindingsAsync(t, ct);
        Viewer = await access.ViewerAsync(t.OrgId, ct);
        CanManage = Viewer.HasFlag(InspectionViewer.Inspection) && await user.HasAsync(Permission.InspectionManage, user.CurrentOrg, ct);
        return Page();
    }

    public Task<IActionResult> OnGetAsync(long id) => LoadAsync(id);

    public async Task<IActionResult> OnPostAdvanceAsync(long id)
    {
        if (!await user.HasAsync(Permission.InspectionManage, user.CurrentOrg, HttpContext.RequestAborted)) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await advance.Handle(id, new AdvancePhase.Request(Phase, Note, EnteredOn), HttpContext.RequestAborted);
        if (r.IsOk) return Redirect($"/Inspections/Target/{id}?done={Uri.EscapeDataString(r.Value.Phase)}");
        Errors = FindingFormPage.ErrorsOf(r.Status);
        return await LoadAsync(id);
    }
}
