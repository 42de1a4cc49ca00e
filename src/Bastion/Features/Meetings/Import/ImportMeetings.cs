using System.Globalization;
using System.Net;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Members.Import;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Meetings.Import;

/// <summary>
/// Brings a branch's past meetings in from a sheet (<see cref="MeetingSheet"/>), read by the roster reader and reported
/// per row like the roster import. A dry run checks every row and writes nothing; a commit writes all valid rows in one
/// transaction as held meetings marked 补录, with their attendance (names resolved against the branch's roster on the
/// meeting's day; 应到 and quorum as when a meeting is recorded). A row whose meeting (same organization, types and
/// start) is already there is skipped, so importing the same file twice changes nothing.
/// </summary>
public sealed class ImportMeetings(AppDbContext db, BranchRoster roster, UserContext user, TimeProvider clock)
{
    /// <summary>
    /// The row report: <see cref="Errors"/> and <see cref="Notes"/> list the first <see cref="SheetLimits.MaxErrorsListed"/>
    /// of each (by row); <see cref="ErrorTotal"/>, <see cref="NoteTotal"/> count them all, <see cref="ErrorRows"/> the rows with errors.
    /// </summary>
    public sealed record Report(int Total, int Valid, int Created, int Existing, IReadOnlyList<ImportError> Errors, IReadOnlyList<ImportError> Notes, bool Committed,
        int ErrorTotal = 0, int ErrorRows = 0, int NoteTotal = 0)
    {
        public static Report Of(int total, int valid, int created, int existing, List<ImportError> errors, List<ImportError> notes, bool committed) =>
            new(total, valid, created, existing, SheetLimits.Listed(errors), SheetLimits.Listed(notes), committed,
                errors.Count, errors.Where(e => e.Row > 0).Select(e => e.Row).Distinct().Count(), notes.Count);
    }

    private sealed record Candidate(int Row, Meeting Meeting, IReadOnlyList<MeetingAttendance> Attendance);

    /// <summary>
    /// POST /api/v1/meetings/import?org=&lt;branch&gt;&amp;dryRun=true|false (multipart field <c>file</c>) and
    /// GET /api/v1/meetings/import/template?org= — bringing a branch's past meetings in (补录).
    /// </summary>
    public static void Map(RouteGroupBuilder api)
    {
        // the form is read by hand: an IFormFile parameter would add content-type matching to routing, which
        // answers a wrong content type before authorization runs
        api.MapPost("/meetings/import", async (HttpContext http, bool? dryRun, UserContext user, ImportMeetings import, CancellationToken ct) =>
            {
                if (!http.Request.HasFormContentType)
                    return ErrorResponses.Problem(415, "请以 multipart/form-data 上传，文件字段名为 file。");
                var file = (await http.Request.ReadFormAsync(ct)).Files["file"];
                if (file is null || file.Length == 0)
                    return ErrorResponses.Validation(new Dictionary<string, string[]> { ["file"] = ["请上传会议导入文件（.xlsx 或 .xls）"] });
                if (file.Length > MeetingSheet.MaxBytes) return UploadLimit.Problem(MeetingSheet.MaxBytes);
                await using var ms = new MemoryStream();
                await file.CopyToAsync(ms, ct);
                ms.Position = 0;
                var report = await import.RunAsync(ms, user.CurrentOrg!, dryRun ?? true, ct);
                // a problem with the file itself (not Excel, no header, not a branch) is a 400 about the file
                return report.Total == 0 && report.Errors.Count > 0
                    ? ErrorResponses.Validation(new Dictionary<string, string[]> { ["file"] = report.Errors.Select(e => e.Message).ToArray() }, "文件无法导入")
                    : Results.Ok(report);
            })
           .Require(Permission.MeetingManage)
           .DisableAntiforgery()
           .WithMetadata(new UploadLimitAttribute(MeetingSheet.MaxBytes))
           .WithSummary("导入党支部的历史会议（补录；multipart/form-data，文件字段 file；?org= 党支部；dryRun=true 只校验不写入）")
           .Produces<Report>();

        api.MapGet("/meetings/import/template", async (UserContext user, ImportMeetings import, CancellationToken ct) =>
                Results.File(MeetingSheet.Template(await import.ExampleAsync(user.CurrentOrg!, ct)), Xlsx.ContentType, "历史会议导入模板.xlsx"))
           .Require(Permission.MeetingManage)
           .WithSummary("下载历史会议导入模板（?org= 党支部；示例行按该支部的党员生成，可直接导入）")
           .Produces(200, contentType: Xlsx.ContentType);
    }

    public async Task<Report> RunAsync(Stream file, Organization branch, bool dryRun, CancellationToken ct = default)
    {
        if (file.Length > MeetingSheet.MaxBytes) return Fail("文件", $"文件过大，会议导入文件不超过 {MeetingSheet.MaxBytes / 1024 / 1024} MB");
        if (!OrgRules.IsBranch(branch.Type)) return Fail("组织", $"{branch.Name}是{branch.Type}：历史会议按党支部导入，请先切换到党支部");
        if (branch.Status != OrgStatus.正常) return Fail("组织", $"{branch.Name}已撤销，不能导入会议");
        var sheet = RosterReader.Read(file, MeetingSheet.Columns, MeetingSheet.NoHeader, maxRows: MeetingSheet.MaxRows);
        if (sheet.FileErrors.Count > 0) return new Report(0, 0, 0, 0, sheet.FileErrors, [], false, sheet.FileErrors.Count);
        if (sheet.Rows.Count > MeetingSheet.MaxRows) return Fail("文件", $"文件有{sheet.Rows.Count}行会议，一次最多导入{MeetingSheet.MaxRows}行，请分批导入");

        var now = clock.GetUtcNow();
        var errors = new List<ImportError>();
        var notes = new List<ImportError>();
        var branchData = await LoadBranchAsync(branch, ct);
        var seen = new Dictionary<(long, DateTimeOffset), int>();
        var candidates = new List<Candidate>();
        var existing = 0;

        foreach (var row in sheet.Rows)
        {
            var r = new RowReader(sheet, row);
            var fields = ReadFields(r, branch, branchData.Groups, now);
            if (r.Errors.Count > 0 || fields is null)
            {
                errors.AddRange(r.Errors);
                continue;
            }
            var people = await ReadPeopleAsync(r, fields, branchData, ct);
            var key = (fields.Org.Id, fields.Held);
            if (seen.TryGetValue(key, out var firstRow)) r.Err("date", $"与第{firstRow}行是同一组织同一时间的会议，重复");
            if (r.Errors.Count > 0) { errors.AddRange(r.Errors); continue; }
            seen[key] = row.Row;

            // already there: the same meeting (types too) is skipped; another meeting at that time is a conflict
            var there = await db.Set<Meeting>().AsNoTracking()
                .Where(m => m.OrgId == fields.Org.Id && m.HeldAt == fields.Held && m.State == MeetingState.已召开).Select(m => new { m.Kinds, m.Topic }).FirstOrDefaultAsync(ct);
            if (there is not null)
            {
                if (there.Kinds == fields.Kinds) { existing++; notes.Add(new ImportError(row.Row, MeetingSheet.Label("date"), $"该会议已导入或已录入（{there.Topic}），跳过")); }
                else errors.Add(new ImportError(row.Row, MeetingSheet.Label("date"), $"{fields.Org.Name}在{ChineseDates.DateTime(fields.Held)}已有一次{MeetingRules.Display(there.Kinds)}（{there.Topic}），不能重复录入"));
                continue;
            }
            candidates.Add(ToCandidate(row.Row, fields, people, now, notes));
        }

        errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        notes.Sort((a, b) => a.Row.CompareTo(b.Row));
        var valid = candidates.Count + existing;
        if (dryRun || candidates.Count == 0) return Report.Of(sheet.Rows.Count, valid, 0, existing, errors, notes, false);
        return await CommitAsync(branch, sheet.Rows.Count, valid, existing, candidates, errors, notes, ct);

        static Report Fail(string column, string message) => new(0, 0, 0, 0, [new ImportError(0, column, message)], [], false, 1);
    }

    /// <summary>One row of the sheet as it is read: its values and the errors found in it.</summary>
    private sealed class RowReader(RosterFile sheet, RosterRow row)
    {
        public int Row => row.Row;
        public List<ImportError> Errors { get; } = [];

        public void Err(string key, string message) => Errors.Add(new ImportError(row.Row, MeetingSheet.Label(key), message));

        public object? Get(string key) => sheet.Get(row, key);

        public string? Text(string key) => sheet.Get(row, key) switch
        {
            null => null,
            double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
            DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            var v => Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() is { Length: > 0 } s ? s : null,
        };
    }

    /// <summary>The branch's 党小组, everyone who ever belonged to it, and the rosters read so far (per organization and day).</summary>
    private sealed record BranchData(IReadOnlyList<Organization> Groups, HashSet<string> EverNames, Dictionary<(long, DateOnly), IReadOnlyList<RosterEntry>> Rosters);

    /// <summary>What a row says about the meeting itself (the people come after).</summary>
    private sealed record Fields(DateOnly Day, DateTimeOffset Held, TimeOnly? End, MeetingKinds Kinds, int? YearOf, Organization Org,
        string Topic, string? Place, string? Guests, string? Resolutions, string? Minutes);

    /// <summary>Who a row names, resolved against the roster of that day.</summary>
    private sealed record People(IReadOnlyList<RosterEntry> Expected, RosterEntry? Host, RosterEntry? Recorder, RosterEntry? Lecturer,
        IReadOnlyList<RosterEntry> Present, IReadOnlyList<(RosterEntry Who, string? Reason)> Leave, IReadOnlyList<long> Listed);

    private async Task<BranchData> LoadBranchAsync(Organization branch, CancellationToken ct)
    {
        var groups = await db.Organizations.AsNoTracking()
            .Where(o => o.ParentId == branch.Id && o.Type == OrgType.党小组 && o.Status == OrgStatus.正常).ToListAsync(ct);
        // everyone who ever belonged to the branch or its groups: tells "not on the roster that day" from "unknown name"
        var orgIds = db.UnderOrg(branch).Select(o => o.Id);
        var everNames = (await (from ms in db.Set<MemberMembership>()
                                join m in db.Members on ms.MemberId equals m.Id
                                where orgIds.Contains(ms.OrgId)
                                select m.Name).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return new BranchData(groups, everNames, []);
    }

    /// <summary>When, what and where: null (with the row's errors) when the row names no usable day, start or types.</summary>
    private static Fields? ReadFields(RowReader r, Organization branch, IReadOnlyList<Organization> groups, DateTimeOffset now)
    {
        // when: the date and start (China time), not in the future; the end after the start
        DateOnly? day = null;
        var dateValue = r.Get("date");
        if (dateValue is null) r.Err("date", "请填写会议日期");
        else if (Roster.TryParseDate(dateValue, out var d, out var de)) day = d;
        else r.Err("date", "会议日期" + de);
        var start = MeetingSheet.Time(r.Get("start"));
        if (r.Get("start") is null) r.Err("start", "请填写开始时间（如 14:30）");
        else if (start is null) r.Err("start", $"开始时间“{r.Text("start")}”无法识别（应为 14:30 这样的格式）");
        TimeOnly? end = null;
        if (r.Get("end") is not null)
        {
            end = MeetingSheet.Time(r.Get("end"));
            if (end is null) r.Err("end", $"结束时间“{r.Text("end")}”无法识别（应为 16:00 这样的格式）");
            else if (start is not null && end <= start) r.Err("end", "结束时间应晚于开始时间");
        }
        DateTimeOffset? held = null;
        if (day is { } dd && start is { } st)
        {
            held = ChineseDates.At(dd, st);
            if (held > now) r.Err("date", $"会议日期{ChineseDates.Date(dd)}在将来：尚未召开的会议不能补录，请列入工作计划");
        }
        int? yearParsed = null;
        if (r.Text("year") is { } yearText)
        {
            if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year)) r.Err("year", $"所属年度“{yearText}”应为四位年份，如 {now.Year}");
            else yearParsed = year;
        }

        // what: types, the organization (the branch, or a 党小组 for a 党小组会), topic and texts
        var (kinds, unknown) = MeetingRules.Parse(MeetingSheet.Kinds(r.Text("kinds")));
        if (unknown.Count > 0) r.Err("kinds", $"未知的会议类型：{string.Join("、", unknown)}（可选：{string.Join("、", MeetingRules.AllKinds)}）");
        else if (kinds == MeetingKinds.None) r.Err("kinds", "请填写会议类型");
        var yearOf = ReadYearOf(r, day, kinds, yearParsed);
        var org = ReadOrganization(r, branch, groups, kinds);
        var topic = r.Text("topic");
        if (topic is null) r.Err("topic", "请填写会议主题");
        else if (topic.Length > RecordMeeting.TopicMax) r.Err("topic", $"会议主题不超过{RecordMeeting.TopicMax}字（现有{topic.Length}字）");
        var place = r.Text("place");
        if (place is { Length: > RecordMeeting.PlaceMax }) r.Err("place", $"地点不超过{RecordMeeting.PlaceMax}字");
        var guests = r.Text("guests");
        if (guests is { Length: > RecordMeeting.GuestsMax }) r.Err("guests", $"列席人员不超过{RecordMeeting.GuestsMax}字");
        var resolutions = r.Text("resolutions");
        if (resolutions is { Length: > RecordMeeting.ResolutionsMax }) r.Err("resolutions", $"决议不超过{RecordMeeting.ResolutionsMax}字");
        var minutesText = r.Text("minutes");
        var minutes = minutesText is null ? null : MinutesSanitizer.Sanitize(string.Concat(minutesText.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(l => $"<p>{WebUtility.HtmlEncode(l)}</p>")));
        if (minutes is { Length: > MinutesSanitizer.MaxLength }) r.Err("minutes", "会议记录过长");

        if (day is null || held is null || kinds == MeetingKinds.None || topic is null) return null;
        return new Fields(day.Value, held.Value, end, kinds, yearOf, org, topic, place, guests, resolutions, minutes);
    }

    /// <summary>所属年度: only the yearly kinds (组织生活会、民主评议党员) may belong to the year before, as on the record form.</summary>
    private static int? ReadYearOf(RowReader r, DateOnly? day, MeetingKinds kinds, int? yearParsed)
    {
        if (day is not { } yd || kinds == MeetingKinds.None) return null;
        if (MeetingRules.HasYear(kinds))
        {
            if (yearParsed is { } y && MeetingRules.CheckYearOf(y, yd) is { } bad) r.Err("year", bad);
            return yearParsed ?? MeetingRules.DefaultYearOf(kinds, yd);
        }
        if (yearParsed is { } other && other != yd.Year)
            r.Err("year", $"所属年度{other}与会议日期所在的{yd.Year}年不一致（只有组织生活会、民主评议党员可以计入上一年度）");
        return null;
    }

    /// <summary>The branch, or the 党小组 named for a 党小组会.</summary>
    private static Organization ReadOrganization(RowReader r, Organization branch, IReadOnlyList<Organization> groups, MeetingKinds kinds)
    {
        if (r.Text("group") is { } groupName)
        {
            var found = groups.Where(g => MemberRules.Normalize(g.Name) == MemberRules.Normalize(groupName)).ToList();
            if (found.Count != 1) r.Err("group", $"党小组“{groupName}”不是{branch.Name}的党小组" + (groups.Count == 0 ? "（该支部没有党小组）" : $"（现有：{string.Join("、", groups.Select(g => g.Name))}）"));
            else if (kinds != MeetingKinds.None && kinds != MeetingKinds.党小组会) r.Err("group", "填写了党小组的行只能是党小组会；支部的其他组织生活请不填党小组");
            else return found[0];
        }
        else if ((kinds & MeetingKinds.党小组会) != 0)
            // as on the record form: a 党小组会 is held by a 党小组, never recorded on the branch
            r.Err("group", groups.Count > 0
                ? $"党小组会请填写召开会议的党小组（{string.Join("、", groups.Select(g => g.Name))}），且不与其他会议类型合填"
                : $"{branch.Name}没有党小组，不能补录党小组会");
        return branch;
    }

    /// <summary>Who: names against the roster of that day (the committee for a 支部委员会 alone).</summary>
    private async Task<People> ReadPeopleAsync(RowReader r, Fields f, BranchData data, CancellationToken ct)
    {
        var org = f.Org;
        if (!data.Rosters.TryGetValue((org.Id, f.Day), out var full))
            data.Rosters[(org.Id, f.Day)] = full = await roster.OnAsync(org, f.Day, ct);
        var committeeOnly = f.Kinds == MeetingKinds.支部委员会;
        var list = MeetingRules.ShouldAttend(f.Kinds, full);
        var dayText = ChineseDates.Date(f.Day);
        RosterEntry? Person(string key, string name, IReadOnlyList<RosterEntry> among, bool committee)
        {
            var matches = among.Where(x => x.Name == name).ToList();
            if (matches.Count == 1) return matches[0];
            if (matches.Count > 1) r.Err(key, $"{org.Name}有{matches.Count}名党员叫“{name}”，无法区分：请在系统中录入这次会议");
            else if (committee && full.Any(x => x.Name == name)) r.Err(key, $"{name}在{dayText}不是{org.Name}支委会成员（列席的请填在“列席人员”列）");
            else if (data.EverNames.Contains(name)) r.Err(key, $"{name}在{dayText}不是{org.Name}的党员（请核对会议日期，或该党员进入本支部的日期）");
            else r.Err(key, $"未找到党员“{name}”：{org.Name}没有这个姓名的党员，请核对姓名");
            return null;
        }
        var host = r.Text("host") is { } hostName ? Person("host", hostName, list, committeeOnly) : null;
        if (r.Text("host") is null) r.Err("host", "请填写主持人");
        var recorder = r.Text("recorder") is { } recName ? Person("recorder", recName, list, committeeOnly) : null;
        if (r.Text("recorder") is null) r.Err("recorder", "请填写记录人");
        var lecturer = r.Text("lecturer") is { } lecName ? Person("lecturer", lecName, full, false) : null;

        var present = new List<RosterEntry>();
        foreach (var n in MeetingSheet.Names(r.Text("present"))) if (Person("present", n, list, committeeOnly) is { } p) present.Add(p);
        var leave = new List<(RosterEntry Who, string? Reason)>();
        foreach (var (n, reason) in MeetingSheet.Leave(r.Text("leave")))
        {
            if (reason is { Length: > RecordMeeting.ReasonMax }) r.Err("leave", $"{n}的请假原因不超过{RecordMeeting.ReasonMax}字");
            if (Person("leave", n, list, committeeOnly) is { } p) leave.Add((p, reason));
        }
        var absent = new List<RosterEntry>();
        foreach (var n in MeetingSheet.Names(r.Text("absent"))) if (Person("absent", n, list, committeeOnly) is { } p) absent.Add(p);
        if (present.Count == 0 && r.Text("present") is null) r.Err("present", "请填写出席人员（姓名以“、”分隔）");

        var listed = present.Select(p => p.MemberId).Concat(leave.Select(l => l.Who.MemberId)).Concat(absent.Select(a => a.MemberId)).ToList();
        if (listed.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => list.First(x => x.MemberId == g.Key).Name).ToList() is { Count: > 0 } twice)
            r.Err("present", $"{string.Join("、", twice)}在出席、请假、缺席中重复出现");
        return new People(list, host, recorder, lecturer, present, leave, listed);
    }

    /// <summary>The meeting and its attendance with the figures as when a meeting is recorded: those not named are recorded absent, and said so.</summary>
    private Candidate ToCandidate(int rowNo, Fields f, People people, DateTimeOffset now, List<ImportError> notes)
    {
        var list = people.Expected;
        var presentIds = people.Present.Select(p => p.MemberId).ToHashSet();
        var leaveOf = people.Leave.ToDictionary(l => l.Who.MemberId, l => l.Reason ?? "未注明");
        var unlisted = list.Where(r => !people.Listed.Contains(r.MemberId)).ToList();
        if (unlisted.Count > 0)
            notes.Add(new ImportError(rowNo, MeetingSheet.Label("absent"), $"{string.Join("、", unlisted.Select(r => r.Name))}未列入出席、请假或缺席，记为缺席"));
        var votingExpected = list.Count(r => r.Voting);
        var votingPresent = list.Count(r => r.Voting && presentIds.Contains(r.MemberId));
        var committeeExpected = list.Count(r => r.Committee);
        var committeePresent = list.Count(r => r.Committee && presentIds.Contains(r.MemberId));
        var (met, note) = MeetingRules.Quorum(f.Kinds, votingExpected, votingPresent, committeeExpected, committeePresent);
        if (!met) notes.Add(new ImportError(rowNo, MeetingSheet.Label("present"), $"{note}（导入后不计入组织生活达标统计）"));
        var onLeave = leaveOf.Count;
        var meeting = new Meeting
        {
            OrgId = f.Org.Id, Kinds = f.Kinds, State = MeetingState.已召开, HeldAt = f.Held.ToUniversalTime(),
            EndsAt = f.End is { } e ? ChineseDates.At(f.Day, e) : null,
            Place = f.Place, Topic = f.Topic, MinutesHtml = f.Minutes, Resolutions = f.Resolutions, Guests = f.Guests,
            HostMemberId = people.Host!.MemberId, RecorderMemberId = people.Recorder!.MemberId, LecturerMemberId = people.Lecturer?.MemberId,
            Expected = list.Count, VotingExpected = votingExpected, Present = presentIds.Count, VotingPresent = votingPresent,
            OnLeave = onLeave, Absent = list.Count - presentIds.Count - onLeave, CommitteeExpected = committeeExpected, CommitteePresent = committeePresent,
            QuorumMet = met, QuorumNote = note is { Length: > 500 } ? note[..500] : note,
            CreatedAt = now, CreatedBy = user.UserName, RecordedAt = now, RecordedBy = user.UserName, Source = MeetingSource.补录,
            YearOf = f.YearOf,
        };
        var attendance = list.Select(r =>
        {
            var status = presentIds.Contains(r.MemberId) ? AttendanceStatus.出席 : leaveOf.ContainsKey(r.MemberId) ? AttendanceStatus.请假 : AttendanceStatus.缺席;
            return new MeetingAttendance
            {
                MemberId = r.MemberId, Status = status, Reason = status == AttendanceStatus.请假 ? leaveOf[r.MemberId] : null,
                Method = CheckInMethod.录入, Voting = r.Voting, Committee = r.Committee,
            };
        }).ToList();
        return new Candidate(rowNo, meeting, attendance);
    }

    /// <summary>Writes every candidate in one transaction with the import's audit row; nothing when a meeting was recorded meanwhile.</summary>
    private async Task<Report> CommitAsync(Organization branch, int rows, int valid, int existing, List<Candidate> candidates, List<ImportError> errors,
        List<ImportError> notes, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            foreach (var c in candidates)
            {
                db.Set<Meeting>().Add(c.Meeting);
                await db.SaveChangesAsync(ct);
                foreach (var a in c.Attendance) a.MeetingId = c.Meeting.Id;
                db.Set<MeetingAttendance>().AddRange(c.Attendance);
            }
            AuditEvents.Add(db, "meetings.import", "meetings", null, branch.Id,
                new { created = candidates.Count, existing, rows, meetings = candidates.Select(c => c.Meeting.Id) });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Report.Of(rows, valid, 0, existing,
                [new ImportError(0, "文件", "导入期间有会议被同时录入，没有写入任何数据；请重新校验后再导入"), .. errors], notes, false);
        }
        return Report.Of(rows, valid, candidates.Count, existing, errors, notes, true);
    }

    /// <summary>
    /// The template's example row for <paramref name="branch"/>: a 主题党日 on the first day of last month (or of this
    /// month in January's first days) at 14:30, held by the first people on that day's roster, everyone present —
    /// so the downloaded template imports cleanly where it was made.
    /// </summary>
    public async Task<Dictionary<string, string>> ExampleAsync(Organization branch, CancellationToken ct = default)
    {
        var today = clock.Today();
        var day = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var people = OrgRules.IsBranch(branch.Type) ? await roster.OnAsync(branch, day, ct) : [];
        var host = people.FirstOrDefault(p => p.Committee) ?? people.FirstOrDefault();
        var recorder = people.FirstOrDefault(p => p.Committee && p != host) ?? people.FirstOrDefault(p => p != host) ?? host;
        return new Dictionary<string, string>
        {
            ["date"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["start"] = "14:30",
            ["end"] = "16:00",
            ["kinds"] = nameof(MeetingKinds.主题党日),
            ["place"] = "党员活动室",
            ["host"] = host?.Name ?? "（主持人姓名）",
            ["recorder"] = recorder?.Name ?? "（记录人姓名）",
            ["topic"] = "示例：主题党日（请改为实际会议，或删除本行）",
            ["present"] = people.Count == 0 ? "（出席人员姓名，以“、”分隔）" : string.Join("、", people.Select(p => p.Name)),
            ["minutes"] = "学习有关文件，交流学习体会。",
            ["year"] = day.Year.ToString(CultureInfo.InvariantCulture),
        };
    }
}
