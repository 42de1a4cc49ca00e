using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Compliance;

/// <summary>
/// Adds a rule override for an organization type (党委管理员 of a top-level 党委; the page checks that). Rules are
/// platform-wide per organization type. Bad input → field errors (keyed as the page's fields), nothing written.
/// </summary>
public sealed class AddComplianceRule(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(string? OrgType, string? Kind, string? Frequency, int? MinCount, int? MinAttendancePercent, DateOnly? EffectiveFrom, DateOnly? EffectiveTo);

    /// <summary>The new override's id, or field errors.</summary>
    public async Task<Result<long>> Handle(Request input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        OrgType type = default;
        if (!Enum.TryParse(input.OrgType?.Trim(), out type) || !ComplianceRules.IsEvaluated(type) || int.TryParse(input.OrgType, out _))
            errors["OrgType"] = ["请选择党支部、联合党支部或临时党支部"];
        var (kind, kindError) = ComplianceRules.ParseKind(input.Kind);
        if (kind is null) errors["Kind"] = [kindError!];
        PeriodUnit unit = default;
        if (!Enum.TryParse(input.Frequency?.Trim(), out unit) || int.TryParse(input.Frequency, out _)) errors["Frequency"] = ["频次应为月、季或年"];
        if (input.MinCount is not { } min || min is < 0 or > 31) errors["MinCount"] = ["最少次数应为0–31（0表示不作要求）"];
        if (input.MinAttendancePercent is { } pct && pct is < 0 or > 100) errors["MinAttendancePercent"] = ["出席率应为0–100"];
        if (input.MinAttendancePercent is not null && kind is not null && kind != RuleKind.主题党日) errors["MinAttendancePercent"] = ["只有主题党日可以设置出席率"];
        if (input.EffectiveFrom is null) errors["EffectiveFrom"] = ["请填写生效日期"];
        if (input.EffectiveFrom is { } f && input.EffectiveTo is { } t && t < f) errors["EffectiveTo"] = ["失效日期不能早于生效日期"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var row = new ComplianceRuleOverride
        {
            OrgType = type, Kind = kind!.Value, Frequency = unit, MinCount = input.MinCount!.Value,
            MinAttendanceRate = input.MinAttendancePercent / 100.0, EffectiveFrom = input.EffectiveFrom!.Value, EffectiveTo = input.EffectiveTo,
            CreatedBy = user.UserName, CreatedAt = clock.GetUtcNow(),
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return row.Id;
    }
}
