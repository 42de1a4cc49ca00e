using Bastion.Data;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Ledger;

/// <summary>台账: the items the account may see, as a table or a board (kanban by state), paged, exported to .xlsx.</summary>
[SignedIn]
public sealed class IndexModel(AppDbContext db, LedgerAccess access, UserContext user, TimeProvider clock) : LedgerListPage(db, access, clock)
{
    private readonly AppDbContext _db = db;

    [BindProperty(SupportsGet = true)] public string? Layout { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;
    public bool Board => Layout == "board";
    public IReadOnlyList<ListLedgerItems.Row> Rows { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;
    public bool CanCreate { get; private set; }
    public bool CanRead { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var q = await QueryAsync(ct);
        CanRead = Root is not null;
        CanCreate = Root is not null && await user.HasAsync(Domain.Permission.LedgerManage, Root, ct);
        var page = await ListLedgerItems.PageAsync(_db, q, Today, PageNo, Board ? 60 : 20, ct);
        Pager = new Pager(page.Page, page.PageSize, page.Total, Request.Query);
        Rows = page.Items;
    }

    public async Task<IActionResult> OnGetExportAsync()
    {
        var ct = HttpContext.RequestAborted;
        var q = ListLedgerItems.Ordered((await QueryAsync(ct)).AsNoTracking()).Take(50_000);
        var (file, rows) = await Xlsx.ExportAsync("台账", ListLedgerItems.ExportHeaders,
            (from i in q join o in _db.Organizations on i.OrgId equals o.Id select new { i, o.Name }).AsAsyncEnumerable(),
            x => ListLedgerItems.ExportRow(ListLedgerItems.ToRow(x.i, x.Name, Today)), ct);
        AuditEvents.Add(_db, "ledger.export", "ledger_items", null, Root?.Id, new { rows, view = ViewKey, Source, State, Q });
        await _db.SaveChangesAsync(ct);
        return File(file, Xlsx.ContentType, $"台账-{ViewTitle}-{Today:yyyyMMdd}.xlsx");
    }
}
