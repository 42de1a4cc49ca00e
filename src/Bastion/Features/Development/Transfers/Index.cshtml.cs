using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.Transfers;

/// <summary>
/// 发展党员转出转入 of the organization in scope: the 转出 of other branches waiting for it (待接收的发展对象转入), each with
/// the steps recorded so far for review and accept / refuse (with a reason, after a confirmation); and its own 转出
/// waiting elsewhere, which the sender may withdraw. Cards, so that a secretary decides on a phone.
/// </summary>
[Require(Permission.DevelopmentRead)]
public sealed class IndexModel(AppDbContext db, UserContext user, ListDevelopmentTransfers list) : PageModel
{
    /// <summary>"in" (default) or "out".</summary>
    [BindProperty(SupportsGet = true)] public string? Tab { get; set; }
    [BindProperty(SupportsGet = true)] public bool All { get; set; }
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public Organization Root => user.CurrentOrg!;
    public bool Outgoing => Tab == "out";
    public IReadOnlyList<ListDevelopmentTransfers.Item> Items { get; private set; } = [];
    /// <summary>The transfer whose refusal failed (its reason field shows the error).</summary>
    public long? FailedId { get; private set; }
    public string? FailedReason { get; private set; }
    public string? OrgQuery => Request.Query.TryGetValue("org", out var o) && !string.IsNullOrEmpty(o) ? o.ToString() : null;

    public async Task OnGetAsync() => Items = await list.Handle(!Outgoing, All, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAcceptAsync(long transfer, [FromServices] DecideDevelopmentTransfer decide)
    {
        var result = await decide.AcceptAsync(transfer, HttpContext.RequestAborted);
        if (result.ToStatusPage() is { } status) return status;
        if (result.IsOk) return Redirect($"/Development/Case/{result.Value.Id}?done=transferred");
        return await AgainAsync(transfer, result.Status, null);
    }

    public async Task<IActionResult> OnPostRefuseAsync(long transfer, string? reason, [FromServices] DecideDevelopmentTransfer decide)
    {
        var result = await decide.RefuseAsync(transfer, reason, HttpContext.RequestAborted);
        if (result.ToStatusPage() is { } status) return status;
        if (result.IsOk) return Redirect(Link("in", "refused"));
        return await AgainAsync(transfer, result.Status, reason);
    }

    /// <summary>The sender withdraws (DevelopmentManage on the case's branch, checked here as the case page's form is).</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(long transfer, [FromServices] WithdrawDevelopmentTransfer withdraw)
    {
        var ct = HttpContext.RequestAborted;
        var t = await db.Set<DevelopmentTransfer>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == transfer, ct);
        var from = t is null ? null : await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == t.FromOrgId, ct);
        if (from is null || !await user.HasAsync(Permission.DevelopmentRead, from, ct)) return NotFound();
        if (!await user.HasAsync(Permission.DevelopmentManage, from, ct)) return StatusCode(StatusCodes.Status403Forbidden);
        var result = await withdraw.Handle(t!.CaseId, ct);
        if (result.ToStatusPage() is { } status) return status;
        if (result.IsOk) return Redirect(Link("out", "withdrawn"));
        Tab = "out";
        return await AgainAsync(transfer, result.Status, null);
    }

    private async Task<IActionResult> AgainAsync(long transfer, Result failure, string? reason)
    {
        FailedId = transfer;
        FailedReason = reason;
        failure.AddTo(ModelState, "Decide");
        Items = await list.Handle(!Outgoing, All, HttpContext.RequestAborted);
        return Page();
    }

    public string? Error(string field) => DevelopmentUi.Error(ModelState, "Decide", field);

    public IEnumerable<string> FormErrors => DevelopmentUi.FormErrors(ModelState, "Decide");

    public string Link(string tab, string? done = null)
    {
        var parts = new List<string>();
        if (OrgQuery is { } o) parts.Add("org=" + Uri.EscapeDataString(o));
        if (tab == "out") parts.Add("tab=out");
        if (done is not null) parts.Add("done=" + done);
        return "/Development/Transfers" + (parts.Count > 0 ? "?" + string.Join("&", parts) : "");
    }
}
