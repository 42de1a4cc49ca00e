using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.CheckIn;
using Bastion.Features.MyMeetings;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Me;

/// <summary>
/// 我的 (/Me/Home), the personal home of a 普通党员, made for a phone: my next meeting (time, place, kind) with 扫码签到 /
/// 请假 as they apply, my leave requests' state, my attendance this year (出席/应到, the denominator shown) and my latest
/// notifications. Reads the same <see cref="GetMyMeetings"/> as 我的组织生活 and asks for leave through the same
/// <see cref="RequestLeave"/>: only meetings the member should attend are offered.
/// </summary>
[SignedIn]
public sealed class HomeModel(AppDbContext db, UserContext user, GetMyMeetings query, RequestLeave leave) : PageModel
{
    public const int LaterMax = 3;
    public const int LeavesShown = 3;
    public const int NotificationsShown = 5;

    public Member? Member { get; private set; }
    public string? BranchName { get; private set; }
    public GetMyMeetings.Overview? Data { get; private set; }
    public GetMyMeetings.Upcoming? Next => Data?.Upcoming.FirstOrDefault();
    public IReadOnlyList<GetMyMeetings.Upcoming> Later => Data is null ? [] : Data.Upcoming.Skip(1).Take(LaterMax).ToList();
    public IReadOnlyList<Notification> Notifications { get; private set; } = [];
    public int Unread { get; private set; }

    [BindProperty(SupportsGet = true)] public int? Sent { get; set; }
    [BindProperty] public long MeetingId { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public (string Key, string Message)? Error { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>请假 for one of my upcoming meetings (the same use case and checks as 我的组织生活 and the API).</summary>
    public async Task<IActionResult> OnPostLeaveAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (await user.MemberIdAsync(ct) is not { } own) return StatusCode(StatusCodes.Status403Forbidden);
        Error = RequestLeave.FormError((await leave.Handle(own, MeetingId, Reason, ct)).Status);
        if (Error is null) return Redirect("/Me/Home?sent=1#my-leave");
        db.ChangeTracker.Clear();
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var uid = user.UserId!.Value;
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == uid);
        Unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        Notifications = await mine.OrderByDescending(n => n.Id).Take(NotificationsShown).ToListAsync(ct);
        if (await user.MemberIdAsync(ct) is not { } id) return;
        Member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (Member is null) return;
        BranchName = await db.Organizations.AsNoTracking().Where(o => o.Id == Member.OrgId).Select(o => o.Name).FirstOrDefaultAsync(ct);
        Data = await query.HandleAsync(Member, ct);
    }
}
