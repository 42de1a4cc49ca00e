using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>The fields of the finding form (record and revise) and its errors; the 巡言巡语 suggestion box fills Expression, ExpressionId and Category.</summary>
public abstract class FindingFormPage(AppDbContext db) : PageModel
{
    protected AppDbContext Db { get; } = db;

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Facts { get; set; }
    [BindProperty] public string? Evidence { get; set; }
    [BindProperty] public long? ResponsibleOrgId { get; set; }
    [BindProperty] public string? ResponsiblePersons { get; set; }
    [BindProperty] public List<string> Responsibility { get; set; } = [];
    [BindProperty] public string? Basis { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? ClueGrade { get; set; }
    [BindProperty] public string? SuggestedForm { get; set; }
    [BindProperty] public string? Expression { get; set; }
    [BindProperty] public long? ExpressionId { get; set; }
    [BindProperty] public string? Recommendation { get; set; }
    [BindProperty] public bool Immediate { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public Dictionary<string, string[]> Errors { get; protected set; } = [];
    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e[0] : null;

    /// <summary>The field errors of a refused command (a conflict under the form-wide key "").</summary>
    public static Dictionary<string, string[]> ErrorsOf(Web.Result r) =>
        r.Errors?.ToDictionary() ?? new Dictionary<string, string[]> { [""] = [r.FirstMessage ?? ""] };
    public InspectionTarget Target { get; protected set; } = null!;
    public string OrgName { get; protected set; } = "";
    public List<Organization> ResponsibleOrgs { get; protected set; } = [];
    /// <summary>After 反馈 a change is a revision and needs a reason.</summary>
    public bool NeedsReason => InspectionRules.IsLocked(Target.Phase);
    public abstract long? FindingId { get; }

    protected async Task LoadTargetAsync(long targetId, CancellationToken ct)
    {
        Target = await Db.Set<InspectionTarget>().AsNoTracking().FirstAsync(t => t.Id == targetId, ct);
        var org = await Db.Organizations.AsNoTracking().FirstAsync(o => o.Id == Target.OrgId, ct);
        OrgName = org.Name;
        ResponsibleOrgs = await Db.UnderOrg(org).AsNoTracking().Where(o => o.Type != OrgType.党小组).OrderBy(o => o.Path).ToListAsync(ct);
    }

    public FindingInput.Request ToRequest(long targetId) =>
        new(targetId, Title, Facts, Evidence, ResponsibleOrgId, ResponsiblePersons, Responsibility, Basis, Category, ClueGrade, SuggestedForm,
            Expression, ExpressionId, Recommendation, Immediate, Reason);

    protected void Fill(InspectionFinding f)
    {
        (Title, Facts, Evidence, ResponsibleOrgId, ResponsiblePersons, Basis) = (f.Title, f.Facts, f.Evidence, f.ResponsibleOrgId, f.ResponsiblePersons, f.Basis);
        Responsibility = InspectionQueries.ResponsibilityNames(f.Responsibility).ToList();
        (Category, ClueGrade, SuggestedForm) = (f.Category.ToString(), f.ClueGrade?.ToString(), f.SuggestedForm?.ToString());
        (Expression, ExpressionId, Recommendation, Immediate) = (f.Expression, f.ExpressionId, f.Recommendation, f.Immediate);
    }

    /// <summary>The checkbox pairs of the responsibility split.</summary>
    public static readonly ResponsibilityKinds[][] ResponsibilityPairs =
    [
        [ResponsibilityKinds.组织, ResponsibilityKinds.个人], [ResponsibilityKinds.一把手, ResponsibilityKinds.分管领导],
        [ResponsibilityKinds.下级, ResponsibilityKinds.上级], [ResponsibilityKinds.前任, ResponsibilityKinds.现任],
    ];
}
