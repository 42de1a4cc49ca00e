using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Compliance;

/// <summary>Deletes an exemption of an organization in the caller's ComplianceConfigure scope.</summary>
public sealed class RemoveComplianceExemption(AppDbContext db, UserContext user)
{
    public async Task<Result> Handle(long id, CancellationToken ct = default)
    {
        var row = await db.Set<ComplianceExemption>().SingleOrDefaultAsync(e => e.Id == id, ct);
        var org = row is null ? null : await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == row.OrgId, ct);
        if (row is null || !await user.HasAsync(Permission.ComplianceConfigure, org, ct)) return Result.NotFound("该豁免不存在或不在您的管理范围内");
        db.Remove(row);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
