using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// Shared lookups of the monthly cycle. A month belongs to the tenant's top 党委 (the root of the organization tree):
/// as in OWIP, where one month runs for the whole school, each 分党委/branch reports and the 组织部 settles.
/// </summary>
public static class DuesMonthsDb
{
    /// <summary>The root organization's id: the first label of an ltree path.</summary>
    public static long RootOf(string path) => long.Parse(path.Split('.')[0], CultureInfo.InvariantCulture);

    /// <summary>The root's month 启动缴费, if any.</summary>
    public static Task<DuesMonth?> OpenMonthAsync(AppDbContext db, long rootId, CancellationToken ct) =>
        db.Set<DuesMonth>().AsNoTracking().FirstOrDefaultAsync(m => m.OrgId == rootId && m.State == DuesMonthState.启动缴费, ct);

    /// <summary>
    /// Whether the organization has reported the month (its lines are locked). Inside a transaction it first takes the
    /// organization's 报送 slot shared, so a write that found it unreported commits before a report can start (0012).
    /// </summary>
    public static async Task<bool> ReportedAsync(AppDbContext db, long monthId, long branchId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null) await DuesReporting.LockAsync(db, branchId, shared: true, ct);
        return await db.Set<DuesBranchReport>().AnyAsync(r => r.MonthId == monthId && r.OrgId == branchId, ct);
    }

    /// <summary>The month to show for an organization: the given one (yyyy-MM), else the open one, else the latest started.</summary>
    public static async Task<DuesMonth?> MonthForAsync(AppDbContext db, Organization org, string? month, CancellationToken ct)
    {
        var root = RootOf(org.Path);
        var q = db.Set<DuesMonth>().AsNoTracking().Where(m => m.OrgId == root);
        if (DuesMonthRules.ParseMonth(month) is { } d) return await q.FirstOrDefaultAsync(m => m.Month == d, ct);
        return await q.Where(m => m.State != DuesMonthState.创建).OrderByDescending(m => m.Month).FirstOrDefaultAsync(ct)
            ?? await q.OrderByDescending(m => m.Month).FirstOrDefaultAsync(ct);
    }

    public static string Yuan(decimal? v) => v is { } d ? d.ToString("0.00", CultureInfo.InvariantCulture) : "—";
}
