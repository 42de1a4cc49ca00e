using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Ledger;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections.Rectification;

/// <summary>
/// The rectification plan of one inspected organization (回头看): each finding with its ledger items (owner, deadline
/// original and extended, state, evidence), links to the ledger item where the verifier closes or rejects it, the
/// verified / rejected / open summary, and the .xlsx export (?handler=Export).
/// </summary>
[Require(Permission.InspectionRead, From = OrgFrom.Record, Record = typeof(InspectionTarget))]
public sealed class TargetModel(GetRectification get, UserContext user, AppDbContext db) : PageModel
{
    public sealed class ItemInput
    {
        public long FindingId { get; set; }
        public string? Title { get; set; }
        public DateOnly? Deadline { get; set; }
        public string? WorkStandard { get; set; }
        public bool Immediate { get; set; }
    }

    public GetRectification.Plan Plan { get; private set; } = null!;
    /// <summary>The inspection office (InspectionManage over the inspected organization) adds items to a finding after 反馈.</summary>
    public bool CanAddItems { get; private set; }
    public ItemInput Input { get; private set; } = new();
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public string? Message { get; private set; }
    /// <summary>The inspected organization (loaded with the plan).</summary>
    private Organization _org = null!;

    public string? Error(long findingId, string key) => Input.FindingId == findingId && Errors.TryGetValue(key, out var e) ? e[0] : null;

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    /// <summary>增加整改任务: one more ledger item for a finding (a finding may need several), owned by the inspected organization's secretary.</summary>
    public async Task<IActionResult> OnPostAddItemAsync(long id, ItemInput input, [FromServices] AddRectificationItem add)
    {
        var ct = HttpContext.RequestAborted;
        if (!await LoadAsync(id)) return NotFound();
        if (!CanAddItems) return StatusCode(StatusCodes.Status403Forbidden);
        Input = input;
        var r = await add.Handle(_org, Plan.Target, new AddRectificationItem.Request(input.FindingId, input.Title, input.Deadline, input.WorkStandard, input.Immediate), ct);
        if (!r.IsOk) { Errors = r.Status.Errors!.ToDictionary(); return Page(); }
        await LoadAsync(id);
        Input = new();
        Message = $"已增加整改任务“{input.Title?.Trim()}”，责任人{r.Value.OwnerName}。";
        return Page();
    }

    private async Task<bool> LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        if (await get.PlanAsync(id, ct) is not { } p) return false;
        Plan = p;
        _org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == p.Target.OrgId, ct);
        CanAddItems = p.Target.Phase >= InspectionPhase.反馈 && p.Target.Phase < InspectionPhase.归档 && await user.HasAsync(Permission.InspectionManage, _org, ct);
        return true;
    }

    public static readonly string[] ExportHeaders = ["问题", "分类", "整改任务", "来源", "责任人", "验收人", "原定时限", "当前时限", "状态", "逾期天数", "佐证材料（份）", "台账编号"];

    public async Task<IActionResult> OnGetExportAsync(long id)
    {
        if (await get.PlanAsync(id, HttpContext.RequestAborted) is not { } p) return NotFound();
        var rows = p.Findings.SelectMany(f => f.Items.Select(i => (IReadOnlyList<object?>)
        [
            f.Heading, f.Category, i.Title, i.Source.ToString(), i.OwnerName, i.VerifierName, i.OriginalDeadline, i.Deadline,
            RectificationStats.Display(RectificationStats.Bucket(i)), LedgerRules.DaysOverdue(i.State, i.Deadline, p.Today), i.EvidenceCount, i.Id,
        ]));
        var file = Xlsx.Stream("整改台账", ExportHeaders, rows);
        return File(file, Xlsx.ContentType, $"整改台账-{p.Target.RoundName}-{p.Target.OrgName}.xlsx");
    }
}
