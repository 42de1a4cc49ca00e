using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Meetings;

/// <summary>
/// Records a held meeting (or turns a planned one into a held one, or edits a held one) with its attendance.
/// 应到 comes from the branch's roster on the meeting's China date, narrowed by the kind (<see cref="MeetingRules.ShouldAttend"/>);
/// quorum from <see cref="MeetingRules.Quorum"/>. Every person expected must be marked 出席, 请假 or 缺席 (a check-in
/// counts as 出席, a leave approved on the plan as 请假): nobody is marked by default, so an unmarked person refuses the record.
/// A meeting below quorum is recorded but marked 无效. One transaction; entity audit rows are written by the
/// context. Used by the page (/Meetings/Record, /Meetings/Edit) and the API (POST /api/v1/meetings).
/// </summary>
public sealed class RecordMeeting(AppDbContext db, BranchRoster roster, UserContext user, TimeProvider clock)
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

    /// <summary>POST /api/v1/meetings: ?org= (or the switcher) names the authorized organization, the body's orgId a branch under it.</summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/meetings", async (Request body, UserContext user, RecordMeeting record, CancellationToken ct) =>
                (await record.Handle(user.CurrentOrg!, body, ct)).ToHttp(r => Results.Created($"/api/v1/meetings/{r.Id}", r)))
           .Require(Permission.MeetingManage)
           .WithSummary("录入已召开的组织生活（?org= 管理范围；正文 orgId 为其下的党支部或党小组；应到人员须逐一标记：attendeeIds 出席、leave 请假、absentIds 缺席，已签到者和计划上已批准的请假除外，未标记者拒绝录入；组织生活会、民主评议党员的 yearOf 为所属年度，默认1–2月为上一年）").Produces<Recorded>(201).ProducesValidationProblem();

    /// <summary>Records a held meeting of <c>req.OrgId</c> (default: the scope), which must lie under the authorized scope.</summary>
    public Task<Result<Recorded>> Handle(Organization scope, Request req, CancellationToken ct = default) =>
        SaveAsync(scope, req, null, null, ct);

    /// <summary>Edits a held meeting; after the 7-day window a reason is required and the record before is kept as a version.</summary>
    public async Task<Result<Recorded>> Update(Organization scope, long meetingId, Request req, string? reason, CancellationToken ct = default)
    {
        var m = await db.Set<Meeting>().FirstOrDefaultAsync(x => x.Id == meetingId, ct);
        if (m is null || m.State != MeetingState.已召开) return Result.Invalid("id", "会议不存在或尚未召开，不能修改");
        return await SaveAsync(scope, req with { OrgId = m.OrgId, PlanId = null }, m, reason, ct);
    }

    /// <summary>Whether the record is past its edit window (then changes need a reason and are versioned).</summary>
    public static bool NeedsReason(Meeting m, DateTimeOffset now) => MeetingRules.IsLocked(m.RecordedAt ?? m.CreatedAt, now);

    /// <summary>Field errors in the order they are found; the first message of a field wins.</summary>
    private sealed class Errors
    {
        public Dictionary<string, string[]> Map { get; } = [];
        public void Add(string key, string message) { if (!Map.ContainsKey(key)) Map[key] = [message]; }
        public bool Has(string key) => Map.ContainsKey(key);
        public int Count => Map.Count;
    }

    /// <summary>Who is expected and how each is marked, as the record says; the figures the meeting keeps.</summary>
    private sealed record Sheet(
        IReadOnlyList<RosterEntry> Expected, IReadOnlyDictionary<long, RosterEntry> ById, IReadOnlyList<MeetingAttendance> Existing,
        IReadOnlyList<MeetingAttendance> CheckIns, HashSet<long> PresentIds, Dictionary<long, string?> Leave, IReadOnlyList<long> Dual)
    {
        public int Present => PresentIds.Count;
        public int OnLeave => Leave.Keys.Count(id => ById.ContainsKey(id) && !PresentIds.Contains(id));
        public int VotingExpected => Expected.Count(r => r.Voting);
        public int VotingPresent => Expected.Count(r => r.Voting && PresentIds.Contains(r.MemberId));
        public int CommitteeExpected => Expected.Count(r => r.Committee);
        public int CommitteePresent => Expected.Count(r => r.Committee && PresentIds.Contains(r.MemberId));
    }

    private async Task<Result<Recorded>> SaveAsync(Organization scope, Request req, Meeting? editing, string? reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var errors = new Errors();
        var org = await CheckOrganizationAsync(scope, req.OrgId, errors, ct);
        var kinds = CheckKinds(org, req.Types, errors);
        var topic = CheckFields(req, now, errors);
        var locked = editing is not null && NeedsReason(editing, now);
        var editReason = CheckEditReason(reason, locked, errors);
        var plan = editing is null ? await FindPlanAsync(req.PlanId, org, errors, ct) : null;
        var target = editing ?? plan;

        if (org is null || req.HeldAt is null || errors.Has("orgId") || errors.Has("heldAt")) return Result.Invalid(errors.Map);

        var held = req.HeldAt.Value.ToUniversalTime();
        var day = ChineseDates.DayOf(held);
        // a 支部委员会 on its own is attended by the committee: its members are the 应到
        var expected = await roster.ExpectedAsync(org, kinds, day, ct);
        var yearOf = CheckYearOf(kinds, req.YearOf, day, errors);
        var existing = target is null ? [] : await db.Set<MeetingAttendance>().Where(a => a.MeetingId == target.Id).ToListAsync(ct);
        var sheet = await CheckAttendanceAsync(org, kinds, day, req, expected, existing, plan is not null, errors, ct);
        CheckVotes(req, kinds, sheet, errors);

        var targetId = target?.Id ?? 0;
        if (await db.Set<Meeting>().AnyAsync(x => x.OrgId == org.Id && x.HeldAt == held && x.State == MeetingState.已召开 && x.Id != targetId, ct))
            errors.Add("heldAt", Duplicate(org, held));
        if (errors.Count > 0) return Result.Invalid(errors.Map);

        return await WriteAsync(org, kinds, req, topic!, held, yearOf, sheet, target, editing, locked ? editReason : null, now, ct);
    }

    /// <summary>The organization: the branch (or a 党小组 for 党小组会) under the authorized scope, not dissolved.</summary>
    private async Task<Organization?> CheckOrganizationAsync(Organization scope, long? orgId, Errors errors, CancellationToken ct)
    {
        var id = orgId ?? scope.Id;
        var org = await db.UnderOrg(scope).AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (org is null) errors.Add("orgId", "所选组织不存在或不在您的管理范围内");
        else if (org.Status != OrgStatus.正常) errors.Add("orgId", $"{org.Name}已撤销，不能录入组织生活");
        return org;
    }

    /// <summary>The kinds of the meeting, and whether the organization holds them (a 党小组 holds only 党小组会).</summary>
    private static MeetingKinds CheckKinds(Organization? org, IReadOnlyList<string>? types, Errors errors)
    {
        var (kinds, unknown) = MeetingRules.Parse(types);
        if (unknown.Count > 0)
            errors.Add("types", $"未知的会议类型：{string.Join("、", unknown.Select(u => u.Length == 0 ? "（空）" : u))}（可选：{string.Join("、", MeetingRules.AllKinds)}）");
        else if (kinds == MeetingKinds.None) errors.Add("types", "请选择会议类型");
        else if (org is not null && !errors.Has("orgId"))
        {
            if (org.Type == OrgType.党小组)
            {
                if (kinds != MeetingKinds.党小组会) errors.Add("types", $"{org.Name}是党小组，只能录入党小组会；其他组织生活请在所属党支部录入");
            }
            else if (!OrgRules.IsBranch(org.Type))
                errors.Add("orgId", $"{org.Name}是{org.Type}，组织生活须由党支部（含联合党支部、临时党支部）录入，党小组会由党小组录入");
            else if ((kinds & MeetingKinds.党小组会) != 0)
                errors.Add("types", $"党小组会由党小组召开，请在召开组织中选择{org.Name}的党小组（应到为该党小组的党员）");
        }
        return kinds;
    }

    /// <summary>Times, texts and the host and recorder; returns the cleaned topic.</summary>
    private static string? CheckFields(Request req, DateTimeOffset now, Errors errors)
    {
        if (req.HeldAt is not { } heldAt) errors.Add("heldAt", "请填写召开时间");
        else if (heldAt > now) errors.Add("heldAt", "召开时间不能晚于当前时间：尚未召开的会议请先列入计划，召开后再录入");
        if (req.EndsAt is { } endsAt && req.HeldAt is { } h0 && endsAt < h0) errors.Add("endsAt", "结束时间不能早于召开时间");

        var topic = Clean(req.Topic);
        if (topic is null) errors.Add("topic", "请填写会议主题");
        else if (topic.Length > TopicMax) errors.Add("topic", $"会议主题不超过{TopicMax}字（现有{topic.Length}字）");
        CheckLength(Clean(req.Place), PlaceMax, "place", "会议地点", errors);
        CheckLength(Clean(req.Agenda), AgendaMax, "agenda", "会议议程", errors);
        CheckLength(Clean(req.Resolutions), ResolutionsMax, "resolutions", "会议决议", errors);
        CheckLength(Clean(req.Guests), GuestsMax, "guests", "列席人员", errors);
        if ((req.Minutes?.Length ?? 0) > MinutesSanitizer.MaxLength) errors.Add("minutes", $"会议记录过长（不超过{MinutesSanitizer.MaxLength}字符）");
        if (req.HostId is null) errors.Add("hostId", "请选择主持人");
        if (req.RecorderId is null) errors.Add("recorderId", "请选择记录人");
        return topic;
    }

    private static string? CheckEditReason(string? reason, bool locked, Errors errors)
    {
        var editReason = Clean(reason);
        if (locked && editReason is null) errors.Add("reason", $"会议记录已超过{MeetingRules.EditWindowDays}天编辑期，修改须填写修改原因");
        else if (editReason is { Length: > EditReasonMax }) errors.Add("reason", $"修改原因不超过{EditReasonMax}字");
        return editReason;
    }

    /// <summary>A planned meeting of the same organization becomes the held one.</summary>
    private async Task<Meeting?> FindPlanAsync(long? planId, Organization? org, Errors errors, CancellationToken ct)
    {
        if (planId is not { } id || org is null) return null;
        var plan = await db.Set<Meeting>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (plan is null || plan.OrgId != org.Id) { errors.Add("planId", "计划的会议不存在或不属于该组织"); return null; }
        if (plan.State != MeetingState.计划) { errors.Add("planId", plan.State == MeetingState.已召开 ? "该计划的会议已经录入" : "该计划的会议已取消"); return null; }
        return plan;
    }

    /// <summary>The year a 组织生活会 or 民主评议党员 counts for (null for other kinds).</summary>
    private static int? CheckYearOf(MeetingKinds kinds, int? requested, DateOnly day, Errors errors)
    {
        if (!MeetingRules.HasYear(kinds)) return null;
        var yearOf = requested ?? MeetingRules.DefaultYearOf(kinds, day);
        if (MeetingRules.CheckYearOf(yearOf!.Value, day) is { } yearError) errors.Add("yearOf", yearError);
        return yearOf;
    }

    /// <summary>
    /// Checks who is marked 出席, 请假 and 缺席 against the roster of the day (check-ins written before the record count as
    /// present; a leave approved on the plan stays unless the record says otherwise) and that nobody is left unmarked.
    /// </summary>
    private async Task<Sheet> CheckAttendanceAsync(Organization org, MeetingKinds kinds, DateOnly day, Request req, IReadOnlyList<RosterEntry> list,
        IReadOnlyList<MeetingAttendance> existing, bool fromPlan, Errors errors, CancellationToken ct)
    {
        var dayText = ChineseDates.Date(day);
        var committeeOnly = kinds == MeetingKinds.支部委员会;
        var byId = list.ToDictionary(r => r.MemberId);
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

        if (attendees.Where(id => !byId.ContainsKey(id)).ToList() is { Count: > 0 } strangers) errors.Add("attendeeIds", NotInBranch("出席人员中", strangers));
        if (leaveIds.Where(id => !byId.ContainsKey(id)).ToList() is { Count: > 0 } leaveStrangers) errors.Add("leave", NotInBranch("请假人员中", leaveStrangers));
        else if (leaveRows.Where(l => Clean(l.Reason) is null).Select(l => l.MemberId!.Value).ToList() is { Count: > 0 } noReason) errors.Add("leave", $"请填写请假原因：{Names(noReason)}");
        else if (leaveRows.Where(l => Clean(l.Reason) is { Length: > ReasonMax }).Select(l => l.MemberId!.Value).ToList() is { Count: > 0 } longReason) errors.Add("leave", $"请假原因不超过{ReasonMax}字：{Names(longReason)}");
        if (absentIds.Where(id => !byId.ContainsKey(id)).ToList() is { Count: > 0 } absentStrangers) errors.Add("absentIds", NotInBranch("缺席人员中", absentStrangers));
        if (attendees.Intersect(leaveIds).ToList() is { Count: > 0 } both) errors.Add("leave", $"{Names(both)}不能既出席又请假");
        if (attendees.Concat(leaveIds).Intersect(absentIds).ToList() is { Count: > 0 } absentToo) errors.Add("absentIds", $"{Names(absentToo)}不能既缺席又出席或请假");
        if (checkIns.Select(a => a.MemberId).Intersect(leaveIds).ToList() is { Count: > 0 } checkedLeave) errors.Add("leave", $"{Names(checkedLeave)}已签到，不能登记为请假");
        if (checkIns.Select(a => a.MemberId).Intersect(absentIds).ToList() is { Count: > 0 } checkedAbsent) errors.Add("absentIds", $"{Names(checkedAbsent)}已签到，不能登记为缺席");
        if (req.HostId is { } host && !byId.ContainsKey(host)) errors.Add("hostId", NotInBranch("主持人", [host]));
        if (req.RecorderId is { } rec && !byId.ContainsKey(rec)) errors.Add("recorderId", NotInBranch("记录人", [rec]));
        if (req.LecturerId is { } lec && !names.ContainsKey(lec)) errors.Add("lecturerId", "授课人不存在");

        var presentIds = attendees.Where(byId.ContainsKey).Concat(checkIns.Select(a => a.MemberId).Where(byId.ContainsKey)).ToHashSet();
        if (dual.Where(id => !presentIds.Contains(id)).ToList() is { Count: > 0 } notPresent) errors.Add("dualLifeIds", $"参加双重组织生活的领导干部须在出席名单中：{Names(notPresent)}");

        // a leave registered on the plan (by the member) stays unless the record says otherwise
        var leave = leaveRows.ToDictionary(l => l.MemberId!.Value, l => Clean(l.Reason));
        if (fromPlan)
            foreach (var a in existing.Where(a => a.Status == AttendanceStatus.请假 && byId.ContainsKey(a.MemberId) && !presentIds.Contains(a.MemberId) && !leave.ContainsKey(a.MemberId)
                                            && !absentIds.Contains(a.MemberId)))
                leave[a.MemberId] = a.Reason;

        // nobody is marked by default: each person expected is 出席 (or checked in), 请假 or 缺席 by an explicit choice
        var absent = absentIds.ToHashSet();
        if (list.Where(r => !presentIds.Contains(r.MemberId) && !leave.ContainsKey(r.MemberId) && !absent.Contains(r.MemberId)).Select(r => r.MemberId).ToList()
            is { Count: > 0 } unmarked)
            errors.Add("attendance", $"尚有{unmarked.Count}人未标记出勤（出席、请假或缺席）：{Names(unmarked.Take(10))}{(unmarked.Count > 10 ? "等" : "")}");

        var sheet = new Sheet(list, byId, existing, checkIns, presentIds, leave, dual);
        if (req.PresentCount is { } pc)
        {
            if (pc > list.Count) errors.Add("presentCount", $"实到人数（{pc}）不能多于应到人数（{list.Count}）");
            else if (pc != sheet.Present) errors.Add("presentCount", $"实到人数（{pc}）与出席名单人数（{sheet.Present}）不一致");
        }
        return sheet;
    }

    /// <summary>Votes are counted at a 支部党员大会 only, and never more than the voting members present.</summary>
    private static void CheckVotes(Request req, MeetingKinds kinds, Sheet sheet, Errors errors)
    {
        int?[] votes = [req.VotesFor, req.VotesAgainst, req.VotesAbstain];
        if (!votes.Any(v => v is not null)) return;
        if ((kinds & MeetingKinds.支部党员大会) == 0) errors.Add("votesFor", "只有支部党员大会可以登记表决票数");
        else if (votes.Any(v => v < 0)) errors.Add("votesFor", "表决票数不能为负数");
        else if (votes.Sum(v => v ?? 0) is var sum && sum > sheet.VotingPresent)
            errors.Add("votesFor", $"表决票数合计（{sum}）不能多于出席的有表决权党员人数（{sheet.VotingPresent}）");
    }

    /// <summary>Writes the meeting (a version of the record before when locked) and its attendance in one transaction.</summary>
    private async Task<Result<Recorded>> WriteAsync(Organization org, MeetingKinds kinds, Request req, string topic, DateTimeOffset held, int? yearOf, Sheet sheet,
        Meeting? target, Meeting? editing, string? versionReason, DateTimeOffset now, CancellationToken ct)
    {
        var (met, note) = MeetingRules.Quorum(kinds, sheet.VotingExpected, sheet.VotingPresent, sheet.CommitteeExpected, sheet.CommitteePresent);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var m = target ?? new Meeting { OrgId = org.Id, Topic = topic, CreatedAt = now, CreatedBy = user.UserName };
            if (editing is not null && versionReason is not null)
            {
                db.Set<MeetingVersion>().Add(new MeetingVersion
                {
                    MeetingId = editing.Id, Version = editing.Version, Snapshot = Snapshot(editing, sheet.Existing), Reason = versionReason,
                    ChangedBy = user.UserName, ChangedAt = now,
                });
                m.Version = editing.Version + 1;
            }
            Apply(m, kinds, req, topic, held, yearOf, sheet, met, note);
            if (editing is null) { m.RecordedAt = now; m.RecordedBy = user.UserName; }
            else m.UpdatedAt = now;
            if (target is null) db.Set<Meeting>().Add(m);
            await db.SaveChangesAsync(ct);

            await WriteAttendanceAsync(m.Id, sheet, ct);
            await tx.CommitAsync(ct);

            var (passed, resolutionText) = Resolution(m);
            var message = (met ? "会议已录入，达到法定人数，会议有效。" : $"会议已录入，但{note}（不计入组织生活达标统计）。") + (resolutionText is null ? "" : resolutionText + "。");
            return new Recorded(m.Id, met, m.QuorumNote, sheet.Expected.Count, sheet.Present, sheet.VotingExpected, sheet.VotingPresent, sheet.OnLeave, m.Absent,
                met, passed, message);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Result.Invalid("heldAt", Duplicate(org, held));
        }
    }

    /// <summary>The record's fields and figures onto the meeting row.</summary>
    private static void Apply(Meeting m, MeetingKinds kinds, Request req, string topic, DateTimeOffset held, int? yearOf, Sheet sheet, bool met, string? note)
    {
        m.Kinds = kinds;
        m.State = MeetingState.已召开;
        m.HeldAt = held;
        m.EndsAt = req.EndsAt?.ToUniversalTime();
        m.Place = Clean(req.Place);
        m.Topic = topic;
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
        m.Expected = sheet.Expected.Count;
        m.VotingExpected = sheet.VotingExpected;
        m.Present = sheet.Present;
        m.VotingPresent = sheet.VotingPresent;
        m.OnLeave = sheet.OnLeave;
        m.Absent = sheet.Expected.Count - sheet.Present - sheet.OnLeave;
        m.CommitteeExpected = sheet.CommitteeExpected;
        m.CommitteePresent = sheet.CommitteePresent;
        m.QuorumMet = met;
        m.QuorumNote = note is { Length: > 500 } ? note[..500] : note;
    }

    /// <summary>Attendance: check-ins stay (their flags refreshed), every other row is written again from the record.</summary>
    private async Task WriteAttendanceAsync(long meetingId, Sheet sheet, CancellationToken ct)
    {
        var keep = sheet.CheckIns.Select(a => a.Id).ToHashSet();
        db.Set<MeetingAttendance>().RemoveRange(sheet.Existing.Where(a => !keep.Contains(a.Id)));
        await db.SaveChangesAsync(ct);
        foreach (var a in sheet.CheckIns)
            if (sheet.ById.TryGetValue(a.MemberId, out var r)) { a.Voting = r.Voting; a.Committee = r.Committee; a.DualLife = sheet.Dual.Contains(a.MemberId); }
        var checkedIn = sheet.CheckIns.Select(a => a.MemberId).ToHashSet();
        foreach (var r in sheet.Expected)
        {
            if (checkedIn.Contains(r.MemberId)) continue;
            var status = sheet.PresentIds.Contains(r.MemberId) ? AttendanceStatus.出席 : sheet.Leave.ContainsKey(r.MemberId) ? AttendanceStatus.请假 : AttendanceStatus.缺席;
            db.Set<MeetingAttendance>().Add(new MeetingAttendance
            {
                MeetingId = meetingId, MemberId = r.MemberId, Status = status, Reason = status == AttendanceStatus.请假 ? sheet.Leave[r.MemberId] ?? "未注明" : null,
                Method = CheckInMethod.录入, Voting = r.Voting, Committee = r.Committee, DualLife = status == AttendanceStatus.出席 && sheet.Dual.Contains(r.MemberId),
            });
        }
        await db.SaveChangesAsync(ct);
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

    private static void CheckLength(string? value, int max, string key, string label, Errors errors)
    {
        if (value is { } v && v.Length > max) errors.Add(key, $"{label}不超过{max}字（现有{v.Length}字）");
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
    public static DateOnly Day(DateTimeOffset t) => ChineseDates.DayOf(t);

    public static DateTimeOffset Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, ChineseDates.China);

    /// <summary>The instant a China calendar day starts.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => ChineseDates.StartOf(day);

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
