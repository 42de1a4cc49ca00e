using System.Runtime.CompilerServices;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// The year's 收缴、上缴 report of an organization's subtree (.xlsx): per branch and started month, headcount, due, paid,
/// unpaid headcount, 往月补缴 received, voluntary/特殊党费 received, and what the branch recorded as 上缴. The 党委's
/// month-by-month 收缴、使用、上缴 and 结余 is <see cref="ExportDuesAccount"/>.
/// </summary>
public sealed class ExportDuesSummary(AppDbContext db)
{
    public static readonly DuesSheet Sheet = new("党费收缴上缴", ["支部", "月份", "应交人数", "应交（元）", "实交（元）", "未交人数", "往月补缴（元）", "自愿多交及特殊党费（元）", "上缴（元）"]);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/summary.xlsx", async (long org, int? year, ExportDuesSummary handler, TimeProvider clock, CancellationToken ct) =>
            await DuesExportFile.SendAsync(await handler.Handle(org, year ?? clock.Today().Year, ct), ct))
           .Require(Permission.DuesRead, OrgFrom.Current)
           .WithSummary("导出年度党费收缴、上缴汇总（.xlsx，按支部和月份；year 缺省为今年）");

    public async Task<Result<DuesExportFile>> Handle(long orgId, int year, CancellationToken ct = default)
    {
        var started = await DuesYearExport.StartAsync(db, orgId, year, "summary", ct);
        if (!started.IsOk) return started.Status;
        var org = started.Value;
        return new DuesExportFile($"党费收缴上缴汇总-{org.Name}-{year}.xlsx", Sheet, RowsAsync(org.Path, year, ct));
    }

    private async IAsyncEnumerable<IReadOnlyList<object?>> RowsAsync(string path, int year, [EnumeratorCancellation] CancellationToken ct)
    {
        var from = new DateOnly(year, 1, 1);
        var to = from.AddYears(1);
        var rows = db.Database.SqlQuery<Row>($"""
            SELECT o.name AS "Branch", e.month AS "Month", count(*)::int AS "Count", coalesce(sum(e.due), 0) AS "Due", coalesce(sum(e.paid_amount), 0) AS "Paid",
                   (count(*) - count(e.paid_amount))::int AS "Unpaid",
                   coalesce((SELECT sum(p.amount) FROM dues_payments p WHERE p.org_id = e.org_id AND p.recorded_in_month = e.month AND p.for_month < e.month
                              AND p.kind = '党费' AND p.state = '已确认'), 0) AS "BackPaid",
                   coalesce((SELECT sum(p.amount) FROM dues_payments p WHERE p.org_id = e.org_id AND p.recorded_in_month = e.month
                              AND p.kind <> '党费' AND p.state = '已确认'), 0) AS "Extra",
                   coalesce((SELECT sum(r.amount) FROM dues_remittances r WHERE r.org_id = e.org_id AND r.month = e.month), 0) AS "Remitted"
            FROM dues_entries e JOIN organizations o ON o.id = e.org_id
            WHERE o.path <@ CAST({path} AS ltree) AND e.month >= {from} AND e.month < {to}
            GROUP BY o.path, o.name, e.org_id, e.month
            ORDER BY o.path, e.month
            """).AsAsyncEnumerable();
        await foreach (var r in rows.WithCancellation(ct))
            yield return [r.Branch, DuesMonthRules.Code(r.Month), r.Count, r.Due, r.Paid, r.Unpaid, r.BackPaid, r.Extra, r.Remitted];
    }

    private sealed record Row(string Branch, DateOnly Month, int Count, decimal Due, decimal Paid, int Unpaid, decimal BackPaid, decimal Extra, decimal Remitted);
}
