using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>Removes an inspected organization while it is still in 准备 and has no findings.</summary>
public sealed class RemoveInspectionTarget(AppDbContext db)
{
    /// <summary>Ok, or the reason under "targets".</summary>
    public async Task<Result> Handle(long roundId, long targetId, CancellationToken ct)
    {
        var t = await db.Set<InspectionTarget>().FirstOrDefaultAsync(x => x.Id == targetId && x.RoundId == roundId, ct);
        if (t is null) return Result.Invalid("targets", "被巡察党组织不存在");
        if (t.Phase != InspectionPhase.准备) return Result.Invalid("targets", "只有处于准备阶段的被巡察党组织可以移出本轮");
        if (await db.Set<InspectionFinding>().AnyAsync(f => f.TargetId == t.Id, ct)) return Result.Invalid("targets", "已记录问题的被巡察党组织不能移出本轮");
        db.Remove(t);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
