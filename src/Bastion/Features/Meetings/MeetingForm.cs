using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Meetings;

/// <summary>
/// The fields of the record/edit form (names "Input.*"; attendance as Input.Status[memberId] and Input.Reason[memberId]).
/// A person with no status is 未签到 (not yet marked): the record is refused until everyone is marked.
/// </summary>
public sealed class MeetingFormInput
{
    public long? OrgId { get; set; }
    public List<string> Types { get; set; } = [];
    public string? Date { get; set; }
    public string? Time { get; set; }
    public string? EndTime { get; set; }
    public string? Place { get; set; }
    public string? Topic { get; set; }
    public string? Agenda { get; set; }
    public long? HostId { get; set; }
    public long? RecorderId { get; set; }
    public long? LecturerId { get; set; }
    /// <summary>所属年度 of a 组织生活会 / 民主评议党员.</summary>
    public int? YearOf { get; set; }
    /// <summary>Set by the page's script when the user picks 所属年度 (then a roster reload keeps it instead of the default).</summary>
    public bool YearOfChosen { get; set; }
    public Dictionary<long, string> Status { get; set; } = [];
    public Dictionary<long, string> Reason { get; set; } = [];
    public List<long> DualLifeIds { get; set; } = [];
    public string? Guests { get; set; }
    public string? Minutes { get; set; }
    public string? Resolutions { get; set; }
    public int? VotesFor { get; set; }
    public int? VotesAgainst { get; set; }
    public int? VotesAbstain { get; set; }
    public int? PresentCount { get; set; }
    public long? PlanId { get; set; }
    public string? EditReason { get; set; }

    /// <summary>The handler's request; a date or time that cannot be read is a field error here.</summary>
    public (RecordMeeting.Request Request, Dictionary<string, string[]> Errors) ToRequest()
    {
        var errors = new Dictionary<string, string[]>();
        var held = MeetingTime.Parse(Date, Time);
        if (held is null && !string.IsNullOrWhiteSpace(Date)) errors["heldAt"] = ["召开日期或时间格式不正确，例如 2026-09-20 14:30"];
        DateTimeOffset? ends = null;
        if (!string.IsNullOrWhiteSpace(EndTime))
        {
            ends = MeetingTime.Parse(Date, EndTime);
            if (ends is null && held is not null) errors["endsAt"] = ["结束时间格式不正确，例如 16:30"];
        }
        var attendees = Status.Where(kv => kv.Value == nameof(AttendanceStatus.出席)).Select(kv => kv.Key).ToList();
        var leave = Status.Where(kv => kv.Value == nameof(AttendanceStatus.请假))
            .Select(kv => new RecordMeeting.LeaveInput(kv.Key, Reason.GetValueOrDefault(kv.Key))).ToList();
        var absent = Status.Where(kv => kv.Value == nameof(AttendanceStatus.缺席)).Select(kv => kv.Key).ToList();
        return (new RecordMeeting.Request(OrgId, Types, held, ends, Place, Topic, Agenda, HostId, RecorderId, LecturerId, attendees, leave, DualLifeIds,
            Guests, Minutes, Resolutions, VotesFor, VotesAgainst, VotesAbstain, PresentCount, PlanId, absent, YearOf), errors);
    }

    /// <summary>The form filled from a held meeting and its attendance.</summary>
    public static MeetingFormInput From(Meeting m, IEnumerable<MeetingAttendance> attendance)
    {
        var local = MeetingTime.Local(m.HeldAt);
        var list = attendance.ToList();
        return new MeetingFormInput
        {
            OrgId = m.OrgId, Types = MeetingRules.Split(m.Kinds).Select(k => k.ToString()).ToList(),
            Date = local.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Time = local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            EndTime = m.EndsAt is { } e ? MeetingTime.Local(e).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) : null,
            Place = m.Place, Topic = m.Topic, Agenda = m.Agenda, HostId = m.HostMemberId, RecorderId = m.RecorderMemberId, LecturerId = m.LecturerMemberId,
            YearOf = m.YearOf, YearOfChosen = m.YearOf is not null,
            Status = list.ToDictionary(a => a.MemberId, a => a.Status.ToString()),
            Reason = list.Where(a => a.Reason is not null).ToDictionary(a => a.MemberId, a => a.Reason!),
            DualLifeIds = list.Where(a => a.DualLife).Select(a => a.MemberId).ToList(),
            Guests = m.Guests, Minutes = m.MinutesHtml, Resolutions = m.Resolutions, VotesFor = m.VotesFor, VotesAgainst = m.VotesAgainst, VotesAbstain = m.VotesAbstain,
        };
    }
}

/// <summary>What the form partials need.</summary>
public sealed record MeetingFormView(
    MeetingFormInput Input, IDictionary<string, string[]> Errors, IReadOnlyList<MeetingFormView.OrgOption> Orgs, RosterView Roster,
    bool Editing, bool NeedsReason, string CancelUrl, DateOnly Today)
{
    public sealed record OrgOption(long Id, string Name, OrgType Type);

    public string Invalid(string key) => Errors.ContainsKey(key) ? "is-invalid" : "";

    public string? Error(string key) => Errors.TryGetValue(key, out var e) && e.Length > 0 ? e[0] : null;

    /// <summary>Branches (and their 党小组) under the organization in scope where meetings are recorded.</summary>
    public static async Task<IReadOnlyList<OrgOption>> OrgOptionsAsync(AppDbContext db, Organization scope, CancellationToken ct = default) =>
        (await db.UnderOrg(scope).AsNoTracking()
            .Where(o => o.Status == OrgStatus.正常 && (o.Type == OrgType.党支部 || o.Type == OrgType.联合党支部 || o.Type == OrgType.临时党支部 || o.Type == OrgType.党小组))
            .OrderBy(o => o.Path).Select(o => new OrgOption(o.Id, o.Name, o.Type)).ToListAsync(ct));
}

/// <summary>
/// The roster checklist with 主持人 / 记录人 (loaded again with htmx when the organization, the date or the kinds change):
/// who should attend a meeting of the chosen kinds (<see cref="MeetingRules.ShouldAttend"/>), each with the status typed
/// so far, 已签到 with the time for those who checked in, and nothing (未签到) for the others.
/// </summary>
public sealed record RosterView(
    IReadOnlyList<RosterEntry> Entries, MeetingFormInput Input, IDictionary<string, string[]> Errors, string? OrgName, DateOnly? Day,
    IReadOnlyDictionary<long, DateTimeOffset?> CheckedIn, long? MeetingId = null)
{
    public const string Unmarked = "未签到";

    public MeetingKinds Kinds { get; init; }
    /// <summary>The organization is a 党小组 (only 党小组会; its roster is the group's members).</summary>
    public bool IsGroup { get; init; }
    /// <summary>A branch's 党小组, offered when 党小组会 is chosen for the branch itself.</summary>
    public IReadOnlyList<MeetingFormView.OrgOption> Groups { get; init; } = [];
    /// <summary>The branch of a 党小组, offered when another kind is chosen for the group.</summary>
    public MeetingFormView.OrgOption? ParentBranch { get; init; }

    public bool CommitteeOnly => Kinds == MeetingKinds.支部委员会;

    /// <summary>出席 for a check-in, the status typed or loaded, else 未签到.</summary>
    public string StatusOf(long memberId) =>
        CheckedIn.ContainsKey(memberId) ? nameof(AttendanceStatus.出席)
        : Input.Status.TryGetValue(memberId, out var s) && s is nameof(AttendanceStatus.出席) or nameof(AttendanceStatus.请假) or nameof(AttendanceStatus.缺席) ? s
        : Unmarked;

    public int UnmarkedCount => Entries.Count(e => StatusOf(e.MemberId) == Unmarked);

    /// <summary>The 所属年度 shown: the one chosen (when still valid for the date), else the default for the kinds and date.</summary>
    public int? YearOf => Day is not { } day || !MeetingRules.HasYear(Kinds) ? null
        : Input.YearOf is { } y && (Input.YearOfChosen || Input.YearOf == MeetingRules.DefaultYearOf(Kinds, day)) && MeetingRules.CheckYearOf(y, day) is null ? y
        : MeetingRules.DefaultYearOf(Kinds, day);

    public string? Error(string key) => Errors.TryGetValue(key, out var e) && e.Length > 0 ? e[0] : null;

    public static async Task<RosterView> LoadAsync(AppDbContext db, BranchRoster roster, Organization scope, MeetingFormInput input,
        IDictionary<string, string[]> errors, long? meetingId, CancellationToken ct)
    {
        var day = MeetingTime.Parse(input.Date, null) is { } d ? DateOnly.FromDateTime(d.DateTime) : (DateOnly?)null;
        var org = input.OrgId is { } id ? await db.UnderOrg(scope).AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) : null;
        var (kinds, _) = MeetingRules.Parse(input.Types);
        var entries = org is null || day is null ? [] : await roster.ExpectedAsync(org, kinds, day.Value, ct);
        // check-ins of the planned (or edited) meeting, only when it is a meeting of the organization shown
        var checkedIn = meetingId is { } mid && org is not null
            ? (await (from a in db.Set<MeetingAttendance>().AsNoTracking()
                      join m in db.Set<Meeting>().AsNoTracking() on a.MeetingId equals m.Id
                      where a.MeetingId == mid && m.OrgId == org.Id && a.Method != CheckInMethod.录入 && a.Status == AttendanceStatus.出席
                      select new { a.MemberId, a.CheckedInAt }).ToListAsync(ct)).ToDictionary(a => a.MemberId, a => a.CheckedInAt)
            : [];
        IReadOnlyList<MeetingFormView.OrgOption> groups = [];
        MeetingFormView.OrgOption? parent = null;
        if (org is not null && org.Type == OrgType.党小组 && kinds != MeetingKinds.None && kinds != MeetingKinds.党小组会 && org.ParentId is { } pid)
            parent = await db.UnderOrg(scope).AsNoTracking().Where(o => o.Id == pid).Select(o => new MeetingFormView.OrgOption(o.Id, o.Name, o.Type)).FirstOrDefaultAsync(ct);
        else if (org is not null && org.Type != OrgType.党小组 && (kinds & MeetingKinds.党小组会) != 0)
            groups = await db.Organizations.AsNoTracking().Where(o => o.ParentId == org.Id && o.Type == OrgType.党小组 && o.Status == OrgStatus.正常)
                .OrderBy(o => o.Path).Select(o => new MeetingFormView.OrgOption(o.Id, o.Name, o.Type)).ToListAsync(ct);
        return new RosterView(entries, input, errors, org?.Name, day, checkedIn, meetingId)
        {
            Kinds = kinds, IsGroup = org?.Type == OrgType.党小组, Groups = groups, ParentBranch = parent,
        };
    }
}
