using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bastion.Features.Meetings;

/// <summary>
/// Records a held meeting (or turns a planned one into a held one, or edits a held one) with its attendance.
/// 应到 comes from the branch's roster on the meeting's China date, narrowed by the kind (<see cref="MeetingRules.ShouldAttend"/>);
/// quorum from <see cref="MeetingRules.Quorum"/>. Every person expected must be marked 出席, 请假 or 缺席 (a check-in
/// counts as 出席, a leave approved on the plan as 请假): nobody is marked by default, so an unmarked person refuses the record.
/// A meeting below quorum is recorded but marked 无效. One transaction; entity audit rows are written by the
/// context. Used by the page (/Meetings/Record, /Meetings/Edit) and the API (POST /api/v1/meetings).
/// </summary>
public sealed class RecordMeeting(AppDbContext db, BranchRoster roster, UserContext user)
{
    public const int TopicMax = 200, PlaceMax = 200, AgendaMax = 4000, ResolutionsMax = 4000, GuestsMax = 1000, ReasonMax = 200, EditReasonMax = 500;

    public sealed record LeaveInput(long? MemberId, string? Reason);

    /// <summary>The record of a held meeting (API JSON in camelCase).</summary>
    public sealed record Request(
        long? OrgId, IReadOnlyList<string>? Types, DateTimeOffset? HeldAt, DateTimeOffset? EndsAt, string? Place, string? Topic, string? Agenda,
        long? HostId, long? RecorderId, long? LecturerId, IReadOnlyList<long>? AttendeeIds, IReadOnlyList<LeaveInput>? Leave,
        IReadOnlyList<long>? DualLifeIds = null, string? Guests = null, string? Minutes = null, string? Resolutions = null,
        int? VotesFor = null, int? VotesAgainst = null, int? VotesAbstain = null, int? PresentCount = null, long? PlanId = null,
        IReadOnlyList<long>? AbsentIds = null, int? YearOf = null);

    /// <summary>The outcome: figures, quorum, whether the resolution passed (null when none was voted on) and a Chinese summary.</summary>
    public sealed record Recorded(
        long Id, bool QuorumMet, string? QuorumNote, int Expected, int Present, int VotingExpected, int VotingPresent, int OnLeave, int Absent,
        bool Valid, bool? ResolutionPassed, string Message);

    /// <summary>Records a held meeting of <c>req.OrgId</c> (default: the scope), which must lie under the authorized scope.</summary>
    public Task<(Recorded? Recorded, Dictionary<string, string[]> Errors)> Handle(Organization scope, Request req, DateTimeOffset now, CancellationToken ct = default) =>
        SaveAsync(scope, req, null, null, now, ct);

    /// <summary>Edits a held meeting; after the 7-day window a reason is required and the record before is kept as a version.</summary>
    public async Task<(Recorded? Recorded, Dictionary<string, string[]> Errors)> Update(Organization scope, long meetingId, Request req, string? reason, DateTimeOffset now, CancellationToken ct = default)
    {
        var m = await db.Set<Meeting>().FirstOrDefaultAsync(x => x.Id == meetingId, ct);
        if (m is null || m.State != MeetingState.已召开) return (null, new() { ["id"] = ["会议不存在或尚未召开，不能修改"] });
        return await SaveAsync(scope, req with { OrgId = m.OrgId, PlanId = null }, m, reason, now, ct);
    }

    /// <summary>Whether the record is past its edit window (then changes need a reason and are versioned).</summary>
    public static bool NeedsReason(Meeting m, DateTimeOffset now) => MeetingRules.IsLocked(m.RecordedAt ?? m.CreatedAt, now);

    private async Task<(Recorded?, Dictionary<string, string[]>)> SaveAsync(Organization scope, Request req, Meeting? editing, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        void Err(string key, string message) { if (!errors.ContainsKey(key)) errors[key] = [message]; }

        // the organization: the branch (or a 党小组 for 党小组会) under the authorized scope
        var orgId = req.OrgId ?? scope.Id;
        var org = await db.UnderOrg(scope).AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) Err("orgId", "所选组织不存在或不在您的管理范围内");
        else if (org.Status != OrgStatus.正常) Err("orgId", $"{org.Name}已撤销，不能录入组织生活");

        var (kinds, unknown) = MeetingRules.Parse(req.Types);
        if (unknown.Count > 0)
            Err("types", $"未知的会议类型：{string.Join("、", unknown.Select(u => u.Length == 0 ? "（空）" : u))}（可选：{string.Join("、", MeetingRules.AllKinds)}）");
        else if (kinds == MeetingKinds.None) Err("types", "请选择会议类型");
        else if (org is not null && !errors.ContainsKey("orgId"))
        {
            if (org.Type == OrgType.党小组)
            {
                if (kinds != MeetingKinds.党小组会) Err("types", $"{org.Name}是党小组，只能录入党小组会；其他组织生活请在所属党支部录入");
            }
            else if (!OrgRules.IsBranch(org.Type))
                Err("orgId", $"{org.Name}是{org.Type}，组织生活须由党支部（含联合党支部、临时党支部）录入，党小组会由党小组录入");
            else if ((kinds & MeetingKinds.党小组会) != 0)
                Err("types", $"党小组会由党小组召开，请在召开组织中选择{org.Name}的党小组（应到为该党小组的党员）");
        }

        if (req.HeldAt is not { } heldAt) Err("heldAt", "请填写召开时间");
        else if (heldAt > now) Err("heldAt", "召开时间不能晚于当前时间：尚未召开的会议请先列入计划，召开后再录入");
        if (req.EndsAt is { } endsAt && req.HeldAt is { } h0 && endsAt < h0) Err("endsAt", "结束时间不能早于召开时间");

        var topic = Clean(req.Topic);
        if (topic is null) Err("topic", "请填写会议主题");
        else if (topic.Length > TopicMax) Err("topic", $"会议主题不超过{TopicMax}字（现有{topic.Length}字）");
        CheckLength(Clean(req.Place), PlaceMax, "place", "会议地点", Err);
        CheckLength(Clean(req.Agenda), AgendaMax, "agenda", "会议议程", Err);
        CheckLength(Clean(req.Resolutions), ResolutionsMax, "resolutions", "会议决议", Err);
        CheckLength(Clean(req.Guests), GuestsMax, "guests", "列席人员", Err);
        if ((req.Minutes?.Length ?? 0) > MinutesSanitizer.MaxLength) Err("minutes", $"会议记录过长（不超过{MinutesSanitizer.MaxLength}字符）");
        if (req.HostId is null) Err("hostId", "请选择主持人");
        if (req.RecorderId is null) Err("recorderId", "请选择记录人");

        var locked = editing is not null && NeedsReason(editing, now);
        var editReason = Clean(reason);
        if (locked && editReason is null) Err("reason", $"会议记录已超过{MeetingRules.EditWindowDays}天编辑期，修改须填写修改原因");
        else if (editReason is { Length: > EditReasonMax }) Err("reason", $"修改原因不超过{EditReasonMax}字");

        // a planned meeting of the same organization becomes the held one
        Meeting? plan = null;
        if (editing is null && req.PlanId is { } planId && org is not null)
        {
            plan = await db.Set<Meeting>().FirstOrDefaultAsync(x => x.Id == planId, ct);
            if (plan is null || plan.OrgId != org.Id) { Err("planId", "计划的会议不存在或不属于该组织"); plan = null; }
            else if (plan.State != MeetingState.计划) { Err("planId", plan.State == MeetingState.已召开 ? "该计划的会议已经录入" : "该计划的会议已取消"); plan = null; }
        }
        var target = editing ?? plan;

        if (org is null || req.HeldAt is null || errors.ContainsKey("orgId") || errors.ContainsKey("heldAt")) return (null, errors);

        var held = req.HeldAt.Value.ToUniversalTime();
        var day = MeetingTime.Day(held);
        var dayText = ChineseDates.Date(day);
        // a 支部委员会 on its own is attended by the committee: its members are the 应到
        var list = await roster.ExpectedAsync(org, kinds, day, ct);
        var committeeOnly = kinds == MeetingKinds.支部委员会;
        int? yearOf = null;
        if (MeetingRules.HasYear(kinds))
        {
            yearOf = req.YearOf ?? MeetingRules.DefaultYearOf(kinds, day);
            if (MeetingRules.CheckYearOf(yearOf!.Value, day) is { } yearError) Err("yearOf", yearError);
        }
        var byId = list.ToDictionary(r => r.MemberId);
        var existing = target is null ? [] : await db.Set<MeetingAttendance>().Where(a => a.MeetingId == target.Id).ToListAsync(ct);
        // check-ins (扫码, 手工签到) written before the record are kept and count as present
        var checkIns = existing.Where(a => a.Method != CheckInMethod.录入 && a.Status == AttendanceStatus.出席).ToList();

        var attendees = (req.AttendeeIds ?? []).Distinct().ToList();
        var leaveRows = (req.Leave ?? []).Where(l => l.MemberId is not null).GroupBy(l => l.MemberId!.Value).Select(g => g.First()).ToList();
        var leaveIds = leaveRows.Select(l => l.MemberId!.Value).ToList();
        var absentIds = (req.AbsentIds ?? []).Distinct().ToList();
        var dual = (req.DualLifeIds ?? []).Distinct().ToList();
        var mentioned = attendees.Concat(leaveIds).Concat(absentIds).Concat(dual).Concat(new[] { req.HostId, req.RecorderId, req.LecturerId }.OfType<long>()).Distinct().ToList();
        var names = await db.Members.AsNoTracking().Where(m => mentioned.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        string Names(IEnumerable<long> ids) => string.Join("、", ids.Select(id => byId.TryGetValue(id, out var r) ? r.Name : names.GetValueOrDefault(id) ?? $"编号{id}（不存在）"));
        string NotInBranch(string who, IEnumerable<long> ids) => committeeOnly
            ? $"{who}{Names(ids)}在{dayText}不是{org.Name}支委会成员（其他列席人员请填写在列席人员中）"
            : $"{who}{Names(ids)}在{dayText}不是{org.Name}的党员";

        if (attendees.Where(id => !byId.ContainsKey(id)).ToList() is { Count: > 0 } strangers) Err("attendeeIds", NotInBranch("出席人员中", strangers));
        if (leaveIds.Where(id => !byId.ContainsKey(id)).ToList() is { Count: > 0 } leaveStrangers) Err("leave", NotInBranch("请假人员中", leaveStrangers));
        else if (leaveRows.Where(l => Clean(l.Reason) is null).Select(l => l.MemberId!.Value).ToList() is { Count: > 0 } noReason) Err("leave", $"请填写请假原因：{Names(noReason)}");
        else if (leaveRows.Where(l => Clean(l.Reason) is { Length: > ReasonMax }).Select(l => l.MemberId!.Value).ToList() is { Count: > 0 } longReason) Err("leave", $"请假原因不超过{ReasonMax}字：{Names(longReason)}");
        if (absentIds.Where(id => !byId.ContainsKey(id)).ToList() is { Count: > 0 } absentStrangers) Err("absentIds", NotInBranch("缺席人员中", absentStrangers));
        if (attendees.Intersect(leaveIds).ToList() is { Count: > 0 } both) Err("leave", $"{Names(both)}不能既出席又请假");
        if (attendees.Concat(leaveIds).Intersect(absentIds).ToList() is { Count: > 0 } absentToo) Err("absentIds", $"{Names(absentToo)}不能既缺席又出席或请假");
        if (checkIns.Select(a => a.MemberId).Intersect(leaveIds).ToList() is { Count: > 0 } checkedLeave) Err("leave", $"{Names(checkedLeave)}已签到，不能登记为请假");
        if (checkIns.Select(a => a.MemberId).Intersect(absentIds).ToList() is { Count: > 0 } checkedAbsent) Err("absentIds", $"{Names(checkedAbsent)}已签到，不能登记为缺席");
        if (req.HostId is { } host && !byId.ContainsKey(host)) Err("hostId", NotInBranch("主持人", [host]));
        if (req.RecorderId is { } rec && !byId.ContainsKey(rec)) Err("recorderId", NotInBranch("记录人", [rec]));
        if (req.LecturerId is { } lec && !names.ContainsKey(lec)) Err("lecturerId", "授课人不存在");

        var presentIds = attendees.Where(byId.ContainsKey).Concat(checkIns.Select(a => a.MemberId).Where(byId.ContainsKey)).ToHashSet();
        if (dual.Where(id => !presentIds.Contains(id)).ToList() is { Count: > 0 } notPresent) Err("dualLifeIds", $"参加双重组织生活的领导干部须在出席名单中：{Names(notPresent)}");

        // a leave registered on the plan (by the member) stays unless the record says otherwise
        var leave = leaveRows.ToDictionary(l => l.MemberId!.Value, l => Clean(l.Reason));
        if (plan is not null)
            foreach (var a in existing.Where(a => a.Status == AttendanceStatus.请假 && byId.ContainsKey(a.MemberId) && !presentIds.Contains(a.MemberId) && !leave.ContainsKey(a.MemberId)
                                            && !absentIds.Contains(a.MemberId)))
                leave[a.MemberId] = a.Reason;

        // nobody is marked by default: each person expected is 出席 (or checked in), 请假 or 缺席 by an explicit choice
        var absent = absentIds.ToHashSet();
        if (list.Where(r => !presentIds.Contains(r.MemberId) && !leave.ContainsKey(r.MemberId) && !absent.Contains(r.MemberId)).Select(r => r.MemberId).ToList()
            is { Count: > 0 } unmarked)
            Err("attendance", $"尚有{unmarked.Count}人未标记出勤（出席、请假或缺席）：{Names(unmarked.Take(10))}{(unmarked.Count > 10 ? "等" : "")}");

        var expected = list.Count;
        var present = presentIds.Count;
        var onLeave = leave.Keys.Count(id => byId.ContainsKey(id) && !presentIds.Contains(id));
        var votingExpected = list.Count(r => r.Voting);
        var votingPresent = list.Count(r => r.Voting && presentIds.Contains(r.MemberId));
        var committeeExpected = list.Count(r => r.Committee);
        var committeePresent = list.Count(r => r.Committee && presentIds.Contains(r.MemberId));

        if (req.PresentCount is { } pc)
        {
            if (pc > expected) Err("presentCount", $"实到人数（{pc}）不能多于应到人数（{expected}）");
            else if (pc != present) Err("presentCount", $"实到人数（{pc}）与出席名单人数（{present}）不一致");
        }

        int?[] votes = [req.VotesFor, req.VotesAgainst, req.VotesAbstain];
        if (votes.Any(v => v is not null))
        {
            if ((kinds & MeetingKinds.支部党员大会) == 0) Err("votesFor", "只有支部党员大会可以登记表决票数");
            else if (votes.Any(v => v < 0)) Err("votesFor", "表决票数不能为负数");
            else if (votes.Sum(v => v ?? 0) is var sum && sum > votingPresent)
                Err("votesFor", $"表决票数合计（{sum}）不能多于出席的有表决权党员人数（{votingPresent}）");
        }

        var targetId = target?.Id ?? 0;
        if (await db.Set<Meeting>().AnyAsync(x => x.OrgId == org.Id && x.HeldAt == held && x.State == MeetingState.已召开 && x.Id != targetId, ct))
            Err("heldAt", Duplicate(org, held));
        if (errors.Count > 0) return (null, errors);

        var (met, note) = MeetingRules.Quorum(kinds, votingExpected, votingPresent, committeeExpected, committeePresent);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var m = target ?? new Meeting { OrgId = org.Id, Topic = topic!, CreatedAt = now, CreatedBy = user.UserName };
            if (editing is not null && locked)
            {
                db.Set<MeetingVersion>().Add(new MeetingVersion
                {
                    MeetingId = editing.Id, Version = editing.Version, Snapshot = Snapshot(editing, existing), Reason = editReason!,
                    ChangedBy = user.UserName, ChangedAt = now,
                });
                m.Version = editing.Version + 1;
            }
            m.Kinds = kinds;
            m.State = MeetingState.已召开;
            m.HeldAt = held;
            m.EndsAt = req.EndsAt?.ToUniversalTime();
            m.Place = Clean(req.Place);
            m.Topic = topic!;
            m.Agenda = Clean(req.Agenda);
            m.MinutesHtml = MinutesSanitizer.Sanitize(req.Minutes);
            m.Resolutions = Clean(req.Resolutions);
            m.VotesFor = req.VotesFor;
            m.VotesAgainst = req.VotesAgainst;
            m.VotesAbstain = req.VotesAbstain;
            m.Guests = Clean(req.Guests);
            m.HostMemberId = req.HostId;
            m.RecorderMemberId = req.RecorderId;
            m.LecturerMemberId = req.LecturerId;
            m.YearOf = yearOf;
            m.Expected = expected;
            m.VotingExpected = votingExpected;
            m.Present = present;
            m.VotingPresent = votingPresent;
            m.OnLeave = onLeave;
            m.Absent = expected - present - onLeave;
            m.CommitteeExpected = committeeExpected;
            m.CommitteePresent = committeePresent;
            m.QuorumMet = met;
            m.QuorumNote = note is { Length: > 500 } ? note[..500] : note;
            if (editing is null) { m.RecordedAt = now; m.RecordedBy = user.UserName; }
            else m.UpdatedAt = now;
            if (target is null) db.Set<Meeting>().Add(m);
            await db.SaveChangesAsync(ct);

            // attendance: check-ins stay (their flags refreshed), every other row is written again from the record
            var keep = checkIns.Select(a => a.Id).ToHashSet();
            db.Set<MeetingAttendance>().RemoveRange(existing.Where(a => !keep.Contains(a.Id)));
            await db.SaveChangesAsync(ct);
            foreach (var a in checkIns)
                if (byId.TryGetValue(a.MemberId, out var r)) { a.Voting = r.Voting; a.Committee = r.Committee; a.DualLife = dual.Contains(a.MemberId); }
            var checkedIn = checkIns.Select(a => a.MemberId).ToHashSet();
            foreach (var r in list)
            {
                if (checkedIn.Contains(r.MemberId)) continue;
                var status = presentIds.Contains(r.MemberId) ? AttendanceStatus.出席 : leave.ContainsKey(r.MemberId) ? AttendanceStatus.请假 : AttendanceStatus.缺席;
                db.Set<MeetingAttendance>().Add(new MeetingAttendance
                {
                    MeetingId = m.Id, MemberId = r.MemberId, Status = status, Reason = status == AttendanceStatus.请假 ? leave[r.MemberId] ?? "未注明" : null,
                    Method = CheckInMethod.录入, Voting = r.Voting, Committee = r.Committee, DualLife = status == AttendanceStatus.出席 && dual.Contains(r.MemberId),
                });
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);

            var (passed, resolutionText) = Resolution(m);
            var message = (met ? "会议已录入，达到法定人数，会议有效。" : $"会议已录入，但{note}（不计入组织生活达标统计）。") + (resolutionText is null ? "" : resolutionText + "。");
            return (new Recorded(m.Id, met, m.QuorumNote, expected, present, votingExpected, votingPresent, onLeave, m.Absent, met, passed, message), errors);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return (null, new() { ["heldAt"] = [Duplicate(org, held)] });
        }
    }

    /// <summary>Whether the 支部党员大会's resolution passed: more than half of the members with voting rights in favour, at a valid meeting.</summary>
    public static (bool? Passed, string? Text) Resolution(Meeting m)
    {
        if ((m.Kinds & MeetingKinds.支部党员大会) == 0 || string.IsNullOrWhiteSpace(m.Resolutions) || m.VotesFor is not { } votesFor) return (null, null);
        if (!m.QuorumMet) return (false, "会议未达到法定人数，决议无效");
        return MeetingRules.ResolutionPasses(m.VotingExpected, votesFor)
            ? (true, $"决议获得通过：赞成{votesFor}票，超过有表决权党员{m.VotingExpected}人的半数")
            : (false, $"决议未获通过：赞成{votesFor}票，未超过有表决权党员{m.VotingExpected}人的半数");
    }

    private static string Duplicate(Organization org, DateTimeOffset held) =>
        $"{org.Name}在{ChineseDates.DateTime(held)}召开的会议已经录入，不能重复录入";

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static void CheckLength(string? value, int max, string key, string label, Action<string, string> err)
    {
        if (value is { } v && v.Length > max) err(key, $"{label}不超过{max}字（现有{v.Length}字）");
    }

    private static readonly JsonSerializerOptions SnapshotJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record before a change after the edit window: its fields and attendance (JSON).</summary>
    private static string Snapshot(Meeting m, IReadOnlyList<MeetingAttendance> attendance) => JsonSerializer.Serialize(new
    {
        m.Id, m.OrgId, Types = MeetingRules.Display(m.Kinds), State = m.State.ToString(), m.HeldAt, m.EndsAt, m.Place, m.Topic, m.Agenda, m.MinutesHtml,
        m.Resolutions, m.VotesFor, m.VotesAgainst, m.VotesAbstain, m.Guests, m.HostMemberId, m.RecorderMemberId, m.LecturerMemberId, m.YearOf,
        m.Expected, m.VotingExpected, m.Present, m.VotingPresent, m.OnLeave, m.Absent, m.CommitteeExpected, m.CommitteePresent,
        m.QuorumMet, m.QuorumNote, m.Version, m.RecordedAt, m.RecordedBy, m.UpdatedAt,
        Attendance = attendance.OrderBy(a => a.MemberId).Select(a => new
        {
            a.MemberId, Status = a.Status.ToString(), a.Reason, Method = a.Method.ToString(), a.CheckedInAt, a.Voting, a.Committee, a.DualLife,
        }),
    }, SnapshotJson);
}

/// <summary>Meeting times in China: the calendar day of a meeting decides its roster.</summary>
public static class MeetingTime
{
    public static DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, ChineseDates.China).DateTime);

    public static DateTimeOffset Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, ChineseDates.China);

    /// <summary>The instant a China calendar day starts.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChineseDates.China.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();

    /// <summary>A date and time typed on the form, taken as China time.</summary>
    public static DateTimeOffset? Parse(string? date, string? time)
    {
        if (!DateOnly.TryParseExact((date ?? "").Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)) return null;
        var t = TimeOnly.MinValue;
        if (!string.IsNullOrWhiteSpace(time) && !TimeOnly.TryParseExact(time.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out t)) return null;
        var local = d.ToDateTime(t);
        return new DateTimeOffset(local, ChineseDates.China.GetUtcOffset(local));
    }
}
