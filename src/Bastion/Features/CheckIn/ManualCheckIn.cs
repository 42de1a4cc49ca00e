using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bastion.Features.CheckIn;

/// <summary>
/// 手工签到 by the host or recorder for a roster member without a phone (method 手工签到, shown as such everywhere),
/// and its undo. Only while the meeting is planned (计划) and its check-in window is open.
/// </summary>
public sealed class ManualCheckIn(AppDbContext db, BranchRoster roster, CheckInOptions options, TimeProvider clock)
{
    /// <summary>Null when done, else a Chinese message.</summary>
    public async Task<string?> CheckInAsync(long meetingId, long memberId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstAsync(m => m.Id == meetingId, ct);
        if (OpenError(meeting, now) is { } error) return error;
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == meeting.OrgId, ct);
        var entry = MeetingRules.ShouldAttend(meeting.Kinds, await roster.OnAsync(org, CheckInRules.Day(meeting.HeldAt), ct)).FirstOrDefault(r => r.MemberId == memberId);
        if (entry is null) return "该党员不在本会议的应到名单中";
        var row = await db.Set<MeetingAttendance>().FirstOrDefaultAsync(a => a.MeetingId == meetingId && a.MemberId == memberId, ct);
        if (row is { Status: AttendanceStatus.出席 }) return $"{entry.Name}已签到";
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
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return $"{entry.Name}已签到";
        }
        return null;
    }

    /// <summary>Removes a check-in (scanned or manual) written while the meeting is planned; 请假 rows stay.</summary>
    public async Task<string?> UndoAsync(long meetingId, long memberId, CancellationToken ct = default)
    {
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstAsync(m => m.Id == meetingId, ct);
        if (meeting.State != MeetingState.计划) return "会议已登记或已取消，不能撤销签到";
        var row = await db.Set<MeetingAttendance>().FirstOrDefaultAsync(a => a.MeetingId == meetingId && a.MemberId == memberId, ct);
        if (row is not { Status: AttendanceStatus.出席 } || row.Method == CheckInMethod.录入) return "该党员没有签到记录";
        db.Set<MeetingAttendance>().Remove(row);
        await db.SaveChangesAsync(ct);
        return null;
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

/// <summary>What the host view shows: the meeting, its roster with each member's check-in, and leave requests.</summary>
public sealed class GetCheckInBoard(AppDbContext db, BranchRoster roster, CheckInOptions options, TimeProvider clock)
{
    public sealed record Line(long MemberId, string Name, bool Voting, bool Committee, AttendanceStatus? Status, CheckInMethod? Method, DateTimeOffset? CheckedInAt, string? Reason);
    public sealed record Leave(long Id, long MemberId, string Name, string Reason, DateTimeOffset RequestedAt, LeaveRequestState State, string? DecidedBy, string? RejectionReason);
    public sealed record Board(Meeting Meeting, Organization Org, IReadOnlyList<Line> Lines, IReadOnlyList<Leave> Leaves, CheckInRules.WindowState Window, DateTimeOffset Opens, DateTimeOffset Closes)
    {
        public int Expected => Lines.Count;
        public int Present => Lines.Count(l => l.Status == AttendanceStatus.出席);
        public int OnLeave => Lines.Count(l => l.Status == AttendanceStatus.请假);
        public bool CanCheckIn => Meeting.State == MeetingState.计划 && Window == CheckInRules.WindowState.Open;
    }

    public async Task<Board> HandleAsync(long meetingId, CancellationToken ct = default)
    {
        var meeting = await db.Set<Meeting>().AsNoTracking().FirstAsync(m => m.Id == meetingId, ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == meeting.OrgId, ct);
        // the 应到 of this meeting: the committee for a 支部委员会 (one rule, MeetingRules.ShouldAttend)
        var entries = MeetingRules.ShouldAttend(meeting.Kinds, await roster.OnAsync(org, CheckInRules.Day(meeting.HeldAt), ct));
        var rows = await db.Set<MeetingAttendance>().AsNoTracking().Where(a => a.MeetingId == meetingId).ToDictionaryAsync(a => a.MemberId, ct);
        var lines = entries.Select(e => rows.TryGetValue(e.MemberId, out var a)
                ? new Line(e.MemberId, e.Name, e.Voting, e.Committee, a.Status, a.Method, a.CheckedInAt, a.Reason)
                : new Line(e.MemberId, e.Name, e.Voting, e.Committee, null, null, null, null))
            // who has checked in first (newest on top), then who has not, then who is on leave; names in order within each
            .OrderBy(l => l.Status == AttendanceStatus.出席 ? 0 : l.Status == AttendanceStatus.请假 ? 2 : 1).ThenByDescending(l => l.CheckedInAt).ToList();
        var leaves = await (from r in db.Set<MeetingLeaveRequest>().AsNoTracking()
                            join m in db.Members.AsNoTracking() on r.MemberId equals m.Id
                            where r.MeetingId == meetingId
                            orderby r.State, r.RequestedAt
                            select new Leave(r.Id, r.MemberId, m.Name, r.Reason, r.RequestedAt, r.State, r.DecidedBy, r.RejectionReason)).ToListAsync(ct);
        var (opens, closes) = CheckInRules.Window(meeting.HeldAt, meeting.EndsAt, options.OpensMinutesBefore);
        return new Board(meeting, org, lines, leaves, CheckInRules.StateAt(meeting.HeldAt, meeting.EndsAt, options.OpensMinutesBefore, clock.GetUtcNow()), opens, closes);
    }
}
