using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// The 报送 chain on the 党委's month page (decision 0012): its own 汇总报送, and the organizations below it with their
/// status, filtered and paged, each with 退回 (direct children that reported) and 催报 (those that have not).
/// Every command needs DuesManage on the current organization; the use cases check the rest.
/// </summary>
public sealed partial class IndexModel
{
    public ListDuesReporting.Response Reporting { get; private set; } = null!;
    public Pager ReportingPager { get; private set; } = null!;
    /// <summary>DuesManage on the current organization: its own 汇总报送, 退回 and 催报.</summary>
    public bool CanReview { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Scope { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? P { get; set; }
    [TempData] public string? ReportingError { get; set; }

    private async Task<IActionResult?> LoadReportingAsync(Organization org, CancellationToken ct)
    {
        var r = await reporting.Handle(org.Id, new ListDuesReporting.Query(Month, Status, Scope, Q, P), clock.GetUtcNow(), ct);
        if (!r.IsOk)
        {
            // a filter that does not parse shows the unfiltered list
            if (r.ToStatusPage() is { } status) return status;
            (Status, Scope, Q) = (null, null, null);
            r = await reporting.Handle(org.Id, new ListDuesReporting.Query(Month, null, null, null, P), clock.GetUtcNow(), ct);
        }
        Reporting = r.Value;
        ReportingPager = new Pager(Reporting.Page, Reporting.Size, Reporting.Total, Request.Query);
        CanReview = await user.HasAsync(Permission.DuesManage, org, ct);
        return null;
    }

    /// <summary>汇总报送 of the current organization (a 党委 or 党总支 below the top).</summary>
    public async Task<IActionResult> OnPostReportAsync([FromServices] ReportDuesBranch report)
    {
        if (!await user.HasAsync(Permission.DuesManage, user.CurrentOrg, HttpContext.RequestAborted)) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await report.Handle(user.CurrentOrg!.Id, HttpContext.RequestAborted);
        return Back(r.Status, r.IsOk ? "已汇总报送，本级及下级数据已锁定" : null);
    }

    public async Task<IActionResult> OnPostReturnAsync(long childId, string? reason, [FromServices] ReturnDuesReport back)
    {
        if (!await user.HasAsync(Permission.DuesManage, user.CurrentOrg, HttpContext.RequestAborted)) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await back.Handle(user.CurrentOrg!.Id, childId, new ReturnDuesReport.Request(reason), HttpContext.RequestAborted);
        return Back(r.Status, r.IsOk ? "已退回，该组织可更正后重新报送" : null);
    }

    public async Task<IActionResult> OnPostRemindAsync(long childId, [FromServices] RemindDuesReport remind)
    {
        if (!await user.HasAsync(Permission.DuesManage, user.CurrentOrg, HttpContext.RequestAborted)) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await remind.Handle(user.CurrentOrg!.Id, childId, HttpContext.RequestAborted);
        return Back(r.Status, r.IsOk ? $"已催报（提醒{r.Value.Recipients}个账号）" : null);
    }

    /// <summary>Back to the list as it was filtered; a refusal is shown above the list.</summary>
    private IActionResult Back(Result r, string? done)
    {
        if (r.ToStatusPage() is { } status) return status;
        if (r.IsOk) Done = done;
        else ReportingError = r.FirstMessage;
        var q = new List<string> { $"org={user.CurrentOrg!.Id}" };
        if (Month is { Length: > 0 }) q.Add("month=" + Uri.EscapeDataString(Month));
        if (Scope is { Length: > 0 }) q.Add("scope=" + Uri.EscapeDataString(Scope));
        if (Status is { Length: > 0 }) q.Add("status=" + Uri.EscapeDataString(Status));
        if (Q is { Length: > 0 }) q.Add("q=" + Uri.EscapeDataString(Q));
        if (P is { } p) q.Add("p=" + p);
        return Redirect("/Dues/Months?" + string.Join("&", q) + "#reporting");
    }
}
