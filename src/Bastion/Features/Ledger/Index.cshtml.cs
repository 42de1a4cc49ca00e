using Bastion.Data;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;

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
        var q = ListLedgerItems.Ordered(await QueryAsync(ct)).Take(50_000);
        var rows = await ListLedgerItems.RowsAsync(_db, q, Today, ct);
        AuditEvents.Add(_db, "ledger.export", "ledger_items", null, Root?.Id, new { rows = rows.Count, view = ViewKey, Source, State, Q });
        await _db.SaveChangesAsync(ct);
        return File(ListLedgerItems.ToXlsx(rows), Xlsx.ContentType, $"台账-{ViewTitle}-{Today:yyyyMMdd}.xlsx");
    }
}
