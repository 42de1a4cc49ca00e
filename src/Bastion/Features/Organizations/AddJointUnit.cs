using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>Adds a unit (单位) to those a 联合党支部 covers — at most five; the sixth is refused.</summary>
public sealed class AddJointUnit(AppDbContext db)
{
    /// <summary>The 联合党支部 was authorized by the caller (OrgManage). Errors come under "unitName".</summary>
    public async Task<OrgCommand> Handle(long orgId, string? unitName, CancellationToken ct = default)
    {
        var name = unitName?.Trim() ?? "";
        if (name.Length == 0) return OrgCommand.Error("unitName", "请填写单位名称");
        if (name.Length > OrgLifecycleRules.UnitNameMax) return OrgCommand.Error("unitName", $"单位名称不能超过{OrgLifecycleRules.UnitNameMax}个字");

        // the row lock on the branch makes two people adding at once count one after the other
        await using var tx = await db.BeginTreeChangeAsync([orgId], ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == orgId, ct);
        var units = await db.JointUnits.Where(u => u.OrgId == orgId && u.RemovedAt == null).Select(u => u.Name).ToListAsync(ct);
        if (OrgLifecycleRules.CheckAddUnit(org, units.Count) is { } refused) return OrgCommand.Error("unitName", refused);
        if (units.Contains(name)) return OrgCommand.Error("unitName", $"已登记“{name}”");
        db.JointUnits.Add(new JointUnit { OrgId = orgId, Name = name, AddedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return OrgCommand.Done;
    }
}
