using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.CheckIn;
using Bastion.Features.Meetings;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.MyMeetings;

/// <summary>
/// 我的组织生活: for one member, the planned meetings of their organization (and of its branch when they sit in
/// a 党小组) from today to <see cref="UpcomingDays"/> days ahead with their own check-in and leave state, the held
/// meetings they were on the roster of (their attendance rows) and their attendance rate this year. Only meetings the
/// member should attend are offered (<see cref="MeetingRules.ShouldAttend"/>: a 支部委员会 only to the 支委).
/// </summary>
public sealed class GetMyMeetings(AppDbContext db, CheckInOptions options, BranchRoster roster, TimeProvider clock)
{
    public const int UpcomingDays = 60;
    public const int HistoryMax = 100;

    public sealed record Upcoming(Meeting Meeting, string OrgName, AttendanceStatus? Status, CheckInMethod? Method, LeaveRequestState? Leave, CheckInRules.WindowState Window)
    {
        public bool CanCheckIn => Window == CheckInRules.WindowState.Open && Status != AttendanceStatus.出席;
        public bool CanRequestLeave(DateTimeOffset now) => CheckInRules.CanRequestLeave(Meeting.State, Meeting.HeldAt, now)
            && Status != AttendanceStatus.出席 && (Leave is not { } l || !CheckInRules.IsOpen(l));
    }
    public sealed record Past(long MeetingId, DateTimeOffset HeldAt, MeetingKinds Kinds, string Topic, AttendanceStatus Status, CheckInMethod Method, string? Reason);
    /// <summary>One of the member's own 请假申请 (我的请假), newest first; <see cref="CanWithdraw"/> when it may still be withdrawn.</summary>
    public sealed record MyLeave(long Id, long MeetingId, DateTimeOffset HeldAt, MeetingKinds Kinds, string Topic, MeetingState MeetingState, string Reason,
        DateTimeOffset RequestedAt, LeaveRequestState State, DateTimeOffset? DecidedAt, string? RejectionReason, bool CanWithdraw);
    public sealed record Overview(IReadOnlyList<Upcoming> Upcoming, IReadOnlyList<Past> History, int YearExpected, int YearPresent, int Year, DateTimeOffset Now)
    {
        public double YearRate => MeetingRules.AttendanceRate(YearExpected, YearPresent);
        public IReadOnlyList<MyLeave> Leaves { get; init; } = [];
    }

    public const int LeavesMax = 50;

    public async Task<Overview> HandleAsync(Member member, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, ChineseDates.China).DateTime);
        var start = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();
        var end = now.AddDays(UpcomingDays);

        var own = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == member.OrgId, ct);
        var orgIds = new List<long> { own.Id };
        if (own.Type == OrgType.党小组 && own.ParentId is { } parent) orgIds.Add(parent);

        var planned = await (from m in db.Set<Meeting>().AsNoTracking()
                             join o in db.Organizations.AsNoTracking() on m.OrgId equals o.Id
                             where orgIds.Contains(m.OrgId) && m.State == MeetingState.计划 && m.HeldAt >= start && m.HeldAt < end
                             orderby m.HeldAt
                             select new { m, o.Name }).ToListAsync(ct);
        // the member is on these organizations' rosters; whether they sit on the committee on the day decides a 支部委员会
        var committees = new Dictionary<(long, DateOnly), HashSet<long>>();
        for (var i = planned.Count - 1; i >= 0; i--)
        {
            var key = (Org: planned[i].m.OrgId, Day: CheckInRules.Day(planned[i].m.HeldAt));
            if (!committees.TryGetValue(key, out var committee))
                committees[key] = committee = await roster.CommitteeOnAsync(key.Org, key.Day, ct);
            var me = new RosterEntry(member.Id, member.Name, Voting: false, Committee: committee.Contains(member.Id));
            if (MeetingRules.ShouldAttend(planned[i].m.Kinds, [me]).Count == 0) planned.RemoveAt(i);
        }
        var ids = planned.Select(p => p.m.Id).ToList();
        var rows = await db.Set<MeetingAttendance>().AsNoTracking().Where(a => a.MemberId == member.Id && ids.Contains(a.MeetingId)).ToDictionaryAsync(a => a.MeetingId, ct);
        var leaves = (await db.Set<MeetingLeaveRequest>().AsNoTracking().Where(r => r.MemberId == member.Id && ids.Contains(r.MeetingId))
                .OrderBy(r => r.Id).ToListAsync(ct))
            .GroupBy(r => r.MeetingId).ToDictionary(g => g.Key, g => g.Last().State);
        var upcoming = planned.Select(p => new Upcoming(p.m, p.Name,
                rows.TryGetValue(p.m.Id, out var a) ? a.Status : null, a?.Method,
                leaves.TryGetValue(p.m.Id, out var l) ? l : null,
                CheckInRules.StateAt(p.m.HeldAt, p.m.EndsAt, options.OpensMinutesBefore, now)))
            .Where(u => u.Window != CheckInRules.WindowState.Closed).ToList();

        var history = await (from a in db.Set<MeetingAttendance>().AsNoTracking()
                             join m in db.Set<Meeting>().AsNoTracking() on a.MeetingId equals m.Id
                             where a.MemberId == member.Id && m.State == MeetingState.已召开
                             orderby m.HeldAt descending
                             select new Past(m.Id, m.HeldAt, m.Kinds, m.Topic, a.Status, a.Method, a.Reason)).Take(HistoryMax).ToListAsync(ct);

        var yearStart = new DateTimeOffset(today.Year, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
        var yearEnd = yearStart.AddYears(1);
        var year = await (from a in db.Set<MeetingAttendance>().AsNoTracking()
                          join m in db.Set<Meeting>().AsNoTracking() on a.MeetingId equals m.Id
                          where a.MemberId == member.Id && m.State == MeetingState.已召开 && m.HeldAt >= yearStart && m.HeldAt < yearEnd
                          group a by 1 into g
                          select new { Expected = g.Count(), Present = g.Count(x => x.Status == AttendanceStatus.出席) }).SingleOrDefaultAsync(ct); // one group at most
        var mine = await (from r in db.Set<MeetingLeaveRequest>().AsNoTracking()
                          join m in db.Set<Meeting>().AsNoTracking() on r.MeetingId equals m.Id
                          where r.MemberId == member.Id
                          orderby r.RequestedAt descending, r.Id descending
                          select new { r, m.HeldAt, m.Kinds, m.Topic, m.State }).Take(LeavesMax).ToListAsync(ct);
        var leavesOfMine = mine.Select(x => new MyLeave(x.r.Id, x.r.MeetingId, x.HeldAt, x.Kinds, x.Topic, x.State, x.r.Reason, x.r.RequestedAt, x.r.State,
            x.r.DecidedAt, x.r.RejectionReason, CheckInRules.WithdrawalRefusal(x.r.State, x.State, x.HeldAt, now) is null)).ToList();
        return new Overview(upcoming, history, year?.Expected ?? 0, year?.Present ?? 0, today.Year, now) { Leaves = leavesOfMine };
    }
}
