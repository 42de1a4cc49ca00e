using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Meetings;

/// <summary>The fields of the record/edit form (names "Input.*"; attendance as Input.Status[memberId] and Input.Reason[memberId]).</summary>
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
        return (new RecordMeeting.Request(OrgId, Types, held, ends, Place, Topic, Agenda, HostId, RecorderId, LecturerId, attendees, leave, DualLifeIds,
            Guests, Minutes, Resolutions, VotesFor, VotesAgainst, VotesAbstain, PresentCount, PlanId), errors);
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
    bool Editing, bool NeedsReason, string CancelUrl)
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

/// <summary>The roster checklist (loaded again with htmx when the organization or the date changes).</summary>
public sealed record RosterView(
    IReadOnlyList<RosterEntry> Entries, MeetingFormInput Input, IDictionary<string, string[]> Errors, string? OrgName, DateOnly? Day,
    IReadOnlySet<long> CheckedIn, bool Fresh, long? MeetingId = null)
{
    public string StatusOf(long memberId) =>
        CheckedIn.Contains(memberId) ? nameof(AttendanceStatus.出席)
        : Input.Status.TryGetValue(memberId, out var s) ? s
        : Fresh ? nameof(AttendanceStatus.出席) : nameof(AttendanceStatus.缺席);

    public string? Error(string key) => Errors.TryGetValue(key, out var e) && e.Length > 0 ? e[0] : null;

    public static async Task<RosterView> LoadAsync(AppDbContext db, BranchRoster roster, Organization scope, MeetingFormInput input,
        IDictionary<string, string[]> errors, long? meetingId, bool fresh, CancellationToken ct)
    {
        var day = MeetingTime.Parse(input.Date, null) is { } d ? DateOnly.FromDateTime(d.DateTime) : (DateOnly?)null;
        var org = input.OrgId is { } id ? await db.UnderOrg(scope).AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) : null;
        var entries = org is null || day is null ? [] : await roster.OnAsync(org, day.Value, ct);
        // check-ins of the planned (or edited) meeting, only when it is a meeting of the organization shown
        var checkedIn = meetingId is { } mid && org is not null
            ? (await (from a in db.Set<MeetingAttendance>().AsNoTracking()
                      join m in db.Set<Meeting>().AsNoTracking() on a.MeetingId equals m.Id
                      where a.MeetingId == mid && m.OrgId == org.Id && a.Method != CheckInMethod.录入 && a.Status == AttendanceStatus.出席
                      select a.MemberId).ToListAsync(ct)).ToHashSet()
            : [];
        return new RosterView(entries, input, errors, org?.Name, day, checkedIn, fresh, meetingId);
    }
}
