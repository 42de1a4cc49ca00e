using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Members;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>
/// The receiving side accepts or rejects one transfer ({id} is the transfer). The transfer belongs to the sender,
/// so the page is authorized against the receiving organization in the handler (403 outside the caller's scope).
/// </summary>
[Require(Permission.MemberManage, From = OrgFrom.None)]
public sealed class DecideModel(AppDbContext db, DecideTransfer decide, TimeProvider clock) : PageModel
{
    public ListTransfers.Row Transfer { get; private set; } = null!;
    public MemberRow Member { get; private set; } = null!;
    [BindProperty] public string? Reason { get; set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnPostAcceptAsync(long id)
    {
        var r = await decide.AcceptAsync(id, HttpContext.RequestAborted);
        if (r.IsOk) return Redirect($"/Transfers?tab=in&accepted={id}");
        return await FailAsync(id, r.Status);
    }

    public async Task<IActionResult> OnPostRejectAsync(long id)
    {
        var r = await decide.RejectAsync(id, Reason, HttpContext.RequestAborted);
        if (r.IsOk) return Redirect($"/Transfers?tab=in&rejected={id}");
        return await FailAsync(id, r.Status);
    }

    private async Task<IActionResult> FailAsync(long id, Result r)
    {
        if (r.ToStatusPage() is { } status) return status;
        db.ChangeTracker.Clear();
        if (await LoadAsync(id) is { } denied) return denied;
        if (r.Kind == ResultKind.Invalid) Errors = r.Errors!.ToDictionary();
        else Conflict = r.Message;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        var decidable = await decide.AuthorizeAsync(id, ct);
        if (decidable.ToStatusPage() is { } status) return status;
        var t = decidable.Value.Transfer;
        var m = await db.Members.AsNoTracking().FirstAsync(x => x.Id == t.MemberId, ct);
        var today = clock.Today();
        Transfer = ListTransfers.ToRow(t, m.Name, today);
        // the receiving side sees who is coming, with personal data masked
        Member = MemberQuery.ToRow(m, t.FromOrgName, full: false, today);
        return null;
    }
}
