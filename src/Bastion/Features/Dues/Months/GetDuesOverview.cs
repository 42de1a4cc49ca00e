using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// The 党委's month across its subtree: each branch owed to, its headcount, due, paid, unpaid, 往月补缴 received, whether
/// it has reported; the totals; and the month's state (and the months of the top 党委 to choose from).
/// </summary>
public sealed class GetDuesOverview(AppDbContext db)
{
    public sealed record BranchRow(long BranchId, string Name, int Count, int PaidCount, decimal Due, decimal Paid, decimal BackPaid, bool Reported, DateTimeOffset? ReportedAt);

    public sealed record Response(long OrgId, string OrgName, bool IsTop, DuesMonthView? Month, IReadOnlyList<DuesMonthView> Months, IReadOnlyList<BranchRow> Branches,
        int Count, int PaidCount, decimal Due, decimal Paid, decimal BackPaid, int Reported, DateTimeOffset AsOf);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/overview", async (long org, string? month, GetDuesOverview handler, TimeProvider clock, CancellationToken ct) =>
                (await handler.Handle(org, month, clock.GetUtcNow(), ct)).ToHttp())
           .Require(Permission.DuesRead, OrgFrom.Current)
           .WithSummary("党委本月党费：下属各支部报送、应交、实交、合计（month = yyyy-MM）").Produces<Response>();

    public async Task<Result<Response>> Handle(long orgId, string? month, DateTimeOffset now, CancellationToken ct = default)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return Result.NotFound();
        var root = DuesMonthsDb.RootOf(org.Path);
        var months = await db.Set<DuesMonth>().AsNoTracking().Where(x => x.OrgId == root).OrderByDescending(x => x.Month).Take(36).ToListAsync(ct);
        var m = await DuesMonthsDb.MonthForAsync(db, org, month, ct);
        if (m is null) return new Response(org.Id, org.Name, org.ParentId is null, null, months.Select(DuesMonthView.Of).ToList(), [], 0, 0, 0, 0, 0, 0, now);
        var path = org.Path;
        var rows = await db.Database.SqlQuery<BranchRow>($"""
            SELECT e.org_id AS "BranchId", o.name AS "Name", count(*)::int AS "Count", count(e.paid_amount)::int AS "PaidCount",
                   coalesce(sum(e.due), 0) AS "Due", coalesce(sum(e.paid_amount), 0) AS "Paid",
                   coalesce((SELECT sum(p.amount) FROM dues_payments p WHERE p.org_id = e.org_id AND p.recorded_in_month = {m.Month}
                              AND p.for_month < {m.Month} AND p.kind = '党费' AND p.state = '已确认'), 0) AS "BackPaid",
                   (r.id IS NOT NULL) AS "Reported", r.reported_at AS "ReportedAt"
            FROM dues_entries e
            JOIN organizations o ON o.id = e.org_id
            LEFT JOIN dues_branch_reports r ON r.month_id = e.month_id AND r.org_id = e.org_id
            WHERE e.month_id = {m.Id} AND o.path <@ CAST({path} AS ltree)
            GROUP BY e.org_id, o.name, o.path, r.id, r.reported_at
            ORDER BY o.path
            """).ToListAsync(ct);
        return new Response(org.Id, org.Name, org.ParentId is null, DuesMonthView.Of(m), months.Select(DuesMonthView.Of).ToList(), rows,
            rows.Sum(r => r.Count), rows.Sum(r => r.PaidCount), rows.Sum(r => r.Due), rows.Sum(r => r.Paid), rows.Sum(r => r.BackPaid),
            rows.Count(r => r.Reported), now);
    }
}
