using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Talks;

/// <summary>谈心谈话: a branch records talks, lists the year's talks with filters, and sees who has not been talked with yet.</summary>
[Require(Permission.MeetingRead)]
public sealed class IndexModel(AppDbContext db, UserContext user, BranchRoster roster, RecordTalk recordTalk, UpdateTalkFollowUp updateFollowUp) : PageModel
{
    public sealed class TalkInput
    {
        public long? TalkerId { get; set; }
        public long? MemberId { get; set; }
        public DateOnly? HeldOn { get; set; }
        public string? Topics { get; set; }
        public string? FollowUp { get; set; }
    }

    public sealed record Person(long Id, string Name);

    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true, Name = "member")] public long? MemberFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "talker")] public long? TalkerFilter { get; set; }

    public Organization Org => user.CurrentOrg!;
    public bool IsBranch => OrgRules.IsBranch(Org.Type);
    public bool CanManage { get; private set; }
    public int Y { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<ListTalks.Row> Rows { get; private set; } = [];
    public IReadOnlyList<RosterEntry> Roster { get; private set; } = [];
    public IReadOnlyList<RosterEntry> NotYet { get; private set; } = [];
    public IReadOnlyList<Person> Committee { get; private set; } = [];
    public IReadOnlyList<Person> Members { get; private set; } = [];
    public TalkInput Talk { get; private set; } = new();
    public string? Message { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e[0] : null;
    public string Invalid(string key) => Errors.ContainsKey(key) ? "is-invalid" : "";

    public Dictionary<string, string> RouteFor()
    {
        var d = new Dictionary<string, string> { ["org"] = Org.Id.ToString(CultureInfo.InvariantCulture), ["year"] = Y.ToString(CultureInfo.InvariantCulture) };
        if (MemberFilter is { } m) d["member"] = m.ToString(CultureInfo.InvariantCulture);
        if (TalkerFilter is { } t) d["talker"] = t.ToString(CultureInfo.InvariantCulture);
        return d;
    }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostRecordAsync(TalkInput talk)
    {
        if (!await HasManageAsync()) return StatusCode(StatusCodes.Status403Forbidden);
        var (id, errors) = await recordTalk.Handle(Org, new RecordTalk.Request(talk.TalkerId, talk.MemberId, talk.HeldOn, talk.Topics, talk.FollowUp),
            ChineseDates.Today(), user.UserName, HttpContext.RequestAborted);
        if (id is null) { Errors = errors!; Talk = talk; }
        else { Message = "已登记谈心谈话。"; Year = talk.HeldOn!.Value.Year; }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostFollowUpAsync(long id, string? followUp)
    {
        if (!await HasManageAsync()) return StatusCode(StatusCodes.Status403Forbidden);
        var errors = await updateFollowUp.Handle(Org, id, followUp, HttpContext.RequestAborted);
        if (errors is not null) Errors = errors;
        else Message = "已更新后续跟进。";
        await LoadAsync();
        return Page();
    }

    /// <summary>Changes need MeetingManage on the organization; the handlers refuse an organization that is not a branch.</summary>
    private Task<bool> HasManageAsync() => user.HasAsync(Permission.MeetingManage, Org, HttpContext.RequestAborted);

    private async Task<bool> CanManageAsync() => IsBranch && await HasManageAsync();

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Today = ChineseDates.Today();
        Y = Year is >= 2000 and <= 2100 ? Year.Value : Today.Year;
        CanManage = await CanManageAsync();
        Rows = await ListTalks.RowsAsync(db, Org, Y, MemberFilter, TalkerFilter, ct);
        if (!IsBranch) return;
        (Roster, NotYet) = await ListTalks.CoverageAsync(db, roster, Org, Y, Today, ct);
        Members = Roster.Select(r => new Person(r.MemberId, r.Name)).ToList();
        var committeeIds = await roster.CommitteeOnAsync(Org.Id, Today, ct);
        Committee = (await db.Members.AsNoTracking().Where(m => committeeIds.Contains(m.Id)).Select(m => new Person(m.Id, m.Name)).ToListAsync(ct))
            .OrderBy(p => p.Name, StringComparer.Create(new CultureInfo("zh-CN"), false)).ToList();
        // people named in this year's talks, for the filters
        Members = Members.Concat(Rows.Select(r => new Person(r.MemberId, r.Member))).DistinctBy(p => p.Id).ToList();
    }
}
