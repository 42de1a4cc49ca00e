using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.CheckIn;

/// <summary>
/// 撤回请假: the member withdraws their own pending 请假申请 before the meeting starts (state 已撤回, kept for the
/// record; they may ask again). The row is locked so a secretary's decision and the withdrawal cannot cross.
/// </summary>
public sealed class WithdrawLeave(AppDbContext db, UserContext user, TimeProvider clock)
{
    /// <summary>Withdrawn, or not found (not the member's own), or a conflict with the request's or the meeting's state.</summary>
    public async Task<Result> Handle(long memberId, long requestId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var request = await db.Set<MeetingLeaveRequest>().FromSql($"SELECT * FROM meeting_leave_requests WHERE id = {requestId} FOR UPDATE").SingleOrDefaultAsync(ct);
        // another member's request does not exist for this one
        if (request is null || request.MemberId != memberId) return Result.NotFound("请假申请不存在");
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstAsync(m => m.Id == request.MeetingId, ct);
        if (CheckInRules.WithdrawalRefusal(request.State, meeting.State, meeting.HeldAt, now) is { } refused) return Result.Conflict(refused);
        request.State = LeaveRequestState.已撤回;
        request.DecidedBy = user.UserName;
        request.DecidedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
