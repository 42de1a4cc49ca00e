using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.CheckIn;

/// <summary>
/// 请假: the signed-in member asks to be excused from an upcoming planned meeting of their organization, with a
/// reason. The branch secretaries (支部书记 grants on the meeting's organization or above it) get an in-app
/// notification linking to the host view, where they approve or reject it (<see cref="DecideLeave"/>).
/// </summary>
public sealed class RequestLeave(AppDbContext db, BranchRoster roster, TimeProvider clock)
{
    public sealed record Body(string? Reason);

    public sealed record Response(long Id, long MeetingId, string State, string Reason, DateTimeOffset RequestedAt);

    /// <summary>POST /api/v1/meetings/{id}/leave-requests: the member's own side, the same use case as 我的组织生活.</summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/meetings/{id:long}/leave-requests", async (long id, Body? body, RequestLeave leave, UserContext user, CancellationToken ct) =>
                (await leave.Handle(await user.MemberIdAsync(ct), id, body?.Reason, ct)).ToHttp(r =>
                    Results.Created($"/api/v1/meetings/{id}/leave-requests/{r.Id}", new Response(r.Id, r.MeetingId, r.State.ToString(), r.Reason, r.RequestedAt))))
           .RequireSignedIn()
           .WithSummary("本人请假（reason 请假理由；仅限应参加该会议的党员：支部委员会只限支委会成员）")
           .Produces<Response>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

    /// <summary>
    /// The request written, or why not: invalid "reason" for the reason field, not found when there is no such meeting,
    /// forbidden when the member is not one who should attend it (not of its organization, or not a 支委 for a 支部委员会:
    /// <see cref="MeetingRules.ShouldAttend"/>), a conflict with the meeting's state or an earlier request otherwise.
    /// </summary>
    public async Task<Result<MeetingLeaveRequest>> Handle(long? member, long meetingId, string? reason, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var text = reason?.Trim() ?? "";
        if (text.Length == 0) return Result.Invalid("reason", "请填写请假理由");
        if (text.Length > MeetingLeaveRequest.ReasonMax) return Result.Invalid("reason", $"请假理由不能超过{MeetingLeaveRequest.ReasonMax}字");

        var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting is null) return Result.NotFound("会议不存在或已被删除");
        if (meeting.State == MeetingState.已取消) return Result.Conflict("该会议已取消，无需请假");
        if (!CheckInRules.CanRequestLeave(meeting.State, meeting.HeldAt, now)) return Result.Conflict("会议已开始或已结束，不能再请假");
        if (member is not { } memberId) return Result.Forbidden("您的账号尚未关联党员档案，不能请假。请联系所在党支部为账号关联党员信息。");
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == meeting.OrgId, ct);
        var onRoster = (await roster.OnAsync(org, CheckInRules.Day(meeting.HeldAt), ct)).FirstOrDefault(r => r.MemberId == memberId);
        if (onRoster is null) return Result.Forbidden("您不在该会议所属党组织，不能请假");
        // only those who should attend may be excused: a 支部委员会 is the 支委's alone
        var entry = MeetingRules.ShouldAttend(meeting.Kinds, [onRoster]).FirstOrDefault();
        if (entry is null) return Result.Forbidden(CheckInRules.NotExpectedMessage(meeting.Kinds, org.Name, "请假"));
        if (await db.Set<MeetingAttendance>().AnyAsync(a => a.MeetingId == meetingId && a.MemberId == memberId && a.Status == AttendanceStatus.出席, ct))
            return Result.Conflict("您已签到，不能请假");
        // a member has a handful of requests per meeting at most: the states are read and judged by the one rule
        var earlier = await db.Set<MeetingLeaveRequest>().Where(r => r.MeetingId == meetingId && r.MemberId == memberId).Select(r => r.State).ToListAsync(ct);
        if (earlier.Any(CheckInRules.IsOpen))
            return Result.Conflict("您已提交过该会议的请假申请");

        var request = new MeetingLeaveRequest
        {
            MeetingId = meetingId, MemberId = memberId, Reason = text, RequestedAt = now, State = LeaveRequestState.待审批,
        };
        db.Set<MeetingLeaveRequest>().Add(request);
        var recipients = await SecretariesOfAsync(db, org, ct);
        var title = $"请假申请：{entry.Name} 申请不参加{ChineseDates.Date(meeting.HeldAt)}的{MeetingRules.Display(meeting.Kinds)}";
        foreach (var u in recipients)
            db.Notifications.Add(new Notification
            {
                UserId = u, OrgId = org.Id, Title = title, Body = $"会议：{meeting.Topic}。理由：{text}", Url = $"/Meetings/CheckIn/{meeting.Id}#leave", CreatedAt = now,
            });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return Result.Conflict("您已提交过该会议的请假申请");
        }
        return request;
    }

    /// <summary>A page's error for a refused request: ("reason", message) beside the reason field, ("meeting", message) above the list; null when sent.</summary>
    public static (string Key, string Message)? FormError(Result result) =>
        result.IsOk ? null : (result.Kind == ResultKind.Invalid ? "reason" : "meeting", result.FirstMessage!);

    /// <summary>Enabled accounts holding 支部书记/支委 on the organization or one of its ancestors.</summary>
    public static async Task<List<long>> SecretariesOfAsync(AppDbContext db, Organization org, CancellationToken ct)
    {
        var ids = org.Path.Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return await (from g in db.RoleGrants.AsNoTracking()
                      join u in db.Users.AsNoTracking() on g.UserId equals u.Id
                      where g.Role == Role.BranchSecretary && g.OrgId != null && ids.Contains(g.OrgId.Value) && !u.IsDisabled
                      select g.UserId).Distinct().ToListAsync(ct);
    }
}
