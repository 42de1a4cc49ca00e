using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// The 党委's month across its subtree: state, branches reported, totals, the ledger download; the top 党委 creates,
/// starts and settles months here (DuesManage on the top 党委, checked by the use case's scope).
/// </summary>
[Require(Permission.DuesRead)]
public sealed partial class IndexModel(GetDuesOverview overview, CreateDuesMonth create, StartDuesMonth start, SettleDuesMonth settle, UserContext user, TimeProvider clock,
    ListDuesReporting reporting) : PageModel
{
    public GetDuesOverview.Response View { get; private set; } = null!;
    public bool CanManage { get; private set; }
    /// <summary>Whether the viewer keeps the dues records of the organization (the payroll import of bases, …).</summary>
    public bool CanKeep { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty] public string? NewMonth { get; set; }
    [TempData] public string? Done { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var org = user.CurrentOrg!;
        var r = await overview.Handle(org.Id, Month, clock.GetUtcNow(), ct);
        if (r.ToStatusPage() is { } status) return status;
        View = r.Value;
        CanKeep = await user.HasAsync(Permission.DuesManage, org, ct);
        CanManage = View.IsTop && CanKeep;
        if (await LoadReportingAsync(org, ct) is { } bad) return bad;
        NewMonth ??= DuesMonthRules.Code(View.Months.Count > 0 ? DuesMonthRules.ParseMonth(View.Months[0].Month)!.Value.AddMonths(1) : DuesMonthRules.MonthOf(clock.Today()));
        return Page();
    }

    /// <summary>The month's ledger of the current organization's subtree (.xlsx), for the browser (the API needs a token).</summary>
    public async Task<IActionResult> OnGetLedgerAsync([FromServices] ExportDuesLedger export)
    {
        var r = await export.Handle(user.CurrentOrg!.Id, Month, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        return await r.Value.ToFileAsync(HttpContext.RequestAborted);
    }

    /// <summary>The year's branch summary (.xlsx) of the current organization's subtree, for the browser.</summary>
    public async Task<IActionResult> OnGetSummaryAsync(int? year, [FromServices] ExportDuesSummary export)
    {
        var r = await export.Handle(user.CurrentOrg!.Id, year ?? clock.Today().Year, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        return await r.Value.ToFileAsync(HttpContext.RequestAborted);
    }

    /// <summary>Each member's year (.xlsx): paid per month, totals and unpaid months, for the browser.</summary>
    public async Task<IActionResult> OnGetStatementAsync(int? year, [FromServices] ExportDuesStatement export)
    {
        var r = await export.Handle(user.CurrentOrg!.Id, year ?? clock.Today().Year, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        return await r.Value.ToFileAsync(HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (!await user.HasAsync(Permission.DuesManage, user.CurrentOrg, HttpContext.RequestAborted)) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await create.Handle(user.CurrentOrg!.Id, new CreateDuesMonth.Request(NewMonth), HttpContext.RequestAborted);
        return await After(r.Status, r.IsOk ? $"已创建{DuesMonthRules.Month(r.Value.Month)}" : null, r.IsOk ? DuesMonthRules.Code(r.Value.Month) : null);
    }

    public async Task<IActionResult> OnPostStartAsync(long monthId)
    {
        if (!await user.HasAsync(Permission.DuesManage, user.CurrentOrg, HttpContext.RequestAborted)) return StatusCode(StatusCodes.Status403Forbidden);
        if (!await OwnMonthAsync(monthId)) return NotFound();
        var r = await start.Handle(monthId, HttpContext.RequestAborted);
        return await After(r.Status, r.IsOk ? $"已启动{DuesMonthRules.Month(r.Value.Month)}：{r.Value.MemberCount}名党员应交，{r.Value.ProblemCount}名金额待补全" : null,
            r.IsOk ? DuesMonthRules.Code(r.Value.Month) : null);
    }

    public async Task<IActionResult> OnPostSettleAsync(long monthId)
    {
        if (!await user.HasAsync(Permission.DuesManage, user.CurrentOrg, HttpContext.RequestAborted)) return StatusCode(StatusCodes.Status403Forbidden);
        if (!await OwnMonthAsync(monthId)) return NotFound();
        var r = await settle.Handle(monthId, HttpContext.RequestAborted);
        return await After(r.Status, r.IsOk ? $"{DuesMonthRules.Month(r.Value.Month)}已结算" : null, r.IsOk ? DuesMonthRules.Code(r.Value.Month) : null);
    }

    private async Task<bool> OwnMonthAsync(long monthId)
    {
        var ov = await overview.Handle(user.CurrentOrg!.Id, null, clock.GetUtcNow(), HttpContext.RequestAborted);
        return ov.IsOk && ov.Value.IsTop && ov.Value.Months.Any(m => m.Id == monthId);
    }

    private async Task<IActionResult> After(Result r, string? done, string? month)
    {
        if (r.IsOk)
        {
            Done = done;
            return Redirect($"/Dues/Months?org={user.CurrentOrg!.Id}&month={month}");
        }
        if (r.ToStatusPage() is { } status) return status;
        Error = r.FirstMessage;
        return await OnGetAsync();
    }
}
