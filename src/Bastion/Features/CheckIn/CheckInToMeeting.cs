using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

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
    /// <summary>A check-in (or, from <see cref="PreviewAsync"/>, one that may be confirmed): the meeting and what the page says.</summary>
    public sealed record CheckedIn(Meeting Meeting, string OrgName, string Message, bool AlreadyCheckedIn = false, DateTimeOffset? CheckedInAt = null);

    public sealed record Request(string? Token);
    public sealed record Response(long MeetingId, string Status, string Method, DateTimeOffset CheckedInAt, bool AlreadyCheckedIn, string Message);

    /// <summary>
    /// POST /api/v1/meetings/{id}/check-in. A bad, expired or other meeting's token is invalid (400 on "token"), an unknown
    /// meeting not found, an account that is not one who should attend forbidden, a meeting not open for check-in a conflict.
    /// </summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/meetings/{id:long}/check-in", async (long id, Request? body, CheckInToMeeting handler, CancellationToken ct) =>
            {
                var r = await handler.Handle(body?.Token, id, ct);
                // the token's refusal is named in the problem's detail too, as it always has been
                return r.Kind == ResultKind.Invalid
                    ? ErrorResponses.Validation(r.Status.Errors!.ToDictionary(), r.Status.FirstMessage)
                    : r.ToHttp(c => Results.Ok(new Response(c.Meeting.Id, nameof(AttendanceStatus.出席), nameof(CheckInMethod.扫码), c.CheckedInAt!.Value, c.AlreadyCheckedIn, c.Message)));
            })
            .RequireSignedIn().WithSummary("扫码签到（以主持人二维码中的签到码确认本人出席）")
            .Produces<Response>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

    /// <summary>Everything <see cref="Handle"/> checks, without writing: what the confirmation page shows.</summary>
    public Task<Result<CheckedIn>> PreviewAsync(string? token, CancellationToken ct = default) => RunAsync(token, null, write: false, ct);

    /// <summary>Checks in the signed-in account's member; <paramref name="meetingId"/> (API route) must match the token.</summary>
    public Task<Result<CheckedIn>> Handle(string? token, long? meetingId, CancellationToken ct = default) => RunAsync(token, meetingId, write: true, ct);

    /// <summary>The meeting a valid, unexpired token names, with its organization's name (shown beside a refusal); null otherwise.</summary>
    public async Task<(Meeting Meeting, string OrgName)?> MeetingOfAsync(string? token, CancellationToken ct = default)
    {
        var payload = tokens.Read(token);
        if (payload is null || CheckInRules.IsExpired(payload, clock.GetUtcNow())) return null;
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == payload.MeetingId, ct);
        if (meeting is null) return null;
        return (meeting, await db.Organizations.AsNoTracking().Where(o => o.Id == meeting.OrgId).Select(o => o.Name).FirstAsync(ct));
    }

    private async Task<Result<CheckedIn>> RunAsync(string? token, long? meetingId, bool write, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var payload = tokens.Read(token);
        if (payload is null) return Result.Invalid("token", "签到码无效，请扫描主持人出示的签到二维码。");
        if (CheckInRules.IsExpired(payload, now)) return Result.Invalid("token", "签到码已过期，请扫描主持人屏幕上刷新后的最新二维码。");
        if (meetingId is { } mid && mid != payload.MeetingId) return Result.Invalid("token", "签到码与该会议不符。");

        var meeting = await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == payload.MeetingId, ct);
        if (meeting is null) return Result.NotFound("会议不存在或已被删除。");
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == meeting.OrgId, ct);

        var member = await RequestOwnMemberAsync(ct);
        if (member is null) return Result.Forbidden("您的账号尚未关联党员档案，不能签到。请联系所在党支部为账号关联党员信息。");
        if (meeting.State == MeetingState.已取消) return Result.Conflict("该会议已取消，不能签到。");
        if (meeting.State == MeetingState.已召开)
            return Result.Conflict(meeting.RecordedAt is { } at && MeetingRules.IsLocked(at, now)
                ? "该会议记录已锁定，不能再签到。"
                : "该会议已登记为已召开，签到已结束；如出席情况有误，请联系会议记录人更正。");
        var (opens, closes) = CheckInRules.Window(meeting.HeldAt, meeting.EndsAt, options.OpensMinutesBefore);
        if (now < opens) return Result.Conflict($"签到尚未开始，{ChineseDates.DateTime(opens)} 起可以签到。");
        if (now >= closes) return Result.Conflict("签到已结束。");

        var onRoster = (await roster.OnAsync(org, CheckInRules.Day(meeting.HeldAt), ct)).FirstOrDefault(r => r.MemberId == member.Value);
        if (onRoster is null) return Result.Forbidden("您不在该会议所属党组织，不能签到。");
        var entry = MeetingRules.ShouldAttend(meeting.Kinds, [onRoster]).FirstOrDefault();
        if (entry is null) return Result.Forbidden(CheckInRules.NotExpectedMessage(meeting.Kinds, org.Name, "签到"));

        var row = await db.Set<MeetingAttendance>().FirstOrDefaultAsync(a => a.MeetingId == meeting.Id && a.MemberId == member.Value, ct);
        if (row is { Status: AttendanceStatus.出席 })
            return new CheckedIn(meeting, org.Name, $"您已签到（{Method(row.Method)}，{ChineseDates.DateTime(row.CheckedInAt ?? now)}），无需重复签到。", true, row.CheckedInAt ?? now);
        if (!write) return new CheckedIn(meeting, org.Name, "请确认签到。");

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
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // the same member confirmed twice at once (two taps): the other request wrote the row
            db.ChangeTracker.Clear();
            return new CheckedIn(meeting, org.Name, "您已签到，无需重复签到。", true, now);
        }
        return new CheckedIn(meeting, org.Name, $"已记录您的出席（扫码签到，{ChineseDates.DateTime(now)}）。", false, now);
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
