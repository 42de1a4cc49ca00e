using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Dues;

/// <summary>
/// Adds a draft (未启用) version of a category's rate norm: 公式 with brackets (upper bound inclusive, the last open;
/// rate as a percentage), 统一标准 with one amount, 基层党委设定 with a range (and the amount used where a branch set
/// none), or 免交. A top-level 党委's administrator only. Field errors under the request's names, nothing written.
/// </summary>
public sealed class CreateDuesRateTable(AppDbContext db, UserContext user, TimeProvider clock)
{
    /// <summary>One bracket as typed: upper bound in yuan (empty for the last), rate in percent ("1.5").</summary>
    public sealed record BracketInput(string? UpTo, string? RatePercent);

    /// <summary><c>effectiveFrom</c>: the first month it applies to, "yyyy-MM".</summary>
    public sealed record Request(string? Category, string? Kind, IReadOnlyList<BracketInput>? Brackets, string? FixedAmount,
        string? MinAmount, string? MaxAmount, string? Rounding, string? EffectiveFrom, string? Basis, string? Note);

    public sealed record Response(long Id, string Category, int Version, string State);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/rate-tables", async (Request req, CreateDuesRateTable handler, CancellationToken ct) =>
                (await handler.Handle(req, ct)).ToHttp(r => Results.Created($"/api/v1/dues/rate-tables/{r.Id}", r)))
           .Require(Permission.DuesConfigure, OrgFrom.None)
           .WithSummary("新建党费标准草稿（未启用；最上级党委管理员）").Produces<Response>(201).ProducesValidationProblem();

    public async Task<Result<Response>> Handle(Request req, CancellationToken ct = default)
    {
        if (!await DuesAdmin.CanSetStandardsAsync(user, ct)) return Result.Forbidden(DuesAdmin.NotTopLevel);
        var errors = new Dictionary<string, string[]>();
        var category = DuesRules.ParseCategory(req.Category);
        if (category is null) errors["category"] = ["请选择党费类别"];
        DuesNormKind kind = default;
        if (string.IsNullOrWhiteSpace(req.Kind) || !Enum.TryParse(req.Kind.Trim(), out kind) || !Enum.IsDefined(kind) || char.IsAsciiDigit(req.Kind.Trim()[0]))
            errors["kind"] = ["请选择标准类型：公式、统一标准、基层党委设定或免交"];
        var rounding = DuesRounding.分;
        if (!string.IsNullOrWhiteSpace(req.Rounding) && (!Enum.TryParse(req.Rounding.Trim(), out rounding) || !Enum.IsDefined(rounding) || char.IsAsciiDigit(req.Rounding.Trim()[0])))
            errors["rounding"] = ["舍入应为“分”或“角”（四舍五入）"];
        var month = ParseMonth(req.EffectiveFrom);
        if (month is null) errors["effectiveFrom"] = ["请填写生效月份，如 2027-01"];
        decimal? Money(string? raw, string field, string label)
        {
            if (string.IsNullOrWhiteSpace(raw)) return null;
            var v = DuesRules.ParseYuan(raw);
            if (v is null) { errors[field] = [$"{label}不是数字"]; return null; }
            if (DuesRules.CheckMoney(v.Value, field, label) is { } e) { errors[field] = [e.Message]; return null; }
            return v;
        }
        var fixedAmount = Money(req.FixedAmount, "fixedAmount", "金额");
        var min = Money(req.MinAmount, "minAmount", "最低金额");
        var max = Money(req.MaxAmount, "maxAmount", "最高金额");
        var brackets = new List<DuesBracket>();
        if (kind == DuesNormKind.公式)
        {
            var rows = (req.Brackets ?? []).Where(b => !string.IsNullOrWhiteSpace(b.UpTo) || !string.IsNullOrWhiteSpace(b.RatePercent)).ToList();
            for (var i = 0; i < rows.Count; i++)
            {
                decimal? up = null;
                if (!string.IsNullOrWhiteSpace(rows[i].UpTo) && (up = DuesRules.ParseYuan(rows[i].UpTo)) is null)
                { errors["brackets"] = [$"第{i + 1}档上限不是数字"]; break; }
                var pct = DuesRules.ParseYuan(rows[i].RatePercent?.TrimEnd('%', '％'));
                if (pct is null) { errors["brackets"] = [$"第{i + 1}档比例不是数字（填百分数，如 1.5）"]; break; }
                brackets.Add(new DuesBracket(up, pct.Value / 100m));
            }
        }
        if (errors.Count > 0) return Result.Invalid(errors);

        var standard = new DuesStandard(category!.Value, kind, brackets, fixedAmount, min, max, rounding);
        if (DuesRules.CheckStandard(standard) is { } bad) return Result.Invalid(bad.Field, bad.Message);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var table = await DuesRateTables.AddDraftAsync(db, standard, month!.Value, Clip(req.Basis, 200), Clip(req.Note, 500), clock.GetUtcNow(), user.UserName, ct);
        await tx.CommitAsync(ct);
        return new Response(table.Id, table.Category.ToString(), table.Version, table.State.ToString());
    }

    /// <summary>"2027-01", "2027-1", "2027年1月" or a date in the month → its first day.</summary>
    public static DateOnly? ParseMonth(string? raw)
    {
        var s = raw?.Trim().Replace("年", "-", StringComparison.Ordinal).Replace("月", "", StringComparison.Ordinal).Replace('/', '-').Replace('.', '-');
        if (string.IsNullOrEmpty(s)) return null;
        var parts = s.Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 2 or > 3) return null;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 2000 or > 2100) return null;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m is < 1 or > 12) return null;
        return new DateOnly(y, m, 1);
    }

    private static string? Clip(string? s, int max) => string.IsNullOrWhiteSpace(s) ? null : s.Trim().Length > max ? s.Trim()[..max] : s.Trim();
}
