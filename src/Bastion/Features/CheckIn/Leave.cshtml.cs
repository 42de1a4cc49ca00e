using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.CheckIn;

/// <summary>
/// 请假审批 (/Meetings/Leave): every leave request of meetings in the current organization's subtree, 待审批 first by
/// default, filtered, paged and exported to .xlsx; approve or reject (with a reason) through <see cref="DecideLeave"/>,
/// the use case the host view of a meeting uses too.
/// </summary>
[Require(Permission.MeetingManage)]
public sealed class LeaveModel(AppDbContext db, UserContext user, TimeProvider clock) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public long? Branch { get; set; }
    [BindProperty(SupportsGet = true)] public string? Name { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public string? Ok { get; set; }

    public Organization Root => user.CurrentOrg!;
    public IReadOnlyList<ListLeaveRequests.Row> Rows { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;
    public IReadOnlyList<(long Id, string Name)> Organizations { get; private set; } = [];
    public int PendingCount { get; private set; }
    public string? OrgQuery => Request.Query.TryGetValue("org", out var o) && !string.IsNullOrEmpty(o) ? o.ToString() : null;

    /// <summary>A refused decision: the request it was about, and the message next to its reason field or above the list.</summary>
    public long? FailedRequest { get; private set; }
    public Result? Failure { get; private set; }

    /// <summary>The refusal is about the rejection reason typed for the request (shown next to that field).</summary>
    public bool ReasonInvalid => Failure?.Errors?.ContainsKey(DecideLeave.ReasonField) == true;
    public string? RejectionReason { get; private set; }

    private ListLeaveRequests.Filter Filter => ListLeaveRequests.Parse(State, From, To, Branch, Name);

    /// <summary>The state filter as shown in the select: 待审批 when none was given.</summary>
    public string StateShown => string.IsNullOrWhiteSpace(State) ? nameof(LeaveRequestState.待审批) : Filter.State?.ToString() ?? ListLeaveRequests.AllStates;

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostDecideAsync(long requestId, bool approve, string? rejectionReason, [FromServices] DecideLeave decide)
    {
        var decided = await decide.Handle(requestId, approve, rejectionReason, ct: HttpContext.RequestAborted);
        if (decided.IsOk) return Redirect(ListLink(("ok", approve ? "approved" : "rejected")));
        Failure = decided.Status;
        db.ChangeTracker.Clear();
        FailedRequest = requestId;
        RejectionReason = rejectionReason;
        Ok = null;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync()
    {
        var ct = HttpContext.RequestAborted;
        var (file, rows) = await Xlsx.ExportAsync("请假审批", ListLeaveRequests.ExportHeaders,
            ListLeaveRequests.Stream(db, Root, Filter, clock.GetUtcNow(), 50_000), ListLeaveRequests.ExportRow, ct);
        AuditEvents.Add(db, "leave_requests.export", "meeting_leave_requests", null, Root.Id, new { rows, State, From, To, Branch, Name });
        await db.SaveChangesAsync(ct);
        return File(file, Xlsx.ContentType, $"请假审批-{Root.Name}-{clock.Today():yyyyMMdd}.xlsx");
    }

    public string? OkMessage => Ok switch
    {
        "approved" => "已批准请假，已通知该党员。",
        "rejected" => "已驳回请假申请，已将驳回理由通知该党员。",
        _ => null,
    };

    /// <summary>This list with its current filters (without paging noise, the handler or the last message) and extra values.</summary>
    public string ListLink(params (string Key, string Value)[] extra) => Link(false, extra);

    public string ExportLink() => Link(true, [("handler", "Export")]);

    private string Link(bool withoutPage, (string Key, string Value)[] extra)
    {
        var parts = Request.Query.Where(kv => kv.Key is not ("handler" or "ok") && !(withoutPage && kv.Key == "p"))
            .SelectMany(kv => kv.Value.Select(v => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(v ?? "")))
            .Concat(extra.Select(e => Uri.EscapeDataString(e.Key) + "=" + Uri.EscapeDataString(e.Value)));
        var q = string.Join("&", parts);
        return "/Meetings/Leave" + (q.Length == 0 ? "" : "?" + q);
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var page = await ListLeaveRequests.PageAsync(db, Root, Filter, PageNo, PageSize, clock.GetUtcNow(), ct);
        Pager = new Pager(page.Page, page.PageSize, page.Total, Request.Query);
        Rows = page.Items;
        Organizations = await ListLeaveRequests.OrganizationsAsync(db, Root, ct);
        PendingCount = Filter == new ListLeaveRequests.Filter() ? page.Total : await ListLeaveRequests.PendingCountAsync(db, Root, ct);
    }
}
