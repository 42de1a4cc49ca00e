using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Meetings;

/// <summary>Edits a held meeting: freely for 7 days after it was recorded, later with a reason and a version kept.</summary>
[Require(Permission.MeetingManage, From = OrgFrom.Record, Record = typeof(Meeting))]
public sealed class EditModel(AppDbContext db, UserContext user, BranchRoster roster, RecordMeeting record, TimeProvider clock) : PageModel
{
    [BindProperty] public MeetingFormInput Input { get; set; } = new();
    public MeetingFormView Form { get; private set; } = null!;
    public Meeting Meeting { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        Meeting = await db.Set<Meeting>().AsNoTracking().FirstAsync(m => m.Id == id, ct);
        if (Meeting.State == MeetingState.计划) return Redirect($"/Meetings/Record?planId={id}&org={Meeting.OrgId}");
        if (Meeting.State != MeetingState.已召开) return Redirect($"/Meetings/Details/{id}");
        Input = MeetingFormInput.From(Meeting, await db.Set<MeetingAttendance>().AsNoTracking().Where(a => a.MeetingId == id).ToListAsync(ct));
        await LoadAsync(new Dictionary<string, string[]>());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        Meeting = await db.Set<Meeting>().AsNoTracking().FirstAsync(m => m.Id == id, ct);
        var (request, formErrors) = Input.ToRequest();
        if (formErrors.Count == 0)
        {
            var saved = await record.Update(user.CurrentOrg!, id, request, Input.EditReason, ct);
            if (saved.IsOk) return Redirect($"/Meetings/Details/{id}?saved=1");
            formErrors = saved.Status.Errors!.ToDictionary();
        }
        Input.OrgId = Meeting.OrgId;
        await LoadAsync(formErrors);
        return Page();
    }

    private async Task LoadAsync(IDictionary<string, string[]> errors)
    {
        var ct = HttpContext.RequestAborted;
        var orgs = await MeetingFormView.OrgOptionsAsync(db, user.CurrentOrg!, ct);
        if (orgs.All(o => o.Id != Meeting.OrgId))
            orgs = [.. orgs, await db.Organizations.AsNoTracking().Where(o => o.Id == Meeting.OrgId).Select(o => new MeetingFormView.OrgOption(o.Id, o.Name, o.Type)).FirstAsync(ct)];
        var rosterView = await RosterView.LoadAsync(db, roster, user.CurrentOrg!, Input, errors, Meeting.Id, ct);
        Form = new MeetingFormView(Input, errors, orgs, rosterView, Editing: true, RecordMeeting.NeedsReason(Meeting, clock.GetUtcNow()), $"/Meetings/Details/{Meeting.Id}", clock.Today());
    }
}
