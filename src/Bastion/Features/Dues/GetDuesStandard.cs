using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Dues;

/// <summary>
/// 党费标准查询: the monthly amount of a category and base under the standard that applies this month
/// (<c>GET /api/v1/dues/standard?category=在职&amp;base=5000.01</c> → 75.00). The fixed categories need no base. The
/// standard is public within the platform: any signed-in account may ask.
/// </summary>
public sealed class GetDuesStandard(AppDbContext db, TimeProvider clock)
{
    /// <summary><c>amount</c> in yuan with two decimals; <c>base</c> and <c>rate</c> are null for the fixed categories.</summary>
    public sealed record Response(string Category, decimal? Base, decimal? Rate, decimal Amount);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/standard", async (string? category, string? @base, GetDuesStandard handler, CancellationToken ct) =>
                (await handler.Handle(category, @base, ct)).ToHttp())
           .RequireSignedIn()
           .WithSummary("党费标准查询（category 必填；base 为月基数（元），固定金额的类别可省略）").Produces<Response>().ProducesValidationProblem();

    /// <summary>Field errors under "category" and "base" (unknown category; base missing, not a number or negative).</summary>
    public async Task<Result<Response>> Handle(string? category, string? rawBase, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var cat = DuesRules.ParseCategory(category);
        if (string.IsNullOrWhiteSpace(category)) errors["category"] = ["请选择党费类别"];
        else if (cat is null) errors["category"] = [$"未知的党费类别“{Trim(category)}”，可选：{string.Join("、", DuesRules.AllCategories.Select(DuesRules.Label))}"];
        decimal? @base = null;
        if (!string.IsNullOrWhiteSpace(rawBase))
        {
            @base = DuesRules.ParseYuan(rawBase);
            if (@base is null) errors["base"] = [$"党费基数“{Trim(rawBase)}”不是数字，请填写金额（元），如 5000.00"];
            else if (DuesRules.CheckMoney(@base.Value, "base", "党费基数", maxDecimals: null) is { } bad) errors["base"] = [bad.Message];
        }
        if (errors.Count > 0) return Result.Invalid(errors);

        var table = await DuesRateTables.ForMonthAsync(db, cat!.Value, clock.Today(), ct);
        if (table is null) return Result.Conflict($"“{DuesRules.Label(cat.Value)}”类别没有启用的党费标准，请联系党委管理员");
        var outcome = DuesRules.Assess(table.ToStandard(), @base);
        if (outcome.Error is { } e) return Result.Invalid(e.Field, e.Message);
        var due = outcome.Value!;
        return new Response(cat.Value.ToString(), due.Base, due.Rate is { } r ? Plain(r) : null, Money(due.Amount));
    }

    /// <summary>Two decimals exactly (34.6 → 34.60), so the JSON reads as yuan.</summary>
    public static decimal Money(decimal amount) => decimal.Round(amount, 2) + 0.00m;

    /// <summary>Without trailing zeros (0.01500 → 0.015).</summary>
    public static decimal Plain(decimal d) => d / 1.000000000000000000000000000000000m;

    private static string Trim(string s) => s.Trim().Length > 20 ? s.Trim()[..20] + "…" : s.Trim();
}
