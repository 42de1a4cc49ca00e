using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Meetings;

/// <summary>组织生活: meetings of the current organization's subtree, filtered, paged, exported to .xlsx.</summary>
[Require(Permission.MeetingRead)]
public sealed class IndexModel(AppDbContext db, UserContext user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Valid { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;
    public Organization Root => user.CurrentOrg!;
    public DateOnly Today => clock.Today();
    public IReadOnlyList<ListMeetings.Row> Rows { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public string? OrgQuery => Request.Query.TryGetValue("org", out var o) && !string.IsNullOrEmpty(o) ? o.ToString() : null;

    private ListMeetings.Filter Filter => ListMeetings.Parse(Type, State, From, To, Valid);

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        CanManage = await user.HasAsync(Permission.MeetingManage, Root, ct);
        var page = await ListMeetings.PageAsync(db, Root, Filter, PageNo, 20, ct);
        Pager = new Pager(page.Page, page.PageSize, page.Total, Request.Query);
        Rows = page.Items;
    }

    public async Task<IActionResult> OnGetExportAsync()
    {
        var ct = HttpContext.RequestAborted;
        var q = ListMeetings.Query(db, Root, Filter).AsNoTracking().OrderByDescending(m => m.HeldAt).ThenByDescending(m => m.Id).Take(50_000);
        var (file, rows) = await Xlsx.ExportAsync("组织生活", ListMeetings.ExportHeaders,
            (from m in q join o in db.Organizations on m.OrgId equals o.Id select new { m, o.Name }).AsAsyncEnumerable(),
            x => ListMeetings.ExportRow(ListMeetings.ToRow(x.m, x.Name)), ct);
        AuditEvents.Add(db, "meetings.export", "meetings", null, Root.Id, new { rows, Type, State, From, To, Valid });
        await db.SaveChangesAsync(ct);
        return File(file, Xlsx.ContentType, $"组织生活-{Root.Name}-{clock.Today():yyyyMMdd}.xlsx");
    }

    public string ExportLink()
    {
        var parts = Request.Query.Where(kv => kv.Key is not ("p" or "handler"))
            .SelectMany(kv => kv.Value.Select(v => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(v ?? "")))
            .Append("handler=Export");
        return "/Meetings?" + string.Join("&", parts);
    }
}
