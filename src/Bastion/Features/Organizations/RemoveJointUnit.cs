using Bastion.Data;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>Removes a unit from a 联合党支部's list; the row is kept with the time it was removed.</summary>
public sealed class RemoveJointUnit(AppDbContext db)
{
    /// <summary>The 联合党支部 was authorized by the caller (OrgManage); false when the unit is not on its current list.</summary>
    public async Task<bool> Handle(long orgId, long unitId, CancellationToken ct = default)
    {
        var unit = await db.JointUnits.FirstOrDefaultAsync(u => u.Id == unitId && u.OrgId == orgId && u.RemovedAt == null, ct);
        if (unit is null) return false;
        unit.RemovedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(ct);
        return true;
    }
}
