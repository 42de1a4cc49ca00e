using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Development.Documents;

/// <summary>
/// 年度发展计划 (?org=&amp;year=): the plan against the approvals per branch and per month, the rushed-development warning,
/// the form for the 党委's administrators (DevelopmentApprove) and the .xlsx download.
/// </summary>
[Require(Permission.DevelopmentRead)]
public sealed class PlanModel(AppDbContext db, UserContext user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public int? Planned { get; set; }
    [BindProperty] public Dictionary<long, int?> Shares { get; set; } = [];

    public Organization Org => user.CurrentOrg!;
    public GetDevelopmentPlan.Response Plan { get; private set; } = null!;
    public bool CanEdit { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    [TempData] public string? Flash { get; set; }

    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e.FirstOrDefault() : null;

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostAsync([FromServices] SaveDevelopmentPlan save)
    {
        if (await LoadAsync() is { } bad) return bad;
        if (!CanEdit) return StatusCode(StatusCodes.Status403Forbidden);
        var shares = Plan.Branches.Select(b => new SaveDevelopmentPlan.BranchShare(b.OrgId, Shares.GetValueOrDefault(b.OrgId))).ToList();
        var r = await save.Handle(new SaveDevelopmentPlan.Request(Plan.Year, Planned, shares), HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        if (!r.IsOk)
        {
            Errors = r.Errors ?? new Dictionary<string, string[]> { ["planned"] = [r.FirstMessage ?? "无法保存"] };
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Flash = "已保存年度发展计划";
        return Redirect($"/Development/Documents/Plan?org={Org.Id}&year={Plan.Year}");
    }

    public async Task<IActionResult> OnGetExportAsync([FromServices] ExportDevelopmentPlan export)
    {
        var r = await export.Handle(Year, HttpContext.RequestAborted);
        return r.IsOk ? File(r.Value.Content, Xlsx.ContentType, r.Value.FileName) : r.ToStatusPage() ?? StatusCode(StatusCodes.Status400BadRequest);
    }

    private async Task<IActionResult?> LoadAsync()
    {
        var today = clock.Today();
        var y = Year ?? today.Year;
        if (y < 2000 || y > today.Year + 1) return NotFound();
        Plan = await GetDevelopmentPlan.LoadAsync(db, Org, y, today, HttpContext.RequestAborted);
        CanEdit = !OrgRules.IsBranch(Org.Type) && await user.HasAsync(Permission.DevelopmentApprove, Org, HttpContext.RequestAborted);
        return null;
    }
}
