using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Bastion.Features.Meetings;

/// <summary>
/// About a year of organizational life for the demo branches up to today: monthly 主题党日 (with a 党课 each
/// quarter) and 支部委员会, quarterly 支部党员大会, a yearly 组织生活会 with 民主评议党员, and next month's
/// 主题党日 planned. Deliberate gaps for the compliance page: <see cref="MissingCongressBranch"/> has no
/// 支部党员大会 in the third quarter, <see cref="LowAttendanceBranch"/> had a poorly attended 主题党日 in
/// October, and <see cref="BelowQuorumBranch"/>'s second-quarter 支部党员大会 was below quorum (无效).
/// Call after organizations, members and terms are saved.
/// </summary>
public static class DemoMeetings
{
    public const string MissingCongressBranch = "二采区党支部";
    public const string LowAttendanceBranch = "选矿车间党支部";
    public const string BelowQuorumBranch = "机电运输党支部";

    private static readonly string[] LeaveReasons = ["出差", "病假", "倒班", "外出培训", "事假", "陪护家人"];
    private static readonly string[] Places = ["党员活动室", "三楼会议室", "班组学习室", "职工之家"];
    private static readonly string[] DayTopics =
    [
        "学习贯彻党的二十届四中全会精神", "安全生产大讨论", "党员志愿服务进社区", "重温入党誓词", "学习新修订的《中国共产党纪律处分条例》",
        "\"我为群众办实事\"专题活动", "红色教育基地参观学习", "节能降耗合理化建议征集", "党史学习教育专题研讨", "岗位建功 争当先锋",
        "廉洁文化教育", "年度工作回顾与谋划",
    ];

    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var rng = new Random(20261121);
        var roster = new BranchRoster(db);
        var branches = (await db.Organizations.AsNoTracking().Where(o => o.Status == OrgStatus.正常).OrderBy(o => o.SortOrder).ToListAsync(ct))
            .Where(o => OrgRules.IsBranch(o.Type)).ToList();
        var rows = new List<(Meeting Meeting, List<Attendee> Attendance)>();

        foreach (var b in branches)
        {
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
            for (var month = first; month <= today; month = month.AddMonths(1))
            {
                var quarterEnd = month.Month % 3 == 0;
                var midQuarter = month.Month % 3 == 2;
                // 主题党日 on the 15th, with a 党课 in the last month of each quarter
                await Add(b, month.AddDays(14), new TimeOnly(14, 30), MeetingKinds.主题党日 | (quarterEnd ? MeetingKinds.党课 : 0),
                    DayTopics[month.Month - 1], b.Name == LowAttendanceBranch && month.Month == 10 ? 0.42 : 0.82 + rng.NextDouble() * 0.15);
                // 支部委员会 on the 5th
                await Add(b, month.AddDays(4), new TimeOnly(9, 0), MeetingKinds.支部委员会, $"{month.Month}月支委会：研究本月党建工作", 0.9);
                // 支部党员大会 on the 20th of the middle month of each quarter
                if (midQuarter && !(b.Name == MissingCongressBranch && month.Month == 8))
                {
                    var q = (month.Month - 1) / 3 + 1;
                    await Add(b, month.AddDays(19), new TimeOnly(15, 0), MeetingKinds.支部党员大会, $"第{q}季度支部党员大会：通报党建工作、讨论发展党员",
                        b.Name == BelowQuorumBranch && q == 2 ? 0.4 : 0.85 + rng.NextDouble() * 0.12, resolution: q == 3);
                }
                // 组织生活会 and 民主评议党员 in January (for the year before)
                if (month.Month == 1)
                    await Add(b, month.AddDays(24), new TimeOnly(9, 0), MeetingKinds.组织生活会 | MeetingKinds.民主评议党员, $"{month.Year - 1}年度组织生活会和民主评议党员", 0.93, yearOf: month.Year - 1);
            }
        }

        db.Set<Meeting>().AddRange(rows.Select(r => r.Meeting));
        await db.SaveChangesAsync(ct);
        await InsertAttendanceAsync(db, rows, ct);

        async Task Add(Organization b, DateOnly day, TimeOnly time, MeetingKinds kinds, string topic, double rate, bool resolution = false, int? yearOf = null)
        {
            var held = At(day, time);
            if (held > now) return;
            var all = await roster.OnAsync(b, day, ct);
            var list = MeetingRules.ShouldAttend(kinds, all).ToList();
            if (list.Count == 0) return;
            var shuffled = list.OrderBy(_ => rng.Next()).ToList();
            var presentCount = Math.Clamp((int)Math.Round(list.Count * rate), 1, list.Count);
            var present = shuffled.Take(presentCount).ToHashSet();
            var attendance = new List<Attendee>();
            foreach (var r in list)
            {
                var status = present.Contains(r) ? AttendanceStatus.出席 : rng.Next(3) > 0 ? AttendanceStatus.请假 : AttendanceStatus.缺席;
                attendance.Add(new(r.MemberId, status, status == AttendanceStatus.请假 ? LeaveReasons[rng.Next(LeaveReasons.Length)] : null, r.Voting, r.Committee));
            }
            var votingExpected = list.Count(r => r.Voting);
            var votingPresent = present.Count(r => r.Voting);
            var committeeExpected = list.Count(r => r.Committee);
            var committeePresent = present.Count(r => r.Committee);
            var (met, note) = MeetingRules.Quorum(kinds, votingExpected, votingPresent, committeeExpected, committeePresent);
            var host = list.FirstOrDefault(r => r.Committee) ?? list[0];
            var recorder = list.FirstOrDefault(r => r.MemberId != host.MemberId) ?? host;
            var onLeave = attendance.Count(x => x.Status == AttendanceStatus.请假);
            rows.Add((new Meeting
            {
                OrgId = b.Id, Kinds = kinds, State = MeetingState.已召开, HeldAt = held, EndsAt = held.AddMinutes(90), Place = Places[rng.Next(Places.Length)], Topic = topic,
                Agenda = "1. 学习上级精神\n2. 通报近期工作\n3. 讨论研究", MinutesHtml = $"<p>会议由{host.Name}主持，{recorder.Name}记录。</p><p>与会党员围绕“{topic}”进行了学习和讨论。</p>",
                Resolutions = resolution ? "同意将入党积极分子列为发展对象" : null, VotesFor = resolution ? votingPresent : null, VotesAgainst = resolution ? 0 : null, VotesAbstain = resolution ? 0 : null,
                HostMemberId = host.MemberId, RecorderMemberId = recorder.MemberId, LecturerMemberId = (kinds & MeetingKinds.党课) != 0 ? host.MemberId : null, YearOf = yearOf,
                Expected = list.Count, VotingExpected = votingExpected, Present = present.Count, VotingPresent = votingPresent, OnLeave = onLeave,
                Absent = list.Count - present.Count - onLeave, CommitteeExpected = committeeExpected, CommitteePresent = committeePresent,
                QuorumMet = met, QuorumNote = note, CreatedAt = held.AddDays(1), CreatedBy = "demo", RecordedAt = held.AddDays(1), RecordedBy = "demo",
            }, attendance));
        }
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time) => ChineseDates.At(day, time);

    private sealed record Attendee(long Member, AttendanceStatus Status, string? Reason, bool Voting, bool Committee);

    /// <summary>The attendance of the saved meetings in one statement (about 15,000 rows).</summary>
    private static async Task InsertAttendanceAsync(AppDbContext db, List<(Meeting Meeting, List<Attendee> Attendance)> rows, CancellationToken ct)
    {
        var a = rows.SelectMany(r => r.Attendance.Select(x => (r.Meeting.Id, x))).ToList();
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO meeting_attendance (meeting_id, member_id, status, reason, method, voting, committee)
            SELECT * FROM unnest(@m, @p, @s, @r, @method, @v, @c)
            """,
            [
                new NpgsqlParameter("m", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = a.Select(x => x.Id).ToArray() },
                new NpgsqlParameter("p", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = a.Select(x => x.x.Member).ToArray() },
                new NpgsqlParameter("s", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = a.Select(x => x.x.Status.ToString()).ToArray() },
                new NpgsqlParameter("r", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = a.Select(x => x.x.Reason).ToArray() },
                new NpgsqlParameter("method", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = a.Select(_ => nameof(CheckInMethod.录入)).ToArray() },
                new NpgsqlParameter("v", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = a.Select(x => x.x.Voting).ToArray() },
                new NpgsqlParameter("c", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = a.Select(x => x.x.Committee).ToArray() },
            ], ct);
    }
}
