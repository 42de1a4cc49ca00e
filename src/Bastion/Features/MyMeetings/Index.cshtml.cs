using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.CheckIn;
using Bastion.Features.Members;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.MyMeetings;

/// <summary>
/// 我的组织生活 (/Me/Meetings), made for a phone: the signed-in account's own member (users.member_id) — upcoming
/// meetings with check-in and 请假, attendance history and this year's rate. Checking in still needs the host's QR
/// code: it is what shows the member is in the room, so there is no remote "check in" button.
/// </summary>
[SignedIn]
public sealed class IndexModel(AppDbContext db, UserContext user, GetMyMeetings query, RequestLeave leave) : PageModel
{
    public Member? Member { get; private set; }
    public GetMyMeetings.Overview? Data { get; private set; }
    [BindProperty(SupportsGet = true)] public int? Sent { get; set; }
    [BindProperty] public long MeetingId { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public (string Key, string Message)? Error { get; private set; }
    [BindProperty(SupportsGet = true)] public int? Withdrawn { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostLeaveAsync()
    {
        var own = await RequestMemberCorrection.OwnMemberAsync(db, user, HttpContext.RequestAborted);
        if (own is null) return StatusCode(StatusCodes.Status403Forbidden);
        Error = RequestLeave.FormError((await leave.Handle(own.Id, MeetingId, Reason, HttpContext.RequestAborted)).Status);
        if (Error is null) return Redirect("/Me/Meetings?sent=1");
        db.ChangeTracker.Clear();
        await LoadAsync();
        return Page();
    }

    /// <summary>撤回请假: the member's own pending request (the button asks for confirmation first).</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(long requestId, [FromServices] WithdrawLeave withdraw)
    {
        var own = await RequestMemberCorrection.OwnMemberAsync(db, user, HttpContext.RequestAborted);
        if (own is null) return StatusCode(StatusCodes.Status403Forbidden);
        var withdrawn = await withdraw.Handle(own.Id, requestId, HttpContext.RequestAborted);
        if (withdrawn.IsOk) return Redirect("/Me/Meetings?withdrawn=1#my-leave");
        db.ChangeTracker.Clear();
        Error = ("withdraw", withdrawn.FirstMessage!);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Member = await RequestMemberCorrection.OwnMemberAsync(db, user, HttpContext.RequestAborted);
        if (Member is not null) Data = await query.HandleAsync(Member, HttpContext.RequestAborted);
    }
}
