using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// A branch's month, built for the collector's phone: who has not paid (amount prefilled, method, receipt no., one tap),
/// who has, pending online records to confirm, 往月应补缴, and 报送. Recording needs DuesManage (checked per handler).
/// </summary>
[Require(Permission.DuesRead, From = OrgFrom.Route)]
public sealed class BranchModel(GetBranchDuesMonth get, RecordDuesPayment pay, DelayDuesEntry delay, ConfirmDuesPayment confirm, ReportDuesBranch report,
    UserContext user, Data.AppDbContext db) : PageModel
{
    public GetBranchDuesMonth.Response View { get; private set; } = null!;
    public bool CanManage { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [TempData] public string? Done { get; set; }
    public string? Error { get; private set; }
    public long? ErrorEntry { get; private set; }

    /// <summary>Why this organization does not collect (a 临时党支部, a revoked one), or null.</summary>
    public string? CannotCollect { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        var r = await get.Handle(id, Month, ct);
        if (r.ToStatusPage() is { } status) return status;
        View = r.Value;
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == id, ct);
        // a 党小组's members pay in its branch: the branch's page is the one to work on
        if (org.Type == OrgType.党小组 && org.ParentId is { } branch)
            return Redirect($"/Dues/Months/Branch/{branch}" + (Month is null ? "" : $"?month={Uri.EscapeDataString(Month)}"));
        CannotCollect = View.CanCollect ? null
            : org.Type == OrgType.临时党支部 ? "临时党支部不收缴党费，党员在其组织关系所在支部缴纳。"
            : OrgCapabilities.Refusal(org, OrgCapability.收缴党费) + "。";
        CanManage = View.CanCollect && await user.HasAsync(Permission.DuesManage, org, ct);
        return Page();
    }

    /// <summary>The branch's ledger of the month (.xlsx), for the browser.</summary>
    public async Task<IActionResult> OnGetLedgerAsync(long id, [FromServices] ExportDuesLedger export)
    {
        var r = await export.Handle(id, Month, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        return await r.Value.ToFileAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostPayAsync(long id, long entryId, string? amount, string? method, string? receiptNo, string? backPayReason, string? kind)
    {
        if (await DeniedAsync(id, entryId) is { } denied) return denied;
        // typed text that is not a number is named as such (the model binder would leave only "请填写金额")
        decimal? value = null;
        if (!string.IsNullOrWhiteSpace(amount))
        {
            if (!decimal.TryParse(amount.Trim(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                return await After(id, Result.Invalid("amount", "金额应为数字，如 25.50"), null, entryId);
            value = parsed;
        }
        var r = await pay.Handle(entryId, new RecordDuesPayment.Request(value, method, receiptNo, null, kind, backPayReason, null), HttpContext.RequestAborted);
        var who = r.IsOk
            ? await db.Set<DuesEntry>().Where(e => e.Id == entryId).Join(db.Members, e => e.MemberId, m => m.Id, (e, m) => new { m.Name, e.Month }).FirstAsync(HttpContext.RequestAborted)
            : null;
        return await After(id, r.Status, who is null ? null : $"已登记{who.Name}{DuesMonthRules.Month(who.Month)}的党费", entryId);
    }

    public async Task<IActionResult> OnPostDelayAsync(long id, long entryId, string? remark)
    {
        if (await DeniedAsync(id, entryId) is { } denied) return denied;
        var r = await delay.Handle(entryId, new DelayDuesEntry.Request(remark), HttpContext.RequestAborted);
        return await After(id, r, r.IsOk ? "已标记延迟缴费" : null, entryId);
    }

    public async Task<IActionResult> OnPostConfirmAsync(long id, long paymentId, bool accept, string? note)
    {
        if (!await CanManageAsync(id)) return StatusCode(StatusCodes.Status403Forbidden);
        if (!await db.Set<DuesPayment>().AnyAsync(p => p.Id == paymentId && p.OrgId == id, HttpContext.RequestAborted)) return NotFound();
        var r = await confirm.Handle(paymentId, new ConfirmDuesPayment.Request(accept, note), HttpContext.RequestAborted);
        return await After(id, r.Status, r.IsOk ? (accept ? "已确认" : "已驳回") : null, null);
    }

    public async Task<IActionResult> OnPostReportAsync(long id)
    {
        if (!await CanManageAsync(id)) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await report.Handle(id, HttpContext.RequestAborted);
        return await After(id, r.Status, r.IsOk ? "已报送，本月数据已锁定" : null, null);
    }

    private async Task<bool> CanManageAsync(long id)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, HttpContext.RequestAborted);
        return org is not null && await user.HasAsync(Permission.DuesManage, org, HttpContext.RequestAborted);
    }

    private async Task<IActionResult?> DeniedAsync(long id, long entryId)
    {
        if (!await CanManageAsync(id)) return StatusCode(StatusCodes.Status403Forbidden);
        return await db.Set<DuesEntry>().AnyAsync(e => e.Id == entryId && e.OrgId == id, HttpContext.RequestAborted) ? null : NotFound();
    }

    private async Task<IActionResult> After(long id, Result r, string? done, long? entryId)
    {
        if (r.IsOk)
        {
            Done = done;
            return Redirect($"/Dues/Months/Branch/{id}" + (Month is null ? "" : $"?month={Month}") + (entryId is { } e ? $"#entry-{e}" : ""));
        }
        if (r.ToStatusPage() is { } status) return status;
        Error = r.FirstMessage;
        ErrorEntry = entryId;
        return await OnGetAsync(id);
    }
}
