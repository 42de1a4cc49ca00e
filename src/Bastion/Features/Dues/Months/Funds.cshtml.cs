using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// The current organization's dues funds of a year: whether it may retain dues (留存), 使用 records and their form, the
/// year's 上缴 records, and the 收缴、使用、上缴 report (.xlsx). Recording needs DuesConfigure (checked per handler).
/// </summary>
[Require(Permission.DuesRead)]
public sealed class FundsModel(ListDuesFunds list, UserContext user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public RecordDuesSpending.Request Spending { get; set; } = new(null, null, null, null, null, null);
    [BindProperty] public SetDuesRetention.Request Retention { get; set; } = new(null, null);
    public ListDuesFunds.Response View { get; private set; } = null!;
    public bool CanConfigure { get; private set; }
    public int ThisYear => clock.Today().Year;
    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var org = user.CurrentOrg!;
        var r = await list.Handle(org.Id, Year ??= clock.Today().Year, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        if (!r.IsOk) return NotFound();
        View = r.Value;
        CanConfigure = await user.HasAsync(Permission.DuesConfigure, org, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostSpendingAsync([FromServices] RecordDuesSpending record)
    {
        if (!await user.HasAsync(Permission.DuesConfigure, user.CurrentOrg, HttpContext.RequestAborted)) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await record.Handle(user.CurrentOrg!.Id, Spending, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        if (!r.AddTo(ModelState, nameof(Spending))) return await OnGetAsync();
        Done = $"已登记使用{DuesRules.Yuan(r.Value.Amount)}元（{r.Value.Purpose}）";
        return Redirect($"/Dues/Months/Funds?year={r.Value.SpentOn.Year}#spendings");
    }

    public async Task<IActionResult> OnPostRetentionAsync([FromServices] SetDuesRetention set)
    {
        if (!await user.HasAsync(Permission.DuesConfigure, user.CurrentOrg, HttpContext.RequestAborted)) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await set.Handle(user.CurrentOrg!.Id, Retention, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        if (!r.AddTo(ModelState, nameof(Retention))) return await OnGetAsync();
        Done = r.Value.Allowed ? "已设置：经批准留存党费" : "已设置：不留存，党费全额上缴";
        return Redirect("/Dues/Months/Funds");
    }

    /// <summary>The year's 收缴、使用、上缴 report (.xlsx), for the browser.</summary>
    public async Task<IActionResult> OnGetAccountAsync([FromServices] ExportDuesAccount export)
    {
        var r = await export.Handle(user.CurrentOrg!.Id, Year ?? clock.Today().Year, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        if (!r.IsOk) return BadRequest();
        return await r.Value.ToFileAsync(HttpContext.RequestAborted);
    }

    public string? Error(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;
}
