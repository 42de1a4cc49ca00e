using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// 启动缴费: refused while another month of the top 党委 is unsettled. Snapshots every member owed in one
/// INSERT … SELECT from <c>dues_assessment</c> (branch, category, base, rate, amount; members with a problem are kept
/// with no amount, for the branch to fix). Skipped: months a transfer letter's 党费交至 already covers (nobody pays a
/// month twice). An approved 少交/免交 for the month replaces the amount. Later transfers never rewrite the rows.
/// </summary>
public sealed class StartDuesMonth(AppDbContext db, UserContext user, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/months/{id:long}/start", async (long id, StartDuesMonth handler, CancellationToken ct) =>
                (await handler.Handle(id, ct)).ToHttp(m => Results.Ok(DuesMonthView.Of(m))))
           .RequireRecord(Permission.DuesManage, typeof(DuesMonth))
           .WithSummary("启动党费月份：快照每名党员的支部、类别、基数和应交金额").Produces<DuesMonthView>();

    public async Task<Result<DuesMonth>> Handle(long monthId, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var m = await db.Set<DuesMonth>().FromSql($"SELECT * FROM dues_months WHERE id = {monthId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (m is null) return Result.NotFound();
        if (m.State != DuesMonthState.创建) return Result.Conflict($"{DuesMonthRules.Month(m.Month)}已{(m.State == DuesMonthState.已结算 ? "结算" : "启动")}");
        var unsettled = await db.Set<DuesMonth>().AsNoTracking()
            .Where(o => o.OrgId == m.OrgId && o.Id != m.Id && o.State == DuesMonthState.启动缴费).Select(o => (DateOnly?)o.Month).FirstOrDefaultAsync(ct);
        if (unsettled is { } u)
            return Result.Refused("同一时间只能有一个月份在缴费", $"{DuesMonthRules.Month(u)}尚未结算，结算后才能启动{DuesMonthRules.Month(m.Month)}");
        var root = await db.Organizations.AsNoTracking().Where(o => o.Id == m.OrgId).Select(o => o.Path).FirstAsync(ct);

        var rows = await SnapshotAsync(db, m, root, ct);
        m.State = DuesMonthState.启动缴费;
        m.StartedAt = clock.GetUtcNow();
        m.StartedBy = user.UserName;
        m.MemberCount = rows;
        m.ProblemCount = await db.Set<DuesEntry>().CountAsync(e => e.MonthId == m.Id && e.Due == null, ct);
        AuditEvents.Add(db, "dues.month.start", "dues_months", m.Id, m.OrgId, new { month = DuesMonthRules.Code(m.Month), members = rows, problems = m.ProblemCount });
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Result.Refused("同一时间只能有一个月份在缴费", "另一个月份刚刚启动，请刷新后再试");
        }
        return m;
    }

    /// <summary>The snapshot: one INSERT … SELECT of every member owed in the subtree at <paramref name="rootPath"/>; returns the rows.</summary>
    public static async Task<int> SnapshotAsync(AppDbContext db, DuesMonth m, string rootPath, CancellationToken ct)
    {
        var month = m.Month;
        return await db.Database.ExecuteSqlAsync($"""
            INSERT INTO dues_entries (month_id, month, member_id, org_id, member_org_id, category, base, rate, assessed, due, table_id, problem, reduction_id)
            SELECT {m.Id}, {month}, a.member_id, a.branch_id, a.org_id, a.category, a.base, a.rate, a.amount,
                   CASE WHEN r.id IS NOT NULL THEN least(r.amount, coalesce(a.amount, r.amount)) ELSE a.amount END,
                   a.table_id, CASE WHEN r.id IS NOT NULL THEN NULL ELSE a.problem END, r.id
            FROM dues_assessment({month}, CAST({rootPath} AS ltree)) a
            LEFT JOIN (SELECT t.member_id, max(t.dues_paid_to) AS paid_to FROM member_transfers t
                       WHERE t.dues_paid_to >= {month} AND t.state IN ('已转入','已接收') GROUP BY t.member_id) p ON p.member_id = a.member_id
            LEFT JOIN LATERAL (SELECT d.id, d.amount FROM dues_reductions d
                               WHERE d.member_id = a.member_id AND d.state = '已批准' AND {month} BETWEEN d.from_month AND d.to_month
                               ORDER BY d.id DESC LIMIT 1) r ON true
            WHERE p.member_id IS NULL
            """, ct);
    }
}
