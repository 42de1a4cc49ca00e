using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.CheckIn;

/// <summary>
/// 撤回请假: the member withdraws their own pending 请假申请 before the meeting starts (state 已撤回, kept for the
/// record; they may ask again). The row is locked so a secretary's decision and the withdrawal cannot cross.
/// </summary>
public sealed class WithdrawLeave(AppDbContext db, UserContext user, TimeProvider clock)
{
    /// <summary>Null when withdrawn, else a Chinese message.</summary>
    public async Task<string?> HandleAsync(long memberId, long requestId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var request = await db.Set<MeetingLeaveRequest>().FromSql($"SELECT * FROM meeting_leave_requests WHERE id = {requestId} FOR UPDATE").SingleOrDefaultAsync(ct);
        // another member's request does not exist for this one
        if (request is null || request.MemberId != memberId) return "请假申请不存在";
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstAsync(m => m.Id == request.MeetingId, ct);
        if (CheckInRules.WithdrawalRefusal(request.State, meeting.State, meeting.HeldAt, now) is { } refused) return refused;
        request.State = LeaveRequestState.已撤回;
        request.DecidedBy = user.UserName;
        request.DecidedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }
}
