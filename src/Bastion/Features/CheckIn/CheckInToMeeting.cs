using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bastion.Features.CheckIn;

/// <summary>
/// 扫码签到: a member confirms with their own account a check-in token read from the host's QR code. The token
/// names the meeting; the account's linked member must be on the meeting organization's roster on the meeting's
/// date; the meeting must still be planned (计划) and within its check-in window. Writes (or turns into 出席)
/// the member's meeting_attendance row: 出席, 扫码, checked_in_at, voting/committee from the roster. Refusals write
/// nothing. Used by the page /CheckIn and by POST /api/v1/meetings/{id}/check-in.
/// </summary>
public sealed class CheckInToMeeting(AppDbContext db, UserContext user, CheckInTokens tokens, CheckInOptions options, BranchRoster roster, TimeProvider clock)
{
    public enum Refusal { None, TokenInvalid, TokenExpired, WrongMeeting, MeetingNotFound, NoMember, NotInOrganization, NotExpected, Cancelled, Recorded, NotYetOpen, Closed }

    public sealed record Result(Refusal Refusal, string Message, Meeting? Meeting = null, string? OrgName = null, bool AlreadyCheckedIn = false, DateTimeOffset? CheckedInAt = null)
    {
        public bool Ok => Refusal == Refusal.None;
    }

    public sealed record Request(string? Token);
    public sealed record Response(long MeetingId, string Status, string Method, DateTimeOffset CheckedInAt, bool AlreadyCheckedIn, string Message);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/meetings/{id:long}/check-in", async (long id, Request? body, CheckInToMeeting handler, CancellationToken ct) =>
            {
                var r = await handler.HandleAsync(body?.Token, id, ct);
                return r.Refusal switch
                {
                    Refusal.None => Results.Ok(new Response(r.Meeting!.Id, nameof(AttendanceStatus.出席), nameof(CheckInMethod.扫码), r.CheckedInAt!.Value, r.AlreadyCheckedIn, r.Message)),
                    Refusal.TokenInvalid or Refusal.TokenExpired or Refusal.WrongMeeting => ErrorResponses.Validation(new Dictionary<string, string[]> { ["token"] = [r.Message] }, r.Message),
                    Refusal.MeetingNotFound => ErrorResponses.Problem(StatusCodes.Status404NotFound, r.Message),
                    Refusal.NoMember or Refusal.NotInOrganization or Refusal.NotExpected => ErrorResponses.Problem(StatusCodes.Status403Forbidden, r.Message),
                    _ => ErrorResponses.Problem(StatusCodes.Status409Conflict, r.Message),
                };
            })
            .RequireSignedIn().WithSummary("扫码签到（以主持人二维码中的签到码确认本人出席）")
            .Produces<Response>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

    /// <summary>Everything <see cref="HandleAsync"/> checks, without writing: what the confirmation page shows.</summary>
    public Task<Result> PreviewAsync(string? token, CancellationToken ct = default) => RunAsync(token, null, write: false, ct);

    /// <summary>Checks in the signed-in account's member; <paramref name="meetingId"/> (API route) must match the token.</summary>
    public Task<Result> HandleAsync(string? token, long? meetingId, CancellationToken ct = default) => RunAsync(token, meetingId, write: true, ct);

    private async Task<Result> RunAsync(string? token, long? meetingId, bool write, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var payload = tokens.Read(token);
        if (payload is null) return new(Refusal.TokenInvalid, "签到码无效，请扫描主持人出示的签到二维码。");
        if (CheckInRules.IsExpired(payload, now)) return new(Refusal.TokenExpired, "签到码已过期，请扫描主持人屏幕上刷新后的最新二维码。");
        if (meetingId is { } mid && mid != payload.MeetingId) return new(Refusal.WrongMeeting, "签到码与该会议不符。");

        var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == payload.MeetingId, ct);
        if (meeting is null) return new(Refusal.MeetingNotFound, "会议不存在或已被删除。");
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == meeting.OrgId, ct);
        Result Refuse(Refusal r, string message) => new(r, message, meeting, org.Name);

        var member = await RequestOwnMemberAsync(ct);
        if (member is null) return Refuse(Refusal.NoMember, "您的账号尚未关联党员档案，不能签到。请联系所在党支部为账号关联党员信息。");
        if (meeting.State == MeetingState.已取消) return Refuse(Refusal.Cancelled, "该会议已取消，不能签到。");
        if (meeting.State == MeetingState.已召开)
            return Refuse(Refusal.Recorded, meeting.RecordedAt is { } at && MeetingRules.IsLocked(at, now)
                ? "该会议记录已锁定，不能再签到。"
                : "该会议已登记为已召开，签到已结束；如出席情况有误，请联系会议记录人更正。");
        var (opens, closes) = CheckInRules.Window(meeting.HeldAt, meeting.EndsAt, options.OpensMinutesBefore);
        if (now < opens) return Refuse(Refusal.NotYetOpen, $"签到尚未开始，{ChineseDates.DateTime(opens)} 起可以签到。");
        if (now >= closes) return Refuse(Refusal.Closed, "签到已结束。");

        var onRoster = (await roster.OnAsync(org, CheckInRules.Day(meeting.HeldAt), ct)).FirstOrDefault(r => r.MemberId == member.Value);
        if (onRoster is null) return Refuse(Refusal.NotInOrganization, "您不在该会议所属党组织，不能签到。");
        var entry = MeetingRules.ShouldAttend(meeting.Kinds, [onRoster]).FirstOrDefault();
        if (entry is null) return Refuse(Refusal.NotExpected, CheckInRules.NotExpectedMessage(meeting.Kinds, org.Name, "签到"));

        var row = await db.Set<MeetingAttendance>().FirstOrDefaultAsync(a => a.MeetingId == meeting.Id && a.MemberId == member.Value, ct);
        if (row is { Status: AttendanceStatus.出席 })
            return new(Refusal.None, $"您已签到（{Method(row.Method)}，{ChineseDates.DateTime(row.CheckedInAt ?? now)}），无需重复签到。", meeting, org.Name, true, row.CheckedInAt ?? now);
        if (!write) return new(Refusal.None, "请确认签到。", meeting, org.Name);

        if (row is null)
        {
            row = new MeetingAttendance { MeetingId = meeting.Id, MemberId = member.Value };
            db.Set<MeetingAttendance>().Add(row);
        }
        // an approved 请假 turns into 出席 when the member comes after all
        row.Status = AttendanceStatus.出席;
        row.Reason = null;
        row.Method = CheckInMethod.扫码;
        row.CheckedInAt = now;
        row.Voting = entry.Voting;
        row.Committee = entry.Committee;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // the same member confirmed twice at once (two taps): the other request wrote the row
            db.ChangeTracker.Clear();
            return new(Refusal.None, "您已签到，无需重复签到。", meeting, org.Name, true, now);
        }
        return new(Refusal.None, $"已记录您的出席（扫码签到，{ChineseDates.DateTime(now)}）。", meeting, org.Name, false, now);
    }

    private async Task<long?> RequestOwnMemberAsync(CancellationToken ct) =>
        user.UserId is { } uid ? await db.Users.AsNoTracking().Where(u => u.Id == uid).Select(u => u.MemberId).FirstOrDefaultAsync(ct) : null;

    /// <summary>How a row's method is shown: 手工签到 always named as such.</summary>
    public static string Method(CheckInMethod m) => m switch
    {
        CheckInMethod.扫码 => "扫码签到",
        CheckInMethod.手工签到 => "手工签到",
        _ => "录入",
    };
}
