using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections.Expressions;

/// <summary>The 巡言巡语 library list: category filter, text search over expression/symptoms/example, active filter, paging, .xlsx.</summary>
public static class ListExpressions
{
    public sealed record Filter(FindingCategory? Category, string? Q, bool IncludeInactive);

    public static IQueryable<InspectionExpression> Query(AppDbContext db, Filter f)
    {
        var q = db.Set<InspectionExpression>().AsNoTracking();
        if (f.Category is { } c) q = q.Where(e => e.Category == c);
        if (!f.IncludeInactive) q = q.Where(e => e.Active);
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var like = SqlLike.Contains(f.Q);
            q = q.Where(e => EF.Functions.Like(e.Expression, like) || EF.Functions.Like(e.Symptoms, like) || (e.Example != null && EF.Functions.Like(e.Example, like)));
        }
        return q;
    }

    /// <summary>In the order of the 四个落实 (then 问题线索), then as entered (the column holds names, so order by a CASE).</summary>
    public static IOrderedQueryable<InspectionExpression> Ordered(IQueryable<InspectionExpression> q) =>
        q.OrderBy(e => e.Category == FindingCategory.理论路线落实 ? 1 : e.Category == FindingCategory.从严治党落实 ? 2
                : e.Category == FindingCategory.组织路线落实 ? 3 : e.Category == FindingCategory.整改落实 ? 4 : 5)
         .ThenBy(e => e.Id);

    public static readonly string[] Headers = ["编号", "归类", "规范表述", "业务问题表现", "示例", "状态", "最后修改"];

    public static IReadOnlyList<object?> ExportRow(InspectionExpression e) =>
        [
            e.Id, InspectionRules.Display(e.Category), e.Expression, e.Symptoms, e.Example ?? "", e.Active ? "启用" : "停用",
            e.UpdatedAt is { } u ? $"{ChineseDates.DateTime(u)} {e.UpdatedBy}" : "",
        ];
}
