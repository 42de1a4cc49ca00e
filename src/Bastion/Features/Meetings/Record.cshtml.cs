using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Meetings;

/// <summary>录入组织生活: the form for a held meeting of a branch under the organization in scope (optionally from a plan).</summary>
[Require(Permission.MeetingManage)]
public sealed class RecordModel(AppDbContext db, UserContext user, BranchRoster roster, RecordMeeting record, TimeProvider clock) : PageModel
{
    [BindProperty] public MeetingFormInput Input { get; set; } = new();
    public MeetingFormView Form { get; private set; } = null!;

    public async Task OnGetAsync(long? planId)
    {
        var ct = HttpContext.RequestAborted;
        var orgs = await MeetingFormView.OrgOptionsAsync(db, user.CurrentOrg!, ct);
        Input = new MeetingFormInput
        {
            OrgId = orgs.FirstOrDefault(o => o.Id == user.CurrentOrg!.Id)?.Id ?? orgs.FirstOrDefault(o => o.Type != OrgType.党小组)?.Id,
            Date = clock.Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Time = "14:30",
        };
        if (planId is { } pid && await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == pid && m.State == MeetingState.计划, ct) is { } plan
            && orgs.Any(o => o.Id == plan.OrgId))
        {
            // approved leave starts as 请假 (with its reason); check-ins are shown 已签到 by the roster; everyone else 未签到
            var leave = await db.Set<MeetingAttendance>().AsNoTracking().Where(a => a.MeetingId == plan.Id && a.Status == AttendanceStatus.请假).ToListAsync(ct);
            var fromPlan = MeetingFormInput.From(plan, leave);
            fromPlan.PlanId = plan.Id;
            fromPlan.DualLifeIds = [];
            Input = fromPlan;
        }
        await LoadAsync(new Dictionary<string, string[]>());
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (request, formErrors) = Input.ToRequest();
        if (formErrors.Count > 0) { await LoadAsync(formErrors); return Page(); }
        var recorded = await record.Handle(user.CurrentOrg!, request, HttpContext.RequestAborted);
        if (recorded.IsOk) return Redirect($"/Meetings/Details/{recorded.Value.Id}?recorded=1");
        await LoadAsync(recorded.Status.Errors!.ToDictionary());
        return Page();
    }

    /// <summary>The roster checklist for an organization, date and kinds given in the query (nobody marked yet).</summary>
    public async Task<IActionResult> OnGetRosterAsync()
    {
        var input = new MeetingFormInput
        {
            OrgId = long.TryParse(Request.Query["Input.OrgId"], out var o) ? o : null,
            Date = Request.Query["Input.Date"],
            Types = [.. Request.Query["Input.Types"].OfType<string>()],
        };
        long? meetingId = long.TryParse(Request.Query["meetingId"], out var mid) ? mid : null;
        return await RosterAsync(input, meetingId);
    }

    /// <summary>
    /// htmx: the roster checklist again when the organization, the date or the kinds change, from the whole form as typed
    /// so far (posted: statuses, reasons, 主持人 and 记录人 stay as chosen for the people still on the roster).
    /// </summary>
    public Task<IActionResult> OnPostRosterAsync() =>
        RosterAsync(Input, long.TryParse(Request.Form["meetingId"], out var mid) ? mid : null);

    // the planned (or edited) meeting whose check-ins stay marked 已签到; RosterView ignores a meeting of another organization
    private async Task<IActionResult> RosterAsync(MeetingFormInput input, long? meetingId)
    {
        var view = await RosterView.LoadAsync(db, roster, user.CurrentOrg!, input, new Dictionary<string, string[]>(), meetingId, HttpContext.RequestAborted);
        return Partial("_Roster", view);
    }

    private async Task LoadAsync(IDictionary<string, string[]> errors)
    {
        var ct = HttpContext.RequestAborted;
        var orgs = await MeetingFormView.OrgOptionsAsync(db, user.CurrentOrg!, ct);
        var rosterView = await RosterView.LoadAsync(db, roster, user.CurrentOrg!, Input, errors, Input.PlanId, ct);
        Form = new MeetingFormView(Input, errors, orgs, rosterView, Editing: false, NeedsReason: false, "/Meetings", clock.Today());
    }
}
