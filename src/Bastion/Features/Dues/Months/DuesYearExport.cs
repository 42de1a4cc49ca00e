using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>The first step of every yearly dues export: the year checked, the organization found, the export audited.</summary>
public static class DuesYearExport
{
    public static async Task<Result<Organization>> StartAsync(AppDbContext db, long orgId, int year, string report, CancellationToken ct)
    {
        if (year is < 2000 or > 2100) return Result.Invalid("year", "年份不正确");
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return Result.NotFound();
        AuditEvents.Add(db, "dues.export", "organizations", org.Id, org.Id, new { year, report });
        await db.SaveChangesAsync(ct);
        return org;
    }
}
