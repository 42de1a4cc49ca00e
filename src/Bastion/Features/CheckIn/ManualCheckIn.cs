using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.CheckIn;

/// <summary>
/// 手工签到 by the host or recorder for a roster member without a phone (method 手工签到, shown as such everywhere).
/// Only while the meeting is planned (计划) and its check-in window is open; <see cref="UndoCheckIn"/> takes it back.
/// </summary>
public sealed class ManualCheckIn(AppDbContext db, BranchRoster roster, CheckInOptions options, TimeProvider clock)
{
    /// <summary>Checked in, or a conflict saying why not (the meeting's state or window, not on the roster, already checked in).</summary>
    public async Task<Result> Handle(long meetingId, long memberId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstAsync(m => m.Id == meetingId, ct);
        if (OpenError(meeting, now) is { } error) return Result.Conflict(error);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == meeting.OrgId, ct);
        var entry = (await roster.ExpectedAsync(org, meeting.Kinds, CheckInRules.Day(meeting.HeldAt), ct)).FirstOrDefault(r => r.MemberId == memberId);
        if (entry is null) return Result.Conflict("该党员不在本会议的应到名单中");
        var row = await db.Set<MeetingAttendance>().FirstOrDefaultAsync(a => a.MeetingId == meetingId && a.MemberId == memberId, ct);
        if (row is { Status: AttendanceStatus.出席 }) return Result.Conflict($"{entry.Name}已签到");
        if (row is null)
        {
            row = new MeetingAttendance { MeetingId = meetingId, MemberId = memberId };
            db.Set<MeetingAttendance>().Add(row);
        }
        row.Status = AttendanceStatus.出席;
        row.Reason = null;
        row.Method = CheckInMethod.手工签到;
        row.CheckedInAt = now;
        row.Voting = entry.Voting;
        row.Committee = entry.Committee;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return Result.Conflict($"{entry.Name}已签到");
        }
        return Result.Ok;
    }

    private string? OpenError(Meeting meeting, DateTimeOffset now)
    {
        if (meeting.State == MeetingState.已取消) return "该会议已取消，不能签到";
        if (meeting.State == MeetingState.已召开) return "该会议已登记为已召开，请在会议记录中修改出席情况";
        return CheckInRules.StateAt(meeting.HeldAt, meeting.EndsAt, options.OpensMinutesBefore, now) switch
        {
            CheckInRules.WindowState.NotYet => $"签到尚未开始，{ChineseDates.DateTime(CheckInRules.Window(meeting.HeldAt, meeting.EndsAt, options.OpensMinutesBefore).Opens)} 起可以签到",
            CheckInRules.WindowState.Closed => "签到已结束",
            _ => null,
        };
    }
}
