using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Compliance;

/// <summary>
/// 组织生活规则: the defaults per branch type, overrides with effective dates, and exemptions. Overrides apply to
/// every organization of the type, so only an administrator of a top-level 党委 (no parent) may change them;
/// exemptions are set on organizations in the caller's subtree.
/// </summary>
[Require(Permission.ComplianceConfigure)]
public sealed class RulesModel(AppDbContext db, UserContext user, TimeProvider clock) : PageModel
{
    public sealed record ExemptionRow(ComplianceExemption E, string OrgName);

    [BindProperty] public AddComplianceRule.Request? Rule { get; set; }
    [BindProperty] public AddComplianceExemption.Request? Exemption { get; set; }
    public Organization Root { get; private set; } = null!;
    public bool CanSetRules { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<ComplianceRuleOverride> Overrides { get; private set; } = [];
    public IReadOnlyList<ExemptionRow> Exemptions { get; private set; } = [];
    public IReadOnlyList<Organization> Orgs { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    [TempData] public string? Flash { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAddRuleAsync([FromServices] AddComplianceRule add)
    {
        await LoadAsync();
        if (!CanSetRules) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await add.Handle(Rule ?? new(null, null, null, null, null, null, null), HttpContext.RequestAborted);
        if (!r.IsOk) { Errors = r.Status.Errors!; return Page(); }
        Flash = "已添加规则";
        return Redirect(Back());
    }

    public async Task<IActionResult> OnPostRemoveRuleAsync(long ruleId, [FromServices] RemoveComplianceRule remove)
    {
        await LoadAsync();
        if (!CanSetRules) return StatusCode(StatusCodes.Status403Forbidden);
        var r = await remove.Handle(ruleId, HttpContext.RequestAborted);
        Flash = r.IsOk ? "已删除规则，恢复默认或更早的规则" : r.FirstMessage;
        return Redirect(Back());
    }

    public async Task<IActionResult> OnPostAddExemptionAsync([FromServices] AddComplianceExemption add)
    {
        var r = await add.Handle(Exemption ?? new(null, null, null, null, null), HttpContext.RequestAborted);
        if (!r.IsOk) { await LoadAsync(); Errors = r.Status.Errors!; return Page(); }
        Flash = "已添加豁免";
        return Redirect(Back());
    }

    public async Task<IActionResult> OnPostRemoveExemptionAsync(long exemptionId, [FromServices] RemoveComplianceExemption remove)
    {
        var r = await remove.Handle(exemptionId, HttpContext.RequestAborted);
        Flash = r.IsOk ? "已删除豁免" : r.FirstMessage;
        return Redirect(Back());
    }

    private string Back() => $"/Compliance/Rules?org={user.CurrentOrg!.Id}";

    private async Task LoadAsync()
    {
        Root = user.CurrentOrg!;
        Today = clock.Today();
        CanSetRules = Root.ParentId is null;
        Overrides = await db.Set<ComplianceRuleOverride>().AsNoTracking().OrderBy(r => r.OrgType).ThenBy(r => r.Kind).ThenBy(r => r.EffectiveFrom).ToListAsync(HttpContext.RequestAborted);
        var orgs = db.UnderOrg(Root).AsNoTracking();
        Exemptions = await (from e in db.Set<ComplianceExemption>().AsNoTracking()
                            join o in orgs on e.OrgId equals o.Id
                            orderby e.FromDate descending, e.Id descending
                            select new ExemptionRow(e, o.Name)).ToListAsync(HttpContext.RequestAborted);
        Orgs = await orgs.Where(o => o.Status == OrgStatus.正常 && o.Type != OrgType.党小组).OrderBy(o => o.Path).Take(500).ToListAsync(HttpContext.RequestAborted);
    }

    public string? Error(string key) => Errors.GetValueOrDefault(key)?.FirstOrDefault();

    /// <summary>The rule in effect today for a type and kind, and whether it comes from an override.</summary>
    public (ComplianceRule? Rule, bool Overridden) InEffect(OrgType type, RuleKind kind)
    {
        var o = Overrides.Select(x => x.ToRule()).ToList();
        var r = ComplianceRules.RuleOn(type, kind, Today, o);
        return (r, r is not null && o.Contains(r));
    }
}
