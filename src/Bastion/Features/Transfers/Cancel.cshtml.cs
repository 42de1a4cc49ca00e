using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>The sender withdraws a waiting transfer or voids an outward letter ({id} is the transfer, kept by the sender).</summary>
[Require(Permission.MemberManage, From = OrgFrom.Record, Record = typeof(MemberTransfer))]
public sealed class CancelModel(AppDbContext db, CancelTransfer cancel, TimeProvider clock) : PageModel
{
    public ListTransfers.Row Transfer { get; private set; } = null!;
    [BindProperty] public string? Note { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        var r = await cancel.Handle(id, Note, HttpContext.RequestAborted);
        Error = r.FirstMessage;
        if (r.IsOk)
            return Redirect(Transfer.Kind == TransferKind.转出 ? $"/Transfers/Letters?voided={id}" : $"/Transfers?tab=out&cancelled={id}");
        db.ChangeTracker.Clear();
        await LoadAsync(id);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        var t = await db.MemberTransfers.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        if (t.Kind == TransferKind.转入) return NotFound();
        var name = await db.Members.AsNoTracking().Where(m => m.Id == t.MemberId).Select(m => m.Name).FirstAsync(ct);
        Transfer = ListTransfers.ToRow(t, name, clock.Today());
        return null;
    }
}
