using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Compliance;

/// <summary>
/// Exempts an organization in the caller's ComplianceConfigure scope (and the branches under it) from one rule kind or
/// all of them for a date range, with a reason. Bad input → field errors (keyed as the page's fields), nothing written.
/// </summary>
public sealed class AddComplianceExemption(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(long? OrgId, string? Kind, DateOnly? From, DateOnly? To, string? Reason);

    /// <summary>The new exemption's id, or field errors.</summary>
    public async Task<Result<long>> Handle(Request input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        Organization? org = null;
        if (input.OrgId is not { } orgId || (org = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct)) is null)
            errors["OrgId"] = ["请选择组织"];
        else if (!await user.HasAsync(Permission.ComplianceConfigure, org, ct))
            errors["OrgId"] = ["该组织不在您的管理范围内"];
        RuleKind? kind = null;
        if (!string.IsNullOrWhiteSpace(input.Kind) && input.Kind.Trim() != "全部")
        {
            var (k, e) = ComplianceRules.ParseKind(input.Kind);
            if (k is null) errors["Kind"] = [e!];
            kind = k;
        }
        if (input.From is null) errors["From"] = ["请填写开始日期"];
        if (input.To is null) errors["To"] = ["请填写结束日期"];
        if (input.From is { } f && input.To is { } t && t < f) errors["To"] = ["结束日期不能早于开始日期"];
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length == 0) errors["Reason"] = ["请填写豁免理由"];
        else if (reason.Length > 500) errors["Reason"] = ["豁免理由不能超过500字"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var row = new ComplianceExemption
        {
            OrgId = org!.Id, Kind = kind, FromDate = input.From!.Value, ToDate = input.To!.Value, Reason = reason,
            CreatedBy = user.UserName, CreatedAt = clock.GetUtcNow(),
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return row.Id;
    }
}
