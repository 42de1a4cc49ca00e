using System.Runtime.CompilerServices;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// The monthly ledger (.xlsx, DOMAIN-2 §2.4): 姓名 | 支部 | 类别 | 基数 | 比例 | 应交 | 实交 | 补交(月份) | 减免(批件号) | 交至月 | 方式 | 日期,
/// one row per member owed in the organization's subtree, plus the 补交 received this month for earlier months. Streamed.
/// </summary>
public sealed class ExportDuesLedger(AppDbContext db)
{
    public static readonly DuesSheet Sheet = new("党费收缴台账", ["姓名", "支部", "类别", "基数", "比例", "应交", "实交", "补交月份", "减免批件", "交至月", "方式", "日期"]);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/ledger.xlsx", async (long org, string? month, ExportDuesLedger handler, CancellationToken ct) =>
            await DuesExportFile.SendAsync(await handler.Handle(org, month, ct), ct))
           .Require(Permission.DuesRead, OrgFrom.Current)
           .WithSummary("导出党费月度收缴台账（.xlsx；month = yyyy-MM）");

    public async Task<Result<DuesExportFile>> Handle(long orgId, string? month, CancellationToken ct = default)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return Result.NotFound();
        var m = await DuesMonthsDb.MonthForAsync(db, org, month, ct);
        if (m is null || m.State == DuesMonthState.创建) return Result.NotFound("该月份尚未启动缴费");
        AuditEvents.Add(db, "dues.export", "dues_months", m.Id, org.Id, new { month = DuesMonthRules.Code(m.Month), report = "monthly_ledger" });
        await db.SaveChangesAsync(ct);
        return new DuesExportFile($"党费收缴台账-{org.Name}-{DuesMonthRules.Code(m.Month)}.xlsx", Sheet, RowsAsync(org.Path, m, ct));
    }

    private async IAsyncEnumerable<IReadOnlyList<object?>> RowsAsync(string path, DuesMonth m, [EnumeratorCancellation] CancellationToken ct)
    {
        var rows = db.Database.SqlQuery<Row>($"""
            SELECT mem.name AS "Name", o.name AS "Branch", e.category AS "Category", e.base AS "Base", e.rate AS "Rate", e.due AS "Due",
                   p.amount AS "Paid", CASE WHEN e.month < {m.Month} THEN e.month END AS "BackMonth", d.approval_no AS "ApprovalNo",
                   e.month AS "Month", p.method AS "Method", p.paid_on AS "PaidOn", e.problem AS "Problem", e.delayed AS "Delayed"
            FROM dues_entries e
            JOIN organizations o ON o.id = e.org_id
            JOIN members mem ON mem.id = e.member_id
            LEFT JOIN dues_payments p ON p.id = e.payment_id
            LEFT JOIN dues_reductions d ON d.id = e.reduction_id
            WHERE o.path <@ CAST({path} AS ltree)
              AND (e.month_id = {m.Id} OR (e.month < {m.Month} AND p.recorded_in_month = {m.Month}))
            ORDER BY o.path, e.month DESC, mem.name, e.id
            """).AsAsyncEnumerable();
        await foreach (var r in rows.WithCancellation(ct))
            yield return [r.Name, r.Branch, r.Category ?? r.Problem, r.Base, r.Rate is { } rate ? $"{rate * 100:0.##}%" : null, r.Due, r.Paid,
                r.BackMonth is { } b ? DuesMonthRules.Code(b) : null, r.ApprovalNo, r.Paid is not null ? DuesMonthRules.Code(r.Month) : r.Delayed ? "延迟缴费" : null,
                r.Method, r.PaidOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)];
    }

    private sealed record Row(string Name, string Branch, string? Category, decimal? Base, decimal? Rate, decimal? Due, decimal? Paid, DateOnly? BackMonth,
        string? ApprovalNo, DateOnly Month, string? Method, DateOnly? PaidOn, string? Problem, bool Delayed);
}
