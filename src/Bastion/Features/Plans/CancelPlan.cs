using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Plans;

/// <summary>Cancels a planned meeting (已取消). Held meetings are never cancelled here.</summary>
public sealed class CancelPlan(AppDbContext db, TimeProvider clock)
{
    /// <summary>Cancelled; not found (not a plan of this branch); a conflict when it is no longer planned.</summary>
    public async Task<Result> Handle(Organization org, long planId, CancellationToken ct = default)
    {
        var plan = await db.Set<Meeting>().FirstOrDefaultAsync(m => m.Id == planId && m.OrgId == org.Id, ct);
        if (plan is null) return Result.NotFound("计划不存在或不属于本支部");
        if (plan.State != MeetingState.计划) return Result.Conflict($"该会议{plan.State}，只能取消计划中的会议");
        plan.State = MeetingState.已取消;
        plan.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
