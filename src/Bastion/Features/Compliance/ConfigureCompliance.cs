using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Compliance;

/// <summary>
/// Rule overrides and exemptions (党委管理员). Rules are platform-wide per organization type; an exemption
/// belongs to an organization in the caller's ComplianceConfigure scope. Bad input → field errors, nothing written.
/// </summary>
public sealed class ConfigureCompliance(AppDbContext db, UserContext user)
{
    public sealed record RuleInput(string? OrgType, string? Kind, string? Frequency, int? MinCount, int? MinAttendancePercent, DateOnly? EffectiveFrom, DateOnly? EffectiveTo);
    public sealed record ExemptionInput(long? OrgId, string? Kind, DateOnly? From, DateOnly? To, string? Reason);

    /// <summary>Ok with the new id, or field errors (key → Chinese message).</summary>
    public sealed record Result(long? Id, IReadOnlyDictionary<string, string> Errors)
    {
        public bool Ok => Errors.Count == 0;
        public static Result Fail(string field, string message) => new(null, new Dictionary<string, string> { [field] = message });
    }

    public async Task<Result> AddRuleAsync(RuleInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        OrgType type = default;
        if (!Enum.TryParse(input.OrgType?.Trim(), out type) || !ComplianceRules.IsEvaluated(type) || int.TryParse(input.OrgType, out _))
            errors["OrgType"] = "请选择党支部、联合党支部或临时党支部";
        var (kind, kindError) = ComplianceRules.ParseKind(input.Kind);
        if (kind is null) errors["Kind"] = kindError!;
        PeriodUnit unit = default;
        if (!Enum.TryParse(input.Frequency?.Trim(), out unit) || int.TryParse(input.Frequency, out _)) errors["Frequency"] = "频次应为月、季或年";
        if (input.MinCount is not { } min || min is < 0 or > 31) errors["MinCount"] = "最少次数应为0–31（0表示不作要求）";
        if (input.MinAttendancePercent is { } pct && pct is < 0 or > 100) errors["MinAttendancePercent"] = "出席率应为0–100";
        if (input.MinAttendancePercent is not null && kind is not null && kind != RuleKind.主题党日) errors["MinAttendancePercent"] = "只有主题党日可以设置出席率";
        if (input.EffectiveFrom is null) errors["EffectiveFrom"] = "请填写生效日期";
        if (input.EffectiveFrom is { } f && input.EffectiveTo is { } t && t < f) errors["EffectiveTo"] = "失效日期不能早于生效日期";
        if (errors.Count > 0) return new Result(null, errors);

        var row = new ComplianceRuleOverride
        {
            OrgType = type, Kind = kind!.Value, Frequency = unit, MinCount = input.MinCount!.Value,
            MinAttendanceRate = input.MinAttendancePercent / 100.0, EffectiveFrom = input.EffectiveFrom!.Value, EffectiveTo = input.EffectiveTo,
            CreatedBy = user.UserName, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return new Result(row.Id, new Dictionary<string, string>());
    }

    public async Task<Result> RemoveRuleAsync(long id, CancellationToken ct = default)
    {
        var row = await db.Set<ComplianceRuleOverride>().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (row is null) return Result.Fail("Id", "该规则不存在或已删除");
        db.Remove(row);
        await db.SaveChangesAsync(ct);
        return new Result(id, new Dictionary<string, string>());
    }

    public async Task<Result> AddExemptionAsync(ExemptionInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        Organization? org = null;
        if (input.OrgId is not { } orgId || (org = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct)) is null)
            errors["OrgId"] = "请选择组织";
        else if (!await user.HasAsync(Permission.ComplianceConfigure, org, ct))
            errors["OrgId"] = "该组织不在您的管理范围内";
        RuleKind? kind = null;
        if (!string.IsNullOrWhiteSpace(input.Kind) && input.Kind.Trim() != "全部")
        {
            var (k, e) = ComplianceRules.ParseKind(input.Kind);
            if (k is null) errors["Kind"] = e!;
            kind = k;
        }
        if (input.From is null) errors["From"] = "请填写开始日期";
        if (input.To is null) errors["To"] = "请填写结束日期";
        if (input.From is { } f && input.To is { } t && t < f) errors["To"] = "结束日期不能早于开始日期";
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length == 0) errors["Reason"] = "请填写豁免理由";
        else if (reason.Length > 500) errors["Reason"] = "豁免理由不能超过500字";
        if (errors.Count > 0) return new Result(null, errors);

        var row = new ComplianceExemption
        {
            OrgId = org!.Id, Kind = kind, FromDate = input.From!.Value, ToDate = input.To!.Value, Reason = reason,
            CreatedBy = user.UserName, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return new Result(row.Id, new Dictionary<string, string>());
    }

    public async Task<Result> RemoveExemptionAsync(long id, CancellationToken ct = default)
    {
        var row = await db.Set<ComplianceExemption>().SingleOrDefaultAsync(e => e.Id == id, ct);
        var org = row is null ? null : await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == row.OrgId, ct);
        if (row is null || !await user.HasAsync(Permission.ComplianceConfigure, org, ct)) return Result.Fail("Id", "该豁免不存在或不在您的管理范围内");
        db.Remove(row);
        await db.SaveChangesAsync(ct);
        return new Result(id, new Dictionary<string, string>());
    }
}
