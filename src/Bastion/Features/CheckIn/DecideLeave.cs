using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Features.Notifications;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.CheckIn;

/// <summary>
/// 请假审批: a branch secretary (MeetingManage on the meeting's organization) approves or rejects a pending 请假申请 —
/// from the host view of the meeting, the 请假审批 list or the API. An approved request becomes the member's 请假
/// attendance row with its reason (unless the member has already checked in); a rejection needs a reason, which the
/// member sees. The request row is locked while deciding, so two secretaries cannot both decide it. The member is
/// notified (in-app, and an outbox message for SMS/WeChat). Changes are audited by SaveChanges.
/// </summary>
public sealed class DecideLeave(AppDbContext db, UserContext user, BranchRoster roster, TimeProvider clock)
{
    /// <summary>The field of a missing or too long rejection reason.</summary>
    public const string ReasonField = "rejectionReason";

    public sealed record Body(bool Approve, string? RejectionReason);

    public sealed record Response(long Id, long MeetingId, string State, string? RejectionReason, string? DecidedBy, DateTimeOffset? DecidedAt);

    /// <summary>POST /api/v1/meetings/{id}/leave-requests/{requestId}/decision: the same use case as the pages.</summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/meetings/{id:long}/leave-requests/{requestId:long}/decision", async (long id, long requestId, Body body, DecideLeave decide, CancellationToken ct) =>
                (await decide.Handle(requestId, body.Approve, body.RejectionReason, id, ct)).ToHttp(r =>
                    Results.Ok(new Response(r.Id, r.MeetingId, r.State.ToString(), r.RejectionReason, r.DecidedBy, r.DecidedAt))))
           .RequireRecord(Permission.MeetingManage, typeof(Meeting))
           .WithSummary("审批请假申请（approve=true 批准；false 驳回，须填 rejectionReason，将通知本人）")
           .Produces<Response>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

    private static Result Missing => Result.NotFound("请假申请不存在");

    /// <param name="meetingId">When the caller acts on one meeting (host view, API route), the request must be of it.</param>
    /// <returns>The decided request; invalid <see cref="ReasonField"/> for the rejection reason; not found; a conflict with its state.</returns>
    public async Task<Result<MeetingLeaveRequest>> Handle(long requestId, bool approve, string? rejectionReason, long? meetingId = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var request = await db.Set<MeetingLeaveRequest>().FromSql($"SELECT * FROM meeting_leave_requests WHERE id = {requestId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (request is null || (meetingId is { } mid && request.MeetingId != mid)) return Missing;
        // FOR SHARE: recording the meeting (计划 → 已召开) waits until this decision commits, and a decision after it sees the new state
        var meeting = await db.Set<Meeting>().FromSql($"SELECT * FROM meetings WHERE id = {request.MeetingId} FOR SHARE").AsNoTracking().SingleAsync(ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == meeting.OrgId, ct);
        // the list page and the API name only the request: outside the caller's subtree it does not exist for them
        if (!await user.HasAsync(Permission.MeetingManage, org, ct)) return Missing;
        if (CheckInRules.DecisionRefusal(request.State, meeting.State) is { } refused) return Result.Conflict(refused);

        string? why = null;
        if (!approve)
        {
            var (text, error) = CheckInRules.RejectionReason(rejectionReason);
            if (error is not null) return Result.Invalid(ReasonField, error);
            why = text;
        }
        else
        {
            var row = await db.Set<MeetingAttendance>().FirstOrDefaultAsync(a => a.MeetingId == meeting.Id && a.MemberId == request.MemberId, ct);
            if (row is { Status: AttendanceStatus.出席 }) return Result.Conflict("该党员已签到，不能批准请假");
            var entry = MeetingRules.ShouldAttend(meeting.Kinds, await roster.OnAsync(org, CheckInRules.Day(meeting.HeldAt), ct)).FirstOrDefault(r => r.MemberId == request.MemberId);
            if (entry is null) return Result.Conflict("该党员不在该会议的应到名单中");
            if (row is null)
            {
                row = new MeetingAttendance { MeetingId = meeting.Id, MemberId = request.MemberId };
                db.Set<MeetingAttendance>().Add(row);
            }
            row.Status = AttendanceStatus.请假;
            row.Reason = request.Reason;
            row.Method = CheckInMethod.录入;
            row.CheckedInAt = null;
            row.Voting = entry.Voting;
            row.Committee = entry.Committee;
        }
        request.State = approve ? LeaveRequestState.已批准 : LeaveRequestState.已驳回;
        request.RejectionReason = why;
        request.DecidedBy = user.UserName;
        request.DecidedAt = now;

        var account = await (from u in db.Users.AsNoTracking()
                             join m in db.Members.AsNoTracking() on u.MemberId equals m.Id
                             where u.MemberId == request.MemberId && !u.IsDisabled
                             select new { u.Id, Phone = u.PhoneNumber ?? m.Phone }).FirstOrDefaultAsync(ct);
        if (account is not null)
            Outbox.Post(db, [Outbox.Recipient.Of(account.Id, account.Phone)], meeting.OrgId, "组织生活",
                $"您{ChineseDates.Date(meeting.HeldAt)}{MeetingRules.Display(meeting.Kinds)}的请假申请{(approve ? "已批准" : "未获批准")}",
                $"会议：{meeting.Topic}{(why is null ? "" : $"。驳回理由：{why}")}", "/Me/Meetings#my-leave", now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return request;
    }
}
