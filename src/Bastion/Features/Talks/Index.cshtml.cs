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
public sealed class IndexModel(UserContext caller, AppDbContext db, BranchRoster roster, RecordTalk recordTalk, UpdateTalkFollowUp updateFollowUp, TimeProvider clock) : BranchPageModel(caller, clock)
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

    [BindProperty(SupportsGet = true, Name = "member")] public long? MemberFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "talker")] public long? TalkerFilter { get; set; }

    public IReadOnlyList<ListTalks.Row> Rows { get; private set; } = [];
    public IReadOnlyList<RosterEntry> Roster { get; private set; } = [];
    /// <summary>Members owed a talk this year (the compliance rule's definition), those not talked with yet, and those not owed one.</summary>
    public IReadOnlyList<RosterEntry> Owed { get; private set; } = [];
    public IReadOnlyList<RosterEntry> NotYet { get; private set; } = [];
    public IReadOnlyList<RosterEntry> NotOwed { get; private set; } = [];
    public DateTimeOffset AsOf { get; private set; }
    public IReadOnlyList<Person> Committee { get; private set; } = [];
    public IReadOnlyList<Person> Members { get; private set; } = [];
    public TalkInput Talk { get; private set; } = new();

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
        if (!await HasManageAsync()) return Forbidden();
        var recorded = await recordTalk.Handle(Org, new RecordTalk.Request(talk.TalkerId, talk.MemberId, talk.HeldOn, talk.Topics, talk.FollowUp),
            Caller.UserName, HttpContext.RequestAborted);
        if (!recorded.IsOk) { Errors = recorded.Status.Errors!.ToDictionary(); Talk = talk; }
        else { Message = "已登记谈心谈话。"; Year = talk.HeldOn!.Value.Year; }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostFollowUpAsync(long id, string? followUp)
    {
        if (!await HasManageAsync()) return Forbidden();
        var updated = await updateFollowUp.Handle(Org, id, followUp, HttpContext.RequestAborted);
        if (!updated.IsOk) Errors = updated.Errors!.ToDictionary();
        else Message = "已更新后续跟进。";
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        await LoadCommonAsync();
        Rows = await ListTalks.RowsAsync(db, Org, Y, MemberFilter, TalkerFilter, ct);
        if (!IsBranch) return;
        AsOf = Clock.GetUtcNow();
        ListTalks.Coverage coverage;
        (Roster, coverage) = await ListTalks.CoverageAsync(db, roster, Org, Y, Today, ct);
        (Owed, NotYet, NotOwed) = (coverage.Owed, coverage.NotYet, coverage.NotOwed);
        Members = Roster.Select(r => new Person(r.MemberId, r.Name)).ToList();
        var committeeIds = await roster.CommitteeOnAsync(Org.Id, Today, ct);
        Committee = (await db.Members.AsNoTracking().Where(m => committeeIds.Contains(m.Id)).Select(m => new Person(m.Id, m.Name)).ToListAsync(ct))
            .OrderBy(p => p.Name, StringComparer.Create(new CultureInfo("zh-CN"), false)).ToList();
        // people named in this year's talks, for the filters
        Members = Members.Concat(Rows.Select(r => new Person(r.MemberId, r.Member))).DistinctBy(p => p.Id).ToList();
    }
}
