using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.CheckIn;

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
        var entries = await roster.ExpectedAsync(org, meeting.Kinds, CheckInRules.Day(meeting.HeldAt), ct);
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
