using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Audit;

/// <summary>The audit viewer — only for the 审计管理员, read-only apart from verifying the chain and exporting (itself audited).</summary>
[Require(Permission.AuditRead, From = OrgFrom.None)]
public sealed class IndexModel(AppDbContext db, Database database, UserContext user, AuditCheckpointSettings checkpoints, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true, Name = "result")] public string? Outcome { get; set; }
    [BindProperty(SupportsGet = true)] public string? Org { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;

    public ListAuditEntries.Entries Result { get; private set; } = null!;
    public Pager Pager { get; private set; } = null!;
    public AuditChain.Result? Verify { get; private set; }
    /// <summary>What the viewer's roles may open: an object is linked only to a page the viewer may open.</summary>
    public IReadOnlySet<Permission> Viewer { get; private set; } = new HashSet<Permission>();
    public string? DateError { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostVerifyAsync()
    {
        Verify = await AuditChain.VerifyAsync(database.DataSource, checkpoints, HttpContext.RequestAborted);
        await LoadAsync();
        return Page();
    }

    /// <summary>The filtered rows as .xlsx, streamed; the download is itself audited.</summary>
    public async Task<IActionResult> OnGetExportAsync()
    {
        var ct = HttpContext.RequestAborted;
        var filter = Filter(1, int.MaxValue);
        var count = 0;
        var file = await Xlsx.StreamAsync("审计日志", ListAuditEntries.ExportHeaders, Rows(), ct);
        AuditEvents.Add(db, "audit.export", "audit_log", null, null,
            new { rows = count, filter = new { actor = Actor, action = Action, entity = Entity, result = Outcome, org = Org, from = From, to = To } });
        await db.SaveChangesAsync(ct);
        return File(file, Xlsx.ContentType, $"审计日志-{clock.Today():yyyyMMdd}.xlsx");

        async IAsyncEnumerable<IReadOnlyList<object?>> Rows()
        {
            await foreach (var r in ListAuditEntries.Stream(db, filter).WithCancellation(ct))
            {
                count++;
                yield return ListAuditEntries.ExportRow(r);
            }
        }
    }

    public string ExportLink()
    {
        var parts = Request.Query.Where(kv => kv.Key is not ("p" or "handler"))
            .SelectMany(kv => kv.Value.Select(v => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(v ?? "")))
            .Append("handler=Export");
        return "/Audit?" + string.Join("&", parts);
    }

    private ListAuditEntries.Filter Filter(int page, int size) => new(Actor, Entity, Action, From, To, page, size, Outcome, Org);

    private async Task LoadAsync()
    {
        const int size = 50;
        if (From is { } f && To is { } t && t < f) DateError = "结束日期不能早于开始日期";
        Viewer = (await user.GrantsAsync(HttpContext.RequestAborted)).SelectMany(g => Roles.PermissionsOf(g.Role)).ToHashSet();
        Result = DateError is null
            ? await ListAuditEntries.QueryAsync(db, Filter(Math.Max(1, PageNo), size), HttpContext.RequestAborted)
            : new ListAuditEntries.Entries(0, 1, size, []);
        Pager = new Pager(PageNo, size, Result.Total, Request.Query);
    }
}
