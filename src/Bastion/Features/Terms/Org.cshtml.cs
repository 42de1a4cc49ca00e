using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>The terms (届次) of one organization: history, current committee, and — for OrgManage — the forms to change them.</summary>
[Require(Permission.OrgRead, From = OrgFrom.Route, Key = "id")]
public sealed class OrgModel(AppDbContext db, UserContext user, StartTerm startTerm, EndTerm endTerm, AdjustTermDueDate adjustTerm,
    AppointCommitteeMember appointMember, EndCommitteeAppointment endAppointment, TimeProvider clock) : PageModel
{
    public sealed class CommitteeRow
    {
        public string? Post { get; set; }
        public string? Name { get; set; }
        public DateOnly? AppointedAt { get; set; }
    }

    public sealed class StartInput
    {
        public int? Number { get; set; }
        public DateOnly? StartDate { get; set; }
        public List<CommitteeRow> Committee { get; set; } = [];
    }

    public sealed class AdjustInput
    {
        public DateOnly? AdjustedDueDate { get; set; }
        public string? AdjustmentReason { get; set; }
        public string? ApprovalDocNo { get; set; }
        public DateOnly? ApprovalDate { get; set; }
    }

    public GetOrgTerms.Response Terms { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public DateOnly Today { get; private set; }
    /// <summary>Names of the members in the organization's subtree, offered while typing a committee member (managers only).</summary>
    public IReadOnlyList<string> MemberNames { get; private set; } = [];
    public StartInput Start { get; private set; } = new();
    public AdjustInput Adjust { get; private set; } = new();
    public CommitteeRow Appoint { get; private set; } = new();
    public DateOnly? EndDate { get; private set; }
    public string? Message { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e[0] : null;
    public string Invalid(string key) => Errors.ContainsKey(key) ? "is-invalid" : "";

    private Organization Org => user.CurrentOrg!;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostStartAsync(StartInput start)
    {
        if (!await CanManageAsync()) return Forbidden();
        var rows = start.Committee.Select(r => new Committee.Input(r.Post, r.Name, null, r.AppointedAt)).ToList();
        var r = await startTerm.Handle(Org, new StartTerm.Request(start.Number, start.StartDate, rows), HttpContext.RequestAborted);
        if (!r.IsOk) { Errors = ErrorsOf(r.Status); Start = start; }
        else Message = $"已录入第{r.Value.Number}届，应于{ChineseDates.Date(r.Value.DueDate)}换届。";
        return await PageAsync(keepStart: !r.IsOk);
    }

    public async Task<IActionResult> OnPostEndAsync(DateOnly? endDate)
    {
        if (!await CanManageAsync()) return Forbidden();
        var r = await endTerm.Handle(Org, endDate, HttpContext.RequestAborted);
        if (!r.IsOk) { Errors = ErrorsOf(r); EndDate = endDate; }
        else Message = "本届已结束。请及时录入新一届。";
        return await PageAsync();
    }

    public async Task<IActionResult> OnPostAdjustAsync(AdjustInput adjust)
    {
        if (!await CanManageAsync()) return Forbidden();
        var r = await adjustTerm.Handle(Org, new AdjustTermDueDate.Request(adjust.AdjustedDueDate, adjust.AdjustmentReason, adjust.ApprovalDocNo, adjust.ApprovalDate),
            HttpContext.RequestAborted);
        if (!r.IsOk) { Errors = ErrorsOf(r); Adjust = adjust; }
        else Message = $"已记录调整：换届日期调整为{ChineseDates.Date(adjust.AdjustedDueDate!.Value)}。";
        return await PageAsync();
    }

    public async Task<IActionResult> OnPostAppointAsync(CommitteeRow appoint)
    {
        if (!await CanManageAsync()) return Forbidden();
        var r = await appointMember.Handle(Org, new Committee.Input(appoint.Post, appoint.Name, null, appoint.AppointedAt), HttpContext.RequestAborted);
        if (!r.IsOk) { Errors = ErrorsOf(r); Appoint = appoint; }
        else Message = $"已增补{appoint.Post}：{appoint.Name?.Trim()}。";
        return await PageAsync();
    }

    public async Task<IActionResult> OnPostLeaveAsync(long appointmentId, DateOnly? leftAt)
    {
        if (!await CanManageAsync()) return Forbidden();
        var r = await endAppointment.Handle(Org, appointmentId, leftAt, HttpContext.RequestAborted);
        if (!r.IsOk) Errors = ErrorsOf(r);
        else Message = "已记录离任。";
        return await PageAsync();
    }

    /// <summary>The field errors of a refused command (the use cases of this page answer only Ok or Invalid).</summary>
    private static Dictionary<string, string[]> ErrorsOf(Result r) => r.Errors!.ToDictionary();

    private Task<bool> CanManageAsync() => user.HasAsync(Permission.OrgManage, Org, HttpContext.RequestAborted);

    private StatusCodeResult Forbidden() => StatusCode(StatusCodes.Status403Forbidden);

    private async Task<IActionResult> PageAsync(bool keepStart = false)
    {
        await LoadAsync(keepStart);
        return Page();
    }

    private async Task LoadAsync(bool keepStart = false)
    {
        Today = clock.Today();
        Terms = await GetOrgTerms.LoadAsync(db, Org, Today, HttpContext.RequestAborted);
        CanManage = Terms.HoldsTerms && await CanManageAsync();
        if (!keepStart)
            Start = new StartInput { Number = Terms.NextNumber };
        // one row per post, in the posted order when re-displayed
        var posted = Start.Committee;
        Start.Committee = Enum.GetValues<CommitteePost>()
            .Select((p, i) => i < posted.Count ? posted[i] : new CommitteeRow { Post = p.ToString() }).ToList();
        if (CanManage)
            MemberNames = await db.Members.AsNoTracking().Where(m => db.UnderOrg(Org).Select(o => o.Id).Contains(m.OrgId))
                .OrderBy(m => m.Name).Select(m => m.Name).Distinct().Take(500).ToListAsync(HttpContext.RequestAborted);
    }
}
