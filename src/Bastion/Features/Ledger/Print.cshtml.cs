using Bastion.Data;
using Bastion.Security;

namespace Bastion.Features.Ledger;

/// <summary>台账 print view: the same filters as /Ledger, every matching item (up to 1000) on plain paper layout.</summary>
[SignedIn]
public sealed class PrintModel(AppDbContext db, LedgerAccess access, TimeProvider clock) : LedgerListPage(db, access, clock)
{
    private readonly AppDbContext _db = db;
    public const int Max = 1000;
    public IReadOnlyList<ListLedgerItems.Row> Rows { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var q = await QueryAsync(ct);
        Total = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(q, ct);
        Rows = await ListLedgerItems.RowsAsync(_db, ListLedgerItems.Ordered(q).Take(Max), Today, ct);
    }
}
