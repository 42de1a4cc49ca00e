using Bastion.Data;
using Bastion.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// On a branch's month page: the last 退回 of its report in that month while it is not reported again — who returned it,
/// when and why — so the branch knows what to correct before it reports again (decision 0012). Loads here, the view shows.
/// </summary>
public sealed class DuesReportReturnNotice(AppDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(long monthId, long orgId)
    {
        var ct = HttpContext.RequestAborted;
        var reported = await db.Set<DuesBranchReport>().AsNoTracking().AnyAsync(r => r.MonthId == monthId && r.OrgId == orgId, ct);
        var back = reported ? null : await db.Set<DuesReportReturn>().AsNoTracking()
            .Where(r => r.MonthId == monthId && r.OrgId == orgId).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        return View("/Features/Dues/Months/_DuesReportReturnNotice.cshtml", back);
    }
}
