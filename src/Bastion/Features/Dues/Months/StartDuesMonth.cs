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

        var snapshot = await SnapshotAsync(db, m, root, ct);
        m.State = DuesMonthState.启动缴费;
        m.StartedAt = clock.GetUtcNow();
        m.StartedBy = user.UserName;
        m.MemberCount = snapshot.Rows;
        m.ProblemCount = snapshot.Problems;
        AuditEvents.Add(db, "dues.month.start", "dues_months", m.Id, m.OrgId, new { month = DuesMonthRules.Code(m.Month), members = snapshot.Rows, problems = m.ProblemCount });
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

    /// <summary>The rows written by the snapshot and, of those, the ones without an amount (a problem to fix).</summary>
    public readonly record struct Snapshot(int Rows, int Problems);

    /// <summary>
    /// The snapshot: one INSERT … SELECT of every member owed in the subtree at <paramref name="rootPath"/>, counting the
    /// rows and the problems from its RETURNING. Set-based for a whole tenant (1M members: bench/README.md "Dues"): the
    /// lines come from the SQL function <c>dues_month_lines</c> (migration 0057, also read by <see cref="DuesLateEntries"/>),
    /// written in member order (the unique (member_id, month_id) index and the member key checks then walk their pages in
    /// order); JIT is off for the statement (its planning alone took seconds for a plan run once); the command may run
    /// longer than the default 30 s.
    /// </summary>
    public static async Task<Snapshot> SnapshotAsync(AppDbContext db, DuesMonth m, string rootPath, CancellationToken ct)
    {
        var month = m.Month;
        if (db.Database.CurrentTransaction is not null) await db.Database.ExecuteSqlRawAsync("SET LOCAL jit = off", ct);
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        try
        {
            var r = await db.Database.SqlQuery<Counts>($"""
                WITH ins AS (
                    INSERT INTO dues_entries (month_id, month, member_id, org_id, member_org_id, category, base, rate, assessed, due, table_id, problem, reduction_id)
                    SELECT {m.Id}, {month}, l.member_id, l.branch_id, l.org_id, l.category, l.base, l.rate, l.assessed, l.due, l.table_id, l.problem, l.reduction_id
                    FROM dues_month_lines({month}, CAST({rootPath} AS ltree)) l
                    ORDER BY l.member_id
                    RETURNING due)
                SELECT count(*)::int AS "Rows", (count(*) FILTER (WHERE due IS NULL))::int AS "Problems" FROM ins
                """).ToListAsync(ct);
            return new Snapshot(r[0].Rows, r[0].Problems);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    private sealed record Counts(int Rows, int Problems);
}
