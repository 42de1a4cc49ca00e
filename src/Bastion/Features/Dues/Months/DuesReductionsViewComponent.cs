using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// 少交/免交 section of a member's dues page (<c>@await Component.InvokeAsync("DuesReductions", new { memberId })</c>): the
/// requests with their state, and — for those who manage the member's dues — the 申请 form (posted to the page's
/// <c>Reduction</c> handler, whose errors stand in the page's ModelState under <c>Reduction.*</c>). The page authorized the member.
/// </summary>
public sealed class DuesReductionsViewComponent(AppDbContext db, ListDuesReductions list, UserContext user) : ViewComponent
{
    public sealed record Model(long MemberId, IReadOnlyList<ListDuesReductions.Item> Items, bool CanManage, bool CanDecide);

    public async Task<IViewComponentResult> InvokeAsync(long memberId)
    {
        var ct = HttpContext.RequestAborted;
        var orgId = await db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => m.OrgId).FirstAsync(ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == orgId, ct);
        var items = await list.ForMemberAsync(memberId, ct);
        return View("/Features/Dues/Months/_DuesReductions.cshtml", new Model(memberId, items,
            await user.HasAsync(Permission.DuesManage, org, ct), await user.HasAsync(Permission.DuesConfigure, org, ct)));
    }
}
