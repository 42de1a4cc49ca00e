using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections.Expressions;

/// <summary>
/// Creates or edits a 巡言巡语 entry ((de)activation: <see cref="SetExpressionActive"/>). The inspection office edits the library; each change is
/// audited by AppDbContext.SaveChanges in the same transaction. Bad input → field errors, nothing written.
/// </summary>
public sealed class SaveExpression(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(string? Category, string? Expression, string? Symptoms, string? Example);

    public static Dictionary<string, string> Validate(Request r)
    {
        var e = new Dictionary<string, string>();
        if (InspectionRules.ParseCategory(r.Category) is null) e["category"] = "请选择归类（四个落实之一，或问题线索）";
        if (string.IsNullOrWhiteSpace(r.Expression)) e["expression"] = "请填写规范表述";
        else if (r.Expression.Trim().Length > 500) e["expression"] = "规范表述不能超过500字";
        if (string.IsNullOrWhiteSpace(r.Symptoms)) e["symptoms"] = "请填写对应的业务问题表现（多个用顿号“、”分隔）";
        else if (r.Symptoms.Trim().Length > 2000) e["symptoms"] = "问题表现不能超过2000字";
        else if (ExpressionIndex.SplitSymptoms(r.Symptoms).Count == 0) e["symptoms"] = "问题表现不能只有标点";
        if (r.Example is { } ex && ex.Trim().Length > 2000) e["example"] = "示例不能超过2000字";
        return e;
    }

    /// <summary>Creates (id null) or updates an entry; returns its id, or the field errors (one message per field).</summary>
    public async Task<Result<long>> Handle(long? id, Request r, CancellationToken ct)
    {
        var errors = Validate(r);
        if (errors.Count > 0) return Result.Invalid(errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
        var now = clock.GetUtcNow();
        InspectionExpression? x;
        if (id is { } existing)
        {
            x = await db.Set<InspectionExpression>().FirstOrDefaultAsync(e => e.Id == existing, ct);
            if (x is null) return Result.Invalid("id", "该条目不存在或已被删除");
            x.UpdatedAt = now;
            x.UpdatedBy = user.UserName;
        }
        else
        {
            x = new InspectionExpression { Expression = "", Symptoms = "", CreatedAt = now };
            db.Add(x);
        }
        x.Category = InspectionRules.ParseCategory(r.Category)!.Value;
        x.Expression = r.Expression!.Trim();
        x.Symptoms = NormalizeSymptoms(r.Symptoms!);
        x.Example = string.IsNullOrWhiteSpace(r.Example) ? null : r.Example.Trim();
        await db.SaveChangesAsync(ct);
        return x.Id;
    }

    /// <summary>Symptoms one per phrase, joined with 、 (line breaks, commas and semicolons become 、).</summary>
    public static string NormalizeSymptoms(string s) => string.Join("、", ExpressionIndex.SplitSymptoms(s));
}
