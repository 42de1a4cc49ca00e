using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// 上缴 section of a month page (<c>@await Component.InvokeAsync("DuesRemittances", new { orgId, month })</c>): what the
/// organization's subtree collected in the month, what it remitted, each 上缴 record, and — for those who manage dues — the
/// form, which posts to <c>/Dues/Months/Remit/{orgId}</c> (errors are shown there, beside the fields). The month page
/// authorized the organization.
/// </summary>
public sealed class DuesRemittancesViewComponent(AppDbContext db, UserContext user) : ViewComponent
{
    public sealed record Model(long OrgId, string Month, decimal Collected, decimal Remitted, IReadOnlyList<DuesRemittance> Records, bool CanManage, string ReturnUrl);

    public async Task<IViewComponentResult> InvokeAsync(long orgId, string month)
    {
        var ct = HttpContext.RequestAborted;
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == orgId, ct);
        var m = DuesMonthRules.ParseMonth(month)!.Value;
        var (collected, remitted) = await RecordDuesRemittance.OpenAmountsAsync(db, org, m, ct);
        var records = await db.Set<DuesRemittance>().AsNoTracking().Where(r => r.OrgId == orgId && r.Month == m).OrderBy(r => r.Id).ToListAsync(ct);
        var canManage = await user.HasAsync(Permission.DuesManage, org, ct);
        return View("/Features/Dues/Months/_DuesRemittances.cshtml",
            new Model(orgId, month, collected, remitted, records, canManage, HttpContext.Request.Path + HttpContext.Request.QueryString));
    }
}
