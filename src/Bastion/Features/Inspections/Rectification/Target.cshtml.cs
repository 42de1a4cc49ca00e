using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Inspections.Rectification;

/// <summary>
/// The rectification plan of one inspected organization (回头看): each finding with its ledger items (owner, deadline
/// original and extended, state, evidence), links to the ledger item where the verifier closes or rejects it, the
/// verified / rejected / open summary, and the .xlsx export (?handler=Export).
/// </summary>
[Require(Permission.InspectionRead, From = OrgFrom.Record, Record = typeof(InspectionTarget))]
public sealed class TargetModel(GetRectification get) : PageModel
{
    public GetRectification.Plan Plan { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (await get.PlanAsync(id, HttpContext.RequestAborted) is not { } p) return NotFound();
        Plan = p;
        return Page();
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
        var bytes = Xlsx.Write("整改台账", ExportHeaders, rows);
        return File(bytes, Xlsx.ContentType, $"整改台账-{p.Target.RoundName}-{p.Target.OrgName}.xlsx");
    }
}
