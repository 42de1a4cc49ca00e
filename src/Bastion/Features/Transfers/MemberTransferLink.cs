using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>
/// On a member's record (Members/Details, through <c>_MemberTransferLink.cshtml</c>): the transfer under way, or —
/// for those who manage members here — the link to start one. Loads here, so the view only shows.
/// </summary>
public sealed class MemberTransferLink(AppDbContext db, UserContext user) : ViewComponent
{
    /// <summary>The transfer under way (State null when none) and whether the caller may start one.</summary>
    public sealed record Link(long MemberId, TransferState? State, string? ToOrgName, string? LetterNo, bool CanManage);

    public async Task<IViewComponentResult> InvokeAsync(long memberId)
    {
        var ct = HttpContext.RequestAborted;
        var active = await db.MemberTransfers.AsNoTracking()
            .Where(t => t.MemberId == memberId).Where(TransfersDb.UnderWay)
            .Select(t => new { t.State, t.ToOrgName, t.LetterNo }).FirstOrDefaultAsync(ct);
        var canManage = user.CurrentOrg is { } org && await user.HasAsync(Permission.MemberManage, org, ct);
        return View("/Features/Transfers/_MemberTransferLinkView.cshtml", new Link(memberId, active?.State, active?.ToOrgName, active?.LetterNo, canManage));
    }
}
