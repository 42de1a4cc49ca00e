using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Plans;

/// <summary>Cancels a planned meeting (已取消). Held meetings are never cancelled here.</summary>
public sealed class CancelPlan(AppDbContext db)
{
    /// <summary>Returns null when cancelled, else the reason in Chinese.</summary>
    public async Task<string?> Handle(Organization org, long planId, CancellationToken ct = default)
    {
        var plan = await db.Set<Meeting>().FirstOrDefaultAsync(m => m.Id == planId && m.OrgId == org.Id, ct);
        if (plan is null) return "计划不存在或不属于本支部";
        if (plan.State != MeetingState.计划) return $"该会议{plan.State}，只能取消计划中的会议";
        plan.State = MeetingState.已取消;
        plan.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(ct);
        return null;
    }
}
