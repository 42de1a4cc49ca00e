using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Appraisals;

/// <summary>民主评议党员: a branch's round of a year with each member's assessment and grade, finishing it, and the follow-ups of 不合格.</summary>
[Require(Permission.MeetingRead)]
public sealed class IndexModel(UserContext caller, TimeProvider clock, AppDbContext db, OpenAppraisalRound openRound, SaveAppraisalEntry saveEntry,
    FinishAppraisalRound finishRound, CloseAppraisalFollowUp closeFollowUp) : BranchPageModel(caller, clock)
{
    public sealed class EntryInput
    {
        public string? SelfAssessment { get; set; }
        public string? PeerSummary { get; set; }
        public int? VotesExcellent { get; set; }
        public int? VotesQualified { get; set; }
        public int? VotesBasic { get; set; }
        public int? VotesUnqualified { get; set; }
        public string? Grade { get; set; }
        public string? FollowUpKind { get; set; }
        public DateOnly? FollowUpDeadline { get; set; }
    }

    public sealed record EntryRow(long Id, long MemberId, string Name, MemberCategory Category, AppraisalEntry Entry, AppraisalFollowUp? FollowUp);

    public sealed record FollowUpRow(long Id, long OrgId, string OrgName, long MemberId, string Member, int Year, FollowUpKind Kind, DateOnly Deadline,
        FollowUpState State, string? ResultNote, bool Overdue);

    [BindProperty(SupportsGet = true, Name = "entry")] public long? EntryId { get; set; }

    public AppraisalRound? Round { get; private set; }
    public IReadOnlyList<EntryRow> Entries { get; private set; } = [];
    public EntryRow? Editing { get; private set; }
    public EntryInput Input { get; private set; } = new();
    public IReadOnlyList<FollowUpRow> FollowUps { get; private set; } = [];
    public IReadOnlyList<string> FinishProblems { get; private set; } = [];
    public string? OpenGradeSet { get; private set; }
    public int? OpenVoters { get; private set; }
    public int RosterHint { get; private set; }

    public Dictionary<string, string> RouteFor() => new()
    {
        ["org"] = Org.Id.ToString(CultureInfo.InvariantCulture), ["year"] = Y.ToString(CultureInfo.InvariantCulture),
    };

    public string Link(long? entry = null) => $"/Appraisals?org={Org.Id}&year={Y}" + (entry is { } e ? $"&entry={e}#entry-form" : "");

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostOpenAsync(string? gradeSet, int? voters)
    {
        if (!await HasManageAsync()) return Forbidden();
        var opened = await openRound.Handle(Org, new OpenAppraisalRound.Request(Year ?? Clock.Today().Year, gradeSet, voters),
            Caller.UserName, HttpContext.RequestAborted);
        if (!opened.IsOk) { Errors = opened.Status.Errors!.ToDictionary(); OpenGradeSet = gradeSet; OpenVoters = voters; }
        else Message = "已建立本年度民主评议，请逐一录入评议情况。";
        return await PageAsync();
    }

    public async Task<IActionResult> OnPostSaveAsync(long id, EntryInput input)
    {
        if (!await HasManageAsync()) return Forbidden();
        var saved = await saveEntry.Handle(Org, id, new SaveAppraisalEntry.Request(input.SelfAssessment, input.PeerSummary, input.VotesExcellent,
            input.VotesQualified, input.VotesBasic, input.VotesUnqualified, input.Grade, input.FollowUpKind, input.FollowUpDeadline),
            Caller.UserName, HttpContext.RequestAborted);
        if (!saved.IsOk) { Errors = saved.Errors!.ToDictionary(); Input = input; EntryId = id; return await PageAsync(keepInput: true); }
        Message = "已保存评议情况。";
        EntryId = null;
        return await PageAsync();
    }

    public async Task<IActionResult> OnPostFinishAsync(long id)
    {
        if (!await HasManageAsync()) return Forbidden();
        var finished = await finishRound.Handle(Org, id, Caller.UserName, HttpContext.RequestAborted);
        if (!finished.IsOk) FinishProblems = finished.Errors![FinishAppraisalRound.ProblemsField];
        else Message = "民主评议已完成，评定等次已记入党员档案。";
        return await PageAsync();
    }

    public async Task<IActionResult> OnPostCloseFollowUpAsync(long id, string? resultNote, bool memberLeft = false)
    {
        if (!await HasManageAsync()) return Forbidden();
        var closed = await closeFollowUp.Handle(Org, id, resultNote, Caller.UserName, HttpContext.RequestAborted, memberLeft);
        if (!closed.IsOk) Errors = closed.Errors!.ToDictionary();
        else Message = memberLeft ? "处置已办结，党籍状态已更新为出党。" : "处置已办结。";
        return await PageAsync();
    }

    private async Task<IActionResult> PageAsync(bool keepInput = false)
    {
        await LoadAsync(keepInput);
        return Page();
    }

    private async Task LoadAsync(bool keepInput = false)
    {
        var ct = HttpContext.RequestAborted;
        await LoadCommonAsync();

        var orgs = db.UnderOrg(Org).Select(o => o.Id);
        var followUps = await (
            from f in db.Set<AppraisalFollowUp>().AsNoTracking()
            join e in db.Set<AppraisalEntry>() on f.EntryId equals e.Id
            join r in db.Set<AppraisalRound>() on e.RoundId equals r.Id
            join m in db.Members on f.MemberId equals m.Id
            join o in db.Organizations on f.OrgId equals o.Id
            where orgs.Contains(f.OrgId) && (f.State == FollowUpState.进行中 || r.Year == Y)
            orderby f.State, f.Deadline
            select new { f, OrgName = o.Name, Member = m.Name, r.Year }).ToListAsync(ct);
        FollowUps = followUps.Select(x => new FollowUpRow(x.f.Id, x.f.OrgId, x.OrgName, x.f.MemberId, x.Member, x.Year, x.f.Kind, x.f.Deadline, x.f.State,
            x.f.ResultNote, AppraisalRules.IsOverdue(x.f.State, x.f.Deadline, Today))).ToList();

        if (!IsBranch) return;
        Round = await db.Set<AppraisalRound>().AsNoTracking().FirstOrDefaultAsync(r => r.OrgId == Org.Id && r.Year == Y, ct);
        if (Round is null)
        {
            RosterHint = await db.Members.CountAsync(m => orgs.Contains(m.OrgId) && m.PartyStatus == PartyStatus.正常, ct);
            return;
        }
        var rows = await (
            from e in db.Set<AppraisalEntry>().AsNoTracking()
            join m in db.Members on e.MemberId equals m.Id
            where e.RoundId == Round.Id
            select new { e, m.Name, m.Category, FollowUp = db.Set<AppraisalFollowUp>().FirstOrDefault(f => f.EntryId == e.Id) }).ToListAsync(ct);
        Entries = rows.Select(x => new EntryRow(x.e.Id, x.e.MemberId, x.Name, x.Category, x.e, x.FollowUp))
            .OrderBy(x => x.Name, StringComparer.Create(new CultureInfo("zh-CN"), false)).ToList();
        if (EntryId is { } id && Round.State == AppraisalState.进行中 && CanManage)
        {
            Editing = Entries.FirstOrDefault(x => x.Id == id);
            if (Editing is not null && !keepInput)
                Input = new EntryInput
                {
                    SelfAssessment = Editing.Entry.SelfAssessment, PeerSummary = Editing.Entry.PeerSummary,
                    VotesExcellent = Editing.Entry.VotesExcellent, VotesQualified = Editing.Entry.VotesQualified,
                    VotesBasic = Editing.Entry.VotesBasic, VotesUnqualified = Editing.Entry.VotesUnqualified,
                    Grade = Editing.Entry.Grade?.ToString(), FollowUpKind = Editing.FollowUp?.Kind.ToString(), FollowUpDeadline = Editing.FollowUp?.Deadline,
                };
        }
    }
}
