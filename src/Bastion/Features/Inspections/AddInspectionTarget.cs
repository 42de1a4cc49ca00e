using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>Adds an inspected organization to a round that is not archived; a team member who would have to 回避 for it is settled first.</summary>
public sealed class AddInspectionTarget(AppDbContext db, UserContext user, TimeProvider clock)
{
    /// <summary>The new target's id, or the error under "orgId" (nothing written).</summary>
    public async Task<Result<long>> Handle(long roundId, long? orgId, CancellationToken ct)
    {
        var r = await db.Set<InspectionRound>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == roundId, ct);
        if (r is null) return Result.Invalid("id", "巡察轮次不存在");
        if (r.Archived) return Result.Invalid("orgId", "该轮巡察已归档");
        if (orgId is null) return Result.Invalid("orgId", "请选择被巡察党组织");
        var roundOrg = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == r.OrgId, ct);
        var (o, error) = await InspectionTargets.CheckOrgAsync(db, roundOrg, orgId.Value, ct);
        if (error is not null) return Result.Invalid("orgId", error);
        if (await db.Set<InspectionTarget>().AnyAsync(t => t.RoundId == roundId && t.OrgId == o!.Id, ct)) return Result.Invalid("orgId", $"{o!.Name}已在本轮被巡察党组织中");
        // a team member who did not have to 回避 so far may have to for the new organization: settle that first
        var now = clock.GetUtcNow();
        foreach (var m in await db.Set<InspectionTeamMember>().AsNoTracking().Where(m => m.RoundId == roundId && m.ConflictNote == null).ToListAsync(ct))
            if (await TeamConflict.ForAccountAsync(db, m.UserId, [new TeamConflict.Inspected(o!.Name, o.Path)], ChineseDates.DayOf(now), ct) is not null)
                return Result.Invalid("orgId", $"巡察组成员{m.Name}与{o!.Name}存在回避情形：请先将其移出巡察组（如确需参加，移出后重新添加并确认不予回避），再添加该被巡察党组织");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var t = await InspectionTargets.AddAsync(db, r, o!, now, user.UserName ?? "", ct);
        await tx.CommitAsync(ct);
        return t.Id;
    }
}
