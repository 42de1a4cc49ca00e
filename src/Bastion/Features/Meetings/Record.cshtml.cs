using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Meetings;

/// <summary>录入组织生活: the form for a held meeting of a branch under the organization in scope (optionally from a plan).</summary>
[Require(Permission.MeetingManage)]
public sealed class RecordModel(AppDbContext db, UserContext user, BranchRoster roster, RecordMeeting record) : PageModel
{
    [BindProperty] public MeetingFormInput Input { get; set; } = new();
    public MeetingFormView Form { get; private set; } = null!;

    public async Task OnGetAsync(long? planId)
    {
        var ct = HttpContext.RequestAborted;
        var orgs = await MeetingFormView.OrgOptionsAsync(db, user.CurrentOrg!, ct);
        var now = MeetingTime.Local(DateTimeOffset.UtcNow);
        Input = new MeetingFormInput
        {
            OrgId = orgs.FirstOrDefault(o => o.Id == user.CurrentOrg!.Id)?.Id ?? orgs.FirstOrDefault(o => o.Type != OrgType.党小组)?.Id,
            Date = now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Time = "14:30",
        };
        if (planId is { } pid && await db.Set<Meeting>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == pid && m.State == MeetingState.计划, ct) is { } plan
            && orgs.Any(o => o.Id == plan.OrgId))
        {
            var fromPlan = MeetingFormInput.From(plan, []);
            fromPlan.PlanId = plan.Id;
            fromPlan.Status = [];
            Input = fromPlan;
        }
        await LoadAsync(new Dictionary<string, string[]>(), fresh: true);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (request, formErrors) = Input.ToRequest();
        if (formErrors.Count > 0) { await LoadAsync(formErrors, fresh: false); return Page(); }
        var (recorded, errors) = await record.Handle(user.CurrentOrg!, request, DateTimeOffset.UtcNow, HttpContext.RequestAborted);
        if (recorded is not null) return Redirect($"/Meetings/Details/{recorded.Id}?recorded=1");
        await LoadAsync(errors, fresh: false);
        return Page();
    }

    /// <summary>htmx: the roster checklist for the chosen organization and date.</summary>
    public async Task<IActionResult> OnGetRosterAsync()
    {
        var input = new MeetingFormInput
        {
            OrgId = long.TryParse(Request.Query["Input.OrgId"], out var o) ? o : null,
            Date = Request.Query["Input.Date"],
        };
        // the planned (or edited) meeting whose check-ins stay marked 已签到; RosterView ignores a meeting of another organization
        long? meetingId = long.TryParse(Request.Query["meetingId"], out var mid) ? mid : null;
        var view = await RosterView.LoadAsync(db, roster, user.CurrentOrg!, input, new Dictionary<string, string[]>(), meetingId, fresh: true, HttpContext.RequestAborted);
        return Partial("_Roster", view);
    }

    private async Task LoadAsync(IDictionary<string, string[]> errors, bool fresh)
    {
        var ct = HttpContext.RequestAborted;
        var orgs = await MeetingFormView.OrgOptionsAsync(db, user.CurrentOrg!, ct);
        var rosterView = await RosterView.LoadAsync(db, roster, user.CurrentOrg!, Input, errors, Input.PlanId, fresh, ct);
        Form = new MeetingFormView(Input, errors, orgs, rosterView, Editing: false, NeedsReason: false, "/Meetings");
    }
}
