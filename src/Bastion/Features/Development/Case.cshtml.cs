using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Features.Meetings;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>
/// One development case: its timeline (every step with date, who, fields, documents and edits), what is due next, by
/// when and why, and the forms that record the next step, correct a date, 转出, 撤回 or 终止, and upload a scan. Each
/// form calls the use case the API calls; refusals appear beside the field they concern.
/// </summary>
[Require(Permission.DevelopmentRead, From = OrgFrom.Record, Record = typeof(DevelopmentCase))]
[UploadLimit(AttachmentSniffer.DefaultMaxBytes, ConfigKey = MeetingAttachments.ConfigKey)]
public sealed class CaseModel(AppDbContext db, UserContext user, TimeProvider clock, HolidayCalendar calendar, BranchRoster roster, GetDevelopmentCase get, DevelopmentDocuments documents) : PageModel
{
    /// <summary>The record-a-step form (the API's fields as typed; numbers and dates parsed here with Chinese errors).</summary>
    public sealed class StepInput
    {
        public string? Step { get; set; }
        public string? On { get; set; }
        public string? Note { get; set; }
        public string? Talker { get; set; }
        public string? Recommendation { get; set; }
        public long[] MemberIds { get; set; } = [];
        public string? Conclusion { get; set; }
        public string? TrainingDays { get; set; }
        public string? TrainingHours { get; set; }
        public string? OverrideReason { get; set; }
        public string? PublicityEndsOn { get; set; }
        public bool LeavingSoon { get; set; }
        public string? VolunteerBookNo { get; set; }
        public long[] PresentIds { get; set; } = [];
        /// <summary>Written votes handed in before the meeting: member id → 赞成/反对/弃权 (empty: none).</summary>
        public Dictionary<long, string> Written { get; set; } = [];
        public long[] ExcludedIds { get; set; } = [];
        public Dictionary<long, string> ExclusionReasons { get; set; } = [];
        public string? VotesFor { get; set; }
        public string? VotesAgainst { get; set; }
        public string? VotesAbstain { get; set; }
        public string? Approved { get; set; }
        public string? Outcome { get; set; }
        public string? ExtensionMonths { get; set; }
        public string? Escalation { get; set; }
        public string? LateReason { get; set; }
    }

    public sealed class EditInput
    {
        public long StepId { get; set; }
        public string? On { get; set; }
        public string? Reason { get; set; }
    }

    public sealed class TransferInput
    {
        public long? ToOrgId { get; set; }
        public string? On { get; set; }
        public string? Reason { get; set; }
    }

    public sealed class CloseInput
    {
        public string? Kind { get; set; }
        public string? On { get; set; }
        public string? Reason { get; set; }
        public string? CommitteeRecord { get; set; }
    }

    /// <summary>更换入党介绍人: who is replaced, by whom, on which day and why.</summary>
    public sealed class SponsorInput
    {
        public long? ReplacedMemberId { get; set; }
        public long? MemberId { get; set; }
        public string? On { get; set; }
        public string? Reason { get; set; }
    }

    /// <summary>A 公示 step's period: its last day, the working days it spans, and whether the holiday calendar was missing a year.</summary>
    public sealed record PublicityView(DateOnly LastDay, int WorkingDays, bool Provisional);

    [BindProperty] public StepInput Input { get; set; } = new();
    [BindProperty] public EditInput Edit { get; set; } = new();
    [BindProperty] public TransferInput Transfer { get; set; } = new();
    [BindProperty] public CloseInput Close { get; set; } = new();
    [BindProperty] public SponsorInput Sponsor { get; set; } = new();
    /// <summary>The branch's members on the replacement's day (candidates for a new 入党介绍人).</summary>
    public IReadOnlyList<RosterEntry> SponsorRoster { get; private set; } = [];

    public GetDevelopmentCase.Response Case { get; private set; } = null!;
    public IReadOnlyList<DevelopmentDocuments.Row> Documents { get; private set; } = [];
    public DevelopmentStepDef? FormStep { get; private set; }
    public IReadOnlyList<RosterEntry> Roster { get; private set; } = [];
    public IReadOnlyDictionary<long, PublicityView> Publicity { get; private set; } = new Dictionary<long, PublicityView>();
    /// <summary>A branch a 转出 may go to, with its superior; one outside the caller's scope accepts from its own side.</summary>
    public sealed record BranchOption(long Id, string Name, string Parent, bool InScope);

    /// <summary>The branches the 转出 form offers first (the caller's own scope); any other is found by name (<see cref="OnGetBranchesAsync"/>).</summary>
    public IReadOnlyList<BranchOption> Branches { get; private set; } = [];
    /// <summary>The branch's parent 党委, which records the 党委's steps.</summary>
    public string? CommitteeName { get; private set; }
    public bool CanManage { get; private set; }
    public bool CanApprove { get; private set; }
    public bool CanSeeFull { get; private set; }
    /// <summary>Whether the caller sees the case this one came from / went to (the other branch may lie outside their scope).</summary>
    public bool CanSeeFrom { get; private set; }
    public bool CanSeeNew { get; private set; }
    public bool ShowFull { get; private set; }
    /// <summary>The form that was posted and failed (opened again with its errors): step, edit, transfer, close, upload.</summary>
    public string? Failed { get; private set; }
    public DateOnly? EarliestOn { get; private set; }
    /// <summary>The field the refusal that gave <see cref="EarliestOn"/> concerns (the date, or the 公示's end date).</summary>
    public string? EarliestField { get; private set; }
    public string? UploadError { get; private set; }
    public string? BookError { get; private set; }
    public DateOnly Today => clock.Today();
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty(SupportsGet = true, Name = "step")] public string? StepQuery { get; set; }

    public bool Open => !DevelopmentSteps.IsClosed(Case.State);

    /// <summary>A 转出 of this case waits for the receiving side: nothing may be recorded meanwhile.</summary>
    public bool Waiting => Case.Transfer is { State: DevelopmentTransferState.待接收 } t && t.CaseId == Case.Id;

    public async Task<IActionResult> OnGetAsync(long id, int? full)
    {
        var ct = HttpContext.RequestAborted;
        await PermissionsAsync(ct);
        if (full == 1 && !CanSeeFull) return StatusCode(StatusCodes.Status403Forbidden);
        ShowFull = full == 1;
        var loaded = await get.Handle(id, ShowFull, ct); // the full view is audited there
        if (loaded.ToStatusPage() is { } status) return status;
        Case = loaded.Value;
        Input = new StepInput { Step = StepQuery ?? Case.Next?.Step, On = DevelopmentUi.D(Today) };
        Transfer.On = Close.On = Sponsor.On = DevelopmentUi.D(Today);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostStepAsync(long id, [FromServices] RecordDevelopmentStep record)
    {
        var ct = HttpContext.RequestAborted;
        if (await ForbiddenAsync(ct) is { } no) return no;
        var (request, errors) = ToRequest(Input);
        var result = errors.Count > 0 ? Result.Invalid(errors) : (await record.Handle(id, request, ct)).Status;
        if (result.ToStatusPage() is { } status) return status;
        if (result.AddTo(ModelState, nameof(Input))) return Redirect($"/Development/Case/{id}?done=recorded#timeline");
        EarliestOn = result.EarliestOn;
        EarliestField = result.Errors?.Keys.FirstOrDefault();
        return await AgainAsync(id, "step", ct);
    }

    public Task<IActionResult> OnPostEditDateAsync(long id, [FromServices] EditDevelopmentStepDate edit) =>
        SubmitAsync(id, "edit", nameof(Edit), Edit.On, "请输入新的日期", "edited#timeline",
            async (on, ct) => (await edit.Handle(id, Edit.StepId, new EditDevelopmentStepDate.Request(on, Edit.Reason), ct)).Status);

    public async Task<IActionResult> OnPostTransferAsync(long id, [FromServices] TransferDevelopmentCase transfer)
    {
        var ct = HttpContext.RequestAborted;
        if (await ForbiddenAsync(ct) is { } no) return no;
        var errors = new Dictionary<string, string[]>();
        var on = DevelopmentUi.Date(Transfer.On, "on", errors);
        var outcome = errors.Count > 0 ? null : await transfer.Handle(id, new TransferDevelopmentCase.Request(Transfer.ToOrgId, on, Transfer.Reason), ct);
        var result = outcome?.Status ?? Result.Invalid(errors);
        if (result.ToStatusPage() is { } status) return status;
        if (result.AddTo(ModelState, nameof(Transfer)))
            return outcome!.Value.Waiting ? Redirect($"/Development/Case/{id}?done=transfer-waiting") : Redirect($"/Development/Case/{outcome.Value.Case.Id}?done=transferred");
        return await AgainAsync(id, "transfer", ct);
    }

    /// <summary>The sender withdraws a waiting 转出.</summary>
    public async Task<IActionResult> OnPostWithdrawTransferAsync(long id, [FromServices] Transfers.WithdrawDevelopmentTransfer withdraw)
    {
        var ct = HttpContext.RequestAborted;
        if (await ForbiddenAsync(ct) is { } no) return no;
        var result = (await withdraw.Handle(id, ct)).Status;
        if (result.ToStatusPage() is { } status) return status;
        if (result.AddTo(ModelState, nameof(Transfer))) return Redirect($"/Development/Case/{id}?done=transfer-withdrawn");
        return await AgainAsync(id, "withdraw", ct);
    }

    public Task<IActionResult> OnPostCloseAsync(long id, [FromServices] CloseDevelopmentCase close) =>
        SubmitAsync(id, "close", nameof(Close), Close.On, null, "closed",
            async (on, ct) => (await close.Handle(id, Close.Kind switch { "terminate" => DevelopmentState.终止, "death" => DevelopmentState.逝世, _ => DevelopmentState.撤回申请 },
                new CloseDevelopmentCase.Request(on, Close.Reason, Close.CommitteeRecord), ct)).Status);

    /// <summary>
    /// One dated form's round trip: 403 without DevelopmentManage, its date parsed (a Chinese error beside it), the use
    /// case, then the case page with the notice, or the form again with the errors beside its fields.
    /// </summary>
    private async Task<IActionResult> SubmitAsync(long id, string form, string prefix, string? date, string? dateRequired, string done, Func<DateOnly?, CancellationToken, Task<Result>> run)
    {
        var ct = HttpContext.RequestAborted;
        if (await ForbiddenAsync(ct) is { } no) return no;
        var errors = new Dictionary<string, string[]>();
        var on = DevelopmentUi.Date(date, "on", errors);
        if (dateRequired is not null && string.IsNullOrEmpty(date) && errors.Count == 0) errors["on"] = [dateRequired];
        var result = errors.Count > 0 ? Result.Invalid(errors) : await run(on, ct);
        if (result.ToStatusPage() is { } status) return status;
        if (result.AddTo(ModelState, prefix)) return Redirect($"/Development/Case/{id}?done={done}");
        return await AgainAsync(id, form, ct);
    }

    public async Task<IActionResult> OnPostSponsorAsync(long id, [FromServices] ReplaceDevelopmentSponsor replace)
    {
        var ct = HttpContext.RequestAborted;
        if (await ForbiddenAsync(ct) is { } no) return no;
        var errors = new Dictionary<string, string[]>();
        var on = DevelopmentUi.Date(Sponsor.On, "on", errors);
        var result = errors.Count > 0 ? Result.Invalid(errors)
            : (await replace.Handle(id, new ReplaceDevelopmentSponsor.Request(Sponsor.ReplacedMemberId, Sponsor.MemberId, on, Sponsor.Reason), ct)).Status;
        if (result.ToStatusPage() is { } status) return status;
        if (result.AddTo(ModelState, nameof(Sponsor))) return Redirect($"/Development/Case/{id}?done=sponsor#sponsors");
        return await AgainAsync(id, "sponsor", ct);
    }

    public async Task<IActionResult> OnPostUploadAsync(long id, string? documentStep)
    {
        var ct = HttpContext.RequestAborted;
        if (await ForbiddenAsync(ct) is { } no) return no;
        var file = Request.HasFormContentType ? Request.Form.Files["file"] : null;
        var uploaded = await documents.UploadAsync(id, documentStep, file, ct);
        if (uploaded.ToStatusPage() is { } status) return status;
        if (uploaded.IsOk) return Redirect($"/Development/Case/{id}?done=uploaded#documents");
        UploadError = uploaded.Status.FirstMessage;
        return await AgainAsync(id, "upload", ct);
    }

    /// <summary>给下一个编号: a case past 预审 without a 志愿书 number takes the next one of its 党委's ranges.</summary>
    public async Task<IActionResult> OnPostVolunteerBookAsync(long id, [FromServices] VolunteerBooks.GiveVolunteerBookNumber give)
    {
        var ct = HttpContext.RequestAborted;
        if (await ForbiddenAsync(ct) is { } no) return no;
        if (!CanApprove) return StatusCode(StatusCodes.Status403Forbidden);
        var given = await give.Handle(id, ct);
        if (given.ToStatusPage() is { } status) return status;
        if (given.IsOk) return Redirect($"/Development/Case/{id}?done=numbered");
        BookError = given.Status.FirstMessage;
        return await AgainAsync(id, "book", ct);
    }

    /// <summary>Whether the 党委 may give the next 志愿书 number here: past 预审, none held, the case not ended elsewhere.</summary>
    public bool CanGiveBook => CanApprove && Case.VolunteerBookNo is null && Case.Steps.Any(s => s.Step == "13")
        && Case.State is not (DevelopmentState.转出 or DevelopmentState.撤回申请 or DevelopmentState.终止 or DevelopmentState.逝世);

    public async Task<IActionResult> OnGetDocumentAsync(long id, long file) =>
        await documents.GetAsync(id, file, HttpContext.RequestAborted) is { } f
            ? new ResultAdapter(AttachmentSniffer.Download(HttpContext, f.Data, f.ContentType, f.FileName))
            : NotFound();

    private async Task<bool> CanReadCaseAsync(long caseId, CancellationToken ct)
    {
        var path = await db.Set<DevelopmentCase>().Where(c => c.Id == caseId).Join(db.Organizations, c => c.OrgId, o => o.Id, (c, o) => o.Path).FirstOrDefaultAsync(ct);
        return path is not null && Access.Allows(await user.GrantsAsync(ct), Permission.DevelopmentRead, path);
    }

    /// <summary>The 转出 form's search (htmx): developing branches of the whole platform whose name contains q, as options.</summary>
    public async Task<IActionResult> OnGetBranchesAsync(long id, string? q)
    {
        var ct = HttpContext.RequestAborted;
        if (await ForbiddenAsync(ct) is { } no) return no;
        var orgId = await db.Set<DevelopmentCase>().Where(c => c.Id == id).Select(c => c.OrgId).FirstAsync(ct);
        return Partial("_BranchOptions", await SearchBranchesAsync(orgId, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), ct));
    }

    /// <summary>
    /// Developing branches (党支部, 联合党支部 in being) other than the case's: without a name, those of the caller's own
    /// scope; with one, any of the platform whose name contains it (30 at most); or the one named by <paramref name="only"/>.
    /// </summary>
    private async Task<IReadOnlyList<BranchOption>> SearchBranchesAsync(long caseOrgId, string? q, CancellationToken ct, long? only = null)
    {
        var types = Enum.GetValues<OrgType>().Where(OrgRules.IsBranch).ToList();
        var orgs = q is null && only is null ? await db.OrganizationsFor(user, Permission.DevelopmentManage, ct) : db.Organizations;
        var query = orgs.AsNoTracking().Where(o => types.Contains(o.Type) && o.Status == OrgStatus.正常 && o.Id != caseOrgId);
        if (only is { } one) query = query.Where(o => o.Id == one);
        if (q is not null) query = query.Where(o => EF.Functions.ILike(o.Name, SqlLike.Contains(q)));
        var found = await (from o in query.OrderBy(o => o.Path).Take(60)
                           join p in db.Organizations.AsNoTracking() on o.ParentId equals (long?)p.Id into ps
                           from p in ps.DefaultIfEmpty()
                           select new { o.Id, o.Name, o.Type, o.Status, o.Path, Parent = p == null ? "" : p.Name }).ToListAsync(ct);
        var grants = await user.GrantsAsync(ct);
        return found.Where(o => OrgCapabilities.Can(o.Type, o.Status, OrgCapability.发展党员)).Take(30)
            .Select(o => new BranchOption(o.Id, o.Name, o.Parent, Access.Allows(grants, Permission.DevelopmentManage, o.Path))).ToList();
    }

    public string? Error(string prefix, string field) => DevelopmentUi.Error(ModelState, prefix, field);

    /// <summary>
    /// The earliest date that would pass, to show beside <paramref name="field"/>: only under the field the refusal names,
    /// and only when its message does not already give the date (so it is printed once).
    /// </summary>
    public string? EarliestBeside(string field) =>
        EarliestOn is { } e && EarliestField == field && Error("Input", field) is var msg && (msg is null || !msg.Contains(DevelopmentUi.D(e), StringComparison.Ordinal))
            ? DevelopmentUi.D(e) : null;

    public string Invalid(string prefix, string field) => Error(prefix, field) is null ? "" : "is-invalid";

    public IEnumerable<DevelopmentDocuments.Row> DocumentsOf(string? step) => Documents.Where(d => d.Step == step);

    /// <summary>The steps a form may name (all but step 1, which opening the case records).</summary>
    public static IEnumerable<DevelopmentStepDef> Steps => DevelopmentSteps.All.Where(s => s.Code != "1");

    private async Task<IActionResult> AgainAsync(long id, string form, CancellationToken ct)
    {
        Failed = form;
        var loaded = await get.Handle(id, false, ct);
        if (loaded.ToStatusPage() is { } status) return status;
        Case = loaded.Value;
        await LoadAsync(ct);
        return Page();
    }

    private async Task PermissionsAsync(CancellationToken ct)
    {
        var org = user.CurrentOrg!;
        CanManage = await user.HasAsync(Permission.DevelopmentManage, org, ct);
        CanApprove = await user.HasAsync(Permission.DevelopmentApprove, org, ct);
        CanSeeFull = await user.HasAsync(Permission.PersonalDataFull, org, ct);
    }

    /// <summary>Every form of the page changes the case: DevelopmentManage on its branch (the 党委's steps also need DevelopmentApprove, checked by the use case).</summary>
    private async Task<IActionResult?> ForbiddenAsync(CancellationToken ct)
    {
        await PermissionsAsync(ct);
        return CanManage ? null : StatusCode(StatusCodes.Status403Forbidden);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == Case.OrgId, ct);
        Documents = await documents.ListAsync(Case.Id, ct);
        CommitteeName = org.ParentId is { } parent ? await db.Organizations.AsNoTracking().Where(o => o.Id == parent).Select(o => o.Name).FirstOrDefaultAsync(ct) : null;
        FormStep = DevelopmentSteps.Find(Input.Step) is { Code: not "1" } def ? def : Case.Next is { } n ? DevelopmentSteps.Get(n.Step) : null;
        if (FormStep?.Code is "5" or "9" or "15" or "23")
        {
            var day = DateOnly.TryParse(Input.On, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : Today;
            Roster = await roster.OnAsync(org, day, ct);
        }
        if (CanManage && Open && Case.Sponsors.Count > 0)
        {
            var day = DateOnly.TryParse(Sponsor.On, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : Today;
            SponsorRoster = await roster.OnAsync(org, day, ct);
        }
        var cal = await calendar.LoadAsync(ct);
        var pack = DevelopmentRulePacks.Get(Case.PackVersion);
        Publicity = Case.Steps.Where(s => s.Step is "12a" or "22a").ToDictionary(s => s.Id, s =>
        {
            var span = DevelopmentGates.PublicitySpan(pack, new StepEntry(s.Step, s.On, s.Fields), cal);
            var (days, provisional) = cal.Between(s.On, span.LastDay);
            return new PublicityView(span.LastDay, days, provisional || span.Provisional);
        });
        CanSeeFrom = Case.TransferredFromId is { } fromId && await CanReadCaseAsync(fromId, ct);
        CanSeeNew = Case.Transfer is { NewCaseId: { } newId } t && t.CaseId == Case.Id && await CanReadCaseAsync(newId, ct);
        if (CanManage && Open && !Waiting)
        {
            Branches = await SearchBranchesAsync(Case.OrgId, null, ct);
            if (Transfer.ToOrgId is { } chosen && Branches.All(b => b.Id != chosen))
                Branches = [.. Branches, .. await SearchBranchesAsync(Case.OrgId, null, ct, chosen)];
        }
    }

    /// <summary>The form as the use case's request; malformed numbers and dates as field errors.</summary>
    public static (RecordDevelopmentStep.Request Request, Dictionary<string, string[]> Errors) ToRequest(StepInput i)
    {
        var errors = new Dictionary<string, string[]>();
        var on = DevelopmentUi.Date(i.On, "on", errors);
        var publicityEnds = DevelopmentUi.Date(i.PublicityEndsOn, "publicityEndsOn", errors);
        var days = DevelopmentUi.Int(i.TrainingDays, "trainingDays", "培训天数", errors);
        var hours = DevelopmentUi.Int(i.TrainingHours, "trainingHours", "培训学时", errors);
        var votesFor = DevelopmentUi.Int(i.VotesFor, "votesFor", "赞成票数", errors);
        var against = DevelopmentUi.Int(i.VotesAgainst, "votesAgainst", "反对票数", errors);
        var abstain = DevelopmentUi.Int(i.VotesAbstain, "votesAbstain", "弃权票数", errors);
        var months = DevelopmentUi.Int(i.ExtensionMonths, "extensionMonths", "延长月数", errors);
        var meeting = DevelopmentSteps.Find(i.Step)?.Code is "15" or "23";
        var request = new RecordDevelopmentStep.Request(
            Step: string.IsNullOrWhiteSpace(i.Step) ? null : JsonSerializer.SerializeToElement(i.Step.Trim()),
            On: on, Note: i.Note, Talker: i.Talker, Recommendation: i.Recommendation, MemberIds: i.MemberIds.Length > 0 ? i.MemberIds : null,
            Conclusion: i.Conclusion, TrainingDays: days, TrainingHours: hours, OverrideReason: i.OverrideReason, PublicityEndsOn: publicityEnds,
            LeavingSoon: i.LeavingSoon, VolunteerBookNo: i.VolunteerBookNo,
            PresentIds: meeting ? i.PresentIds : null,
            WrittenVotes: [.. i.Written.Where(w => !string.IsNullOrWhiteSpace(w.Value)).Select(w => new RecordDevelopmentStep.WrittenVote(w.Key, w.Value))],
            Exclusions: [.. i.ExcludedIds.Select(x => new RecordDevelopmentStep.Exclusion(x, i.ExclusionReasons.GetValueOrDefault(x)))],
            VotesFor: votesFor, VotesAgainst: against, VotesAbstain: abstain,
            Approved: i.Approved switch { "false" => false, "true" => true, _ => null },
            Outcome: i.Outcome, ExtensionMonths: months, Escalation: i.Escalation, LateReason: i.LateReason);
        return (request, errors);
    }
}
