using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>
/// A finding as written (record and revise): the request, its checks against the inspected organization, the copy onto
/// the stored finding and the snapshot kept as a version after 反馈. Used by <see cref="CreateFinding"/> and <see cref="UpdateFinding"/>.
/// </summary>
public static class FindingInput
{
    public const int TitleMax = 200, FactsMax = 4000, EvidenceMax = 4000, PersonsMax = 500, BasisMax = 2000, ExpressionMax = 500,
        RecommendationMax = 2000, ReasonMax = 500, BodyMax = 2000, WordingMax = 1000, NoteMax = 1000, ReceiptMax = 50;

    /// <summary>A finding as written (API JSON in camelCase). responsibility: names of <see cref="ResponsibilityKinds"/>; category: full or short name.</summary>
    public sealed record Request(
        long? TargetId, string? Title, string? Facts, string? Evidence, long? ResponsibleOrgId, string? ResponsiblePersons,
        IReadOnlyList<string>? Responsibility, string? Basis, string? Category, string? ClueGrade, string? SuggestedForm,
        string? Expression, long? ExpressionId, string? Recommendation, bool? Immediate, string? Reason = null);

    public static string Snapshot(InspectionFinding f) => JsonSerializer.Serialize(new
    {
        f.Title, f.Facts, f.Evidence, f.ResponsibleOrgId, f.ResponsiblePersons, Responsibility = f.Responsibility.ToString(), f.Basis,
        Category = f.Category.ToString(), ClueGrade = f.ClueGrade?.ToString(), SuggestedForm = f.SuggestedForm?.ToString(), f.ExpressionId, f.Expression,
        f.Recommendation, f.Immediate, f.Version,
    }, AuditEvents.Json);

    /// <summary>Copies the written fields of <paramref name="from"/> onto <paramref name="to"/>.</summary>
    public static void Copy(InspectionFinding from, InspectionFinding to)
    {
        to.Title = from.Title; to.Facts = from.Facts; to.Evidence = from.Evidence; to.ResponsibleOrgId = from.ResponsibleOrgId;
        to.ResponsiblePersons = from.ResponsiblePersons; to.Responsibility = from.Responsibility; to.Basis = from.Basis; to.Category = from.Category;
        to.ClueGrade = from.ClueGrade; to.SuggestedForm = from.SuggestedForm; to.ExpressionId = from.ExpressionId; to.Expression = from.Expression;
        to.Recommendation = from.Recommendation; to.Immediate = from.Immediate;
    }

    /// <summary>Parses responsibility kinds by name (组织, 个人, 一把手 …).</summary>
    public static (ResponsibilityKinds Kinds, List<string> Unknown) ParseResponsibility(IEnumerable<string>? names)
    {
        var kinds = ResponsibilityKinds.None;
        var unknown = new List<string>();
        foreach (var n in (names ?? []).Select(x => x?.Trim() ?? "").Where(x => x.Length > 0))
        {
            if (Enum.TryParse<ResponsibilityKinds>(n, out var k) && k != ResponsibilityKinds.None && Enum.IsDefined(k) && !int.TryParse(n, out _)) kinds |= k;
            else unknown.Add(n);
        }
        return (kinds, unknown);
    }

    /// <summary>Checks a written finding against the inspected organization; the finding as it would be saved, or the field errors.</summary>
    public static async Task<(Dictionary<string, string[]>, InspectionFinding?)> ValidateAsync(AppDbContext db, Request req, InspectionTarget t, CancellationToken ct)
    {
        var category = InspectionRules.ParseCategory(req.Category);
        ClueGrade? grade = null;
        var errors = new Dictionary<string, string[]>();
        if (!string.IsNullOrWhiteSpace(req.ClueGrade))
        {
            if (Enum.TryParse<ClueGrade>(req.ClueGrade.Trim(), out var g) && Enum.IsDefined(g) && !int.TryParse(req.ClueGrade, out _)) grade = g;
            else errors["clueGrade"] = ["问题线索分类只能是建议参考类、建议了解关注类或建议进一步了解关注类"];
        }
        foreach (var (k, v) in InspectionRules.ValidateFinding(req.Title, req.Facts, category, grade)) errors.TryAdd(k, [v]);
        if (!string.IsNullOrWhiteSpace(req.Category) && category is null)
            errors["category"] = [$"未知的问题归类：{req.Category.Trim()}（可选：{string.Join("、", Enum.GetValues<FindingCategory>().Select(InspectionRules.Display))}）"];
        DisciplineForm? form = null;
        if (!string.IsNullOrWhiteSpace(req.SuggestedForm))
        {
            var s = req.SuggestedForm.Trim();
            var match = Enum.GetValues<DisciplineForm>().Where(x => x.ToString() == s || InspectionRules.Display(x) == s).ToList();
            if (match.Count == 1) form = match[0];
            else errors["suggestedForm"] = ["建议处置方式只能是四种形态之一"];
            if (category is { } c && !InspectionRules.IsClue(c)) errors["suggestedForm"] = ["只有问题线索才建议四种形态处置"];
        }
        void Len(string? v, int max, string key, string label) { if ((v?.Trim().Length ?? 0) > max) errors[key] = [$"{label}不超过{max}字"]; }
        Len(req.Title, TitleMax, "title", "问题标题");
        Len(req.Facts, FactsMax, "facts", "问题事实");
        Len(req.Evidence, EvidenceMax, "evidence", "证据说明");
        Len(req.ResponsiblePersons, PersonsMax, "responsiblePersons", "责任人");
        Len(req.Basis, BasisMax, "basis", "依据");
        Len(req.Expression, ExpressionMax, "expression", "规范表述");
        Len(req.Recommendation, RecommendationMax, "recommendation", "整改建议");
        var (kinds, unknown) = ParseResponsibility(req.Responsibility);
        if (unknown.Count > 0) errors["responsibility"] = [$"未知的责任类型：{string.Join("、", unknown)}（可选：组织、个人、一把手、分管领导、下级、上级、前任、现任）"];
        if (req.ResponsibleOrgId is { } ro)
        {
            var inspected = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == t.OrgId, ct);
            if (!await db.UnderOrg(inspected).AnyAsync(o => o.Id == ro, ct)) errors["responsibleOrgId"] = [$"责任单位须是{inspected.Name}或其下级党组织"];
        }
        if (req.ExpressionId is { } eid && !await db.Set<InspectionExpression>().AnyAsync(e => e.Id == eid, ct)) errors["expressionId"] = ["所选巡言巡语条目不存在"];
        if (errors.Count > 0) return (errors, null);
        var f = new InspectionFinding
        {
            Title = req.Title!.Trim(), Facts = req.Facts!.Trim(), Evidence = InspectionInput.Clean(req.Evidence), ResponsibleOrgId = req.ResponsibleOrgId,
            ResponsiblePersons = InspectionInput.Clean(req.ResponsiblePersons), Responsibility = kinds, Basis = InspectionInput.Clean(req.Basis),
            Category = category!.Value, ClueGrade = grade, SuggestedForm = form, ExpressionId = req.ExpressionId, Expression = InspectionInput.Clean(req.Expression),
            Recommendation = InspectionInput.Clean(req.Recommendation), Immediate = req.Immediate == true && !InspectionRules.IsClue(category.Value),
        };
        return (errors, f);
    }
}
