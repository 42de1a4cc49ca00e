using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// The shared steps of the multi-level 报送 (decision 0012): the lock of an organization's 报送 slot, the direct children
/// that still have to report, and what blocks an organization's own lines (amounts not known, online records pending).
/// </summary>
public static class DuesReporting
{
    /// <summary>
    /// Takes the organization's 报送 slot for the rest of the transaction: exclusive to report it, to return one of its
    /// children's reports or to settle (the top); shared to write its own lines. A parent therefore never reports or
    /// settles over a child whose report is being returned, and no payment slips in while a branch reports.
    /// </summary>
    public static async Task LockAsync(AppDbContext db, long orgId, bool shared, CancellationToken ct)
    {
        var key = (int)(orgId % int.MaxValue);
        if (shared) await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared(hashtext({AdvisoryLocks.DuesReportingClass}), {key})", ct);
        else await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({AdvisoryLocks.DuesReportingClass}), {key})", ct);
    }

    /// <summary>The direct children of <paramref name="org"/> with lines owed in their subtree this month and no report, by name.</summary>
    public static Task<List<string>> UnreportedChildrenAsync(AppDbContext db, long monthId, Organization org, CancellationToken ct) =>
        db.Database.SqlQuery<string>($"""
            SELECT c.name AS "Value" FROM organizations c
            WHERE c.parent_id = {org.Id}
              AND EXISTS (SELECT 1 FROM dues_entries e JOIN organizations o ON o.id = e.org_id
                          WHERE e.month_id = {monthId} AND o.path <@ c.path)
              AND NOT EXISTS (SELECT 1 FROM dues_branch_reports r WHERE r.month_id = {monthId} AND r.org_id = c.id)
            ORDER BY c.sort_order, c.id
            """).ToListAsync(ct);

    /// <summary>What stops the organization's own lines from being reported or settled: an amount not known, an online record pending.</summary>
    public static async Task<Result?> OwnBlockersAsync(AppDbContext db, DuesMonth month, long orgId, CancellationToken ct)
    {
        var missing = await db.Set<DuesEntry>().CountAsync(e => e.MonthId == month.Id && e.OrgId == orgId && e.Due == null, ct);
        if (missing > 0) return Result.Refused("应交金额未确定", $"还有{missing}名党员的应交金额未确定（缺少类别、标准或基数），请先补全");
        var pending = await db.Set<DuesPayment>().CountAsync(p => p.OrgId == orgId && p.RecordedInMonth == month.Month && p.State == DuesPaymentState.待确认, ct);
        if (pending > 0) return Result.Refused("有待确认的线上缴纳", $"还有{pending}条党员线上缴纳记录待确认，请先确认或驳回");
        return null;
    }

    public sealed record Totals(int Count, decimal Due, decimal Paid);

    /// <summary>Headcount, due and paid of the month over the organization's whole subtree (its own lines and every child's).</summary>
    public static async Task<Totals> SubtreeTotalsAsync(AppDbContext db, long monthId, string path, CancellationToken ct) =>
        (await db.Database.SqlQuery<Totals>($"""
            SELECT count(*)::int AS "Count", coalesce(sum(e.due), 0) AS "Due", coalesce(sum(e.paid_amount), 0) AS "Paid"
            FROM dues_entries e JOIN organizations o ON o.id = e.org_id
            WHERE e.month_id = {monthId} AND o.path <@ CAST({path} AS ltree)
            """).ToListAsync(ct)).Single();

    /// <summary>Demo: the 党委 and 党总支 between the branches and the top report the 汇总 of a month whose branches have reported.</summary>
    public static Task<int> DemoReportAboveAsync(AppDbContext db, long monthId, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO dues_branch_reports (month_id, org_id, member_count, due_total, paid_total, reported_at, reported_by)
            SELECT {monthId}, c.id, count(*), coalesce(sum(e.due), 0), coalesce(sum(e.paid_amount), 0), {now}, 'demo'
            FROM organizations c
            JOIN organizations o ON o.path <@ c.path
            JOIN dues_entries e ON e.org_id = o.id AND e.month_id = {monthId}
            WHERE c.parent_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM dues_branch_reports r WHERE r.month_id = {monthId} AND r.org_id = c.id)
            GROUP BY c.id
            """, ct);
}
