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

    /// <summary>A 公示 step's period: its last day, the working days it spans, and whether the holiday calendar was missing a year.</summary>
    public sealed record PublicityView(DateOnly LastDay, int WorkingDays, bool Provisional);

    [BindProperty] public StepInput Input { get; set; } = new();
    [BindProperty] public EditInput Edit { get; set; } = new();
    [BindProperty] public TransferInput Transfer { get; set; } = new();
    [BindProperty] public CloseInput Close { get; set; } = new();

    public GetDevelopmentCase.Response Case { get; private set; } = null!;
    public IReadOnlyList<DevelopmentDocuments.Row> Documents { get; private set; } = [];
    public DevelopmentStepDef? FormStep { get; private set; }
    public IReadOnlyList<RosterEntry> Roster { get; private set; } = [];
    public IReadOnlyDictionary<long, PublicityView> Publicity { get; private set; } = new Dictionary<long, PublicityView>();
    public IReadOnlyList<Organization> Branches { get; private set; } = [];
    /// <summary>The branch's parent 党委, which records the 党委's steps.</summary>
    public string? CommitteeName { get; private set; }
    public bool CanManage { get; private set; }
    public bool CanApprove { get; private set; }
    public bool CanSeeFull { get; private set; }
    public bool ShowFull { get; private set; }
    /// <summary>The form that was posted and failed (opened again with its errors): step, edit, transfer, close, upload.</summary>
    public string? Failed { get; private set; }
    public DateOnly? EarliestOn { get; private set; }
    /// <summary>The field the refusal that gave <see cref="EarliestOn"/> concerns (the date, or the 公示's end date).</summary>
    public string? EarliestField { get; private set; }
    public string? UploadError { get; private set; }
    public DateOnly Today => clock.Today();
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty(SupportsGet = true, Name = "step")] public string? StepQuery { get; set; }

    public bool Open => !DevelopmentSteps.IsClosed(Case.State);

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
        Transfer.On = Close.On = DevelopmentUi.D(Today);
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

    public async Task<IActionResult> OnPostEditDateAsync(long id, [FromServices] EditDevelopmentStepDate edit)
    {
        var ct = HttpContext.RequestAborted;
        if (await ForbiddenAsync(ct) is { } no) return no;
        var errors = new Dictionary<string, string[]>();
        var on = DevelopmentUi.Date(Edit.On, "on", errors);
        if (Edit.On is null or "" && errors.Count == 0) errors["on"] = ["请输入新的日期"];
        var result = errors.Count > 0 ? Result.Invalid(errors) : (await edit.Handle(id, Edit.StepId, new EditDevelopmentStepDate.Request(on, Edit.Reason), ct)).Status;
        if (result.ToStatusPage() is { } status) return status;
        if (result.AddTo(ModelState, nameof(Edit))) return Redirect($"/Development/Case/{id}?done=edited#timeline");
        return await AgainAsync(id, "edit", ct);
    }

    public async Task<IActionResult> OnPostTransferAsync(long id, [FromServices] TransferDevelopmentCase transfer)
    {
        var ct = HttpContext.RequestAborted;
        if (await ForbiddenAsync(ct) is { } no) return no;
        var errors = new Dictionary<string, string[]>();
        var on = DevelopmentUi.Date(Transfer.On, "on", errors);
        var result = errors.Count > 0 ? Result.Invalid(errors) : (await transfer.Handle(id, new TransferDevelopmentCase.Request(Transfer.ToOrgId, on, Transfer.Reason), ct)).Status;
        if (result.ToStatusPage() is { } status) return status;
        if (result.AddTo(ModelState, nameof(Transfer))) return Redirect($"/Development/Case/{id}?done=transferred");
        return await AgainAsync(id, "transfer", ct);
    }

    public async Task<IActionResult> OnPostCloseAsync(long id, [FromServices] CloseDevelopmentCase close)
    {
        var ct = HttpContext.RequestAborted;
        if (await ForbiddenAsync(ct) is { } no) return no;
        var errors = new Dictionary<string, string[]>();
        var on = DevelopmentUi.Date(Close.On, "on", errors);
        var to = Close.Kind == "terminate" ? DevelopmentState.终止 : DevelopmentState.撤回申请;
        var result = errors.Count > 0 ? Result.Invalid(errors) : (await close.Handle(id, to, new CloseDevelopmentCase.Request(on, Close.Reason, Close.CommitteeRecord), ct)).Status;
        if (result.ToStatusPage() is { } status) return status;
        if (result.AddTo(ModelState, nameof(Close))) return Redirect($"/Development/Case/{id}?done=closed");
        return await AgainAsync(id, "close", ct);
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

    public async Task<IActionResult> OnGetDocumentAsync(long id, long file) =>
        await documents.GetAsync(id, file, HttpContext.RequestAborted) is { } f
            ? new ResultAdapter(AttachmentSniffer.Download(HttpContext, f.Data, f.ContentType, f.FileName))
            : NotFound();

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
        var cal = await calendar.LoadAsync(ct);
        var pack = DevelopmentRulePacks.Get(Case.PackVersion);
        Publicity = Case.Steps.Where(s => s.Step is "12a" or "22a").ToDictionary(s => s.Id, s =>
        {
            var span = DevelopmentGates.PublicitySpan(pack, new StepEntry(s.Step, s.On, s.Fields), cal);
            var (days, provisional) = cal.Between(s.On, span.LastDay);
            return new PublicityView(span.LastDay, days, provisional || span.Provisional);
        });
        if (CanManage && Open)
        {
            var visible = await db.OrganizationsFor(user, Permission.DevelopmentManage, ct);
            Branches = (await visible.AsNoTracking().OrderBy(o => o.Path).ToListAsync(ct))
                .Where(o => o.Id != Case.OrgId && OrgRules.IsBranch(o.Type) && OrgCapabilities.Can(o, OrgCapability.发展党员)).ToList();
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
