using System.Runtime.CompilerServices;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>The per-member annual statement (.xlsx): each member's due and paid per month of the year, and the totals.</summary>
public sealed class ExportDuesStatement(AppDbContext db)
{
    public static readonly DuesSheet Sheet = new("党员年度党费",
        ["姓名", "支部", .. Enumerable.Range(1, 12).Select(m => $"{m}月实交"), "全年应交", "全年实交", "未交月数"]);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/statement.xlsx", async (long org, int? year, ExportDuesStatement handler, TimeProvider clock, CancellationToken ct) =>
            await DuesExportFile.SendAsync(await handler.Handle(org, year ?? clock.Today().Year, ct), ct))
           .Require(Permission.DuesRead, OrgFrom.Current)
           .WithSummary("导出党员年度党费缴纳明细（.xlsx；year 缺省为今年）");

    public async Task<Result<DuesExportFile>> Handle(long orgId, int year, CancellationToken ct = default)
    {
        var started = await DuesYearExport.StartAsync(db, orgId, year, "statement", ct);
        if (!started.IsOk) return started.Status;
        var org = started.Value;
        return new DuesExportFile($"党员年度党费-{org.Name}-{year}.xlsx", Sheet, RowsAsync(org.Path, year, ct));
    }

    private async IAsyncEnumerable<IReadOnlyList<object?>> RowsAsync(string path, int year, [EnumeratorCancellation] CancellationToken ct)
    {
        var from = new DateOnly(year, 1, 1);
        var to = from.AddYears(1);
        var rows = db.Database.SqlQuery<Row>($"""
            SELECT mem.name AS "Name", (array_agg(o.name ORDER BY e.month DESC))[1] AS "Branch",
                   array_agg(extract(month FROM e.month)::int ORDER BY e.month) AS "Months",
                   array_agg(coalesce(e.paid_amount, -1) ORDER BY e.month) AS "Paid",
                   coalesce(sum(e.due), 0) AS "Due", coalesce(sum(e.paid_amount), 0) AS "PaidTotal",
                   (count(*) - count(e.paid_amount))::int AS "Unpaid"
            FROM dues_entries e JOIN organizations o ON o.id = e.org_id JOIN members mem ON mem.id = e.member_id
            WHERE o.path <@ CAST({path} AS ltree) AND e.month >= {from} AND e.month < {to}
            GROUP BY e.member_id, mem.name
            ORDER BY 2, mem.name
            """).AsAsyncEnumerable();
        await foreach (var r in rows.WithCancellation(ct))
        {
            var cells = new object?[17];
            cells[0] = r.Name;
            cells[1] = r.Branch;
            for (var i = 0; i < r.Months.Length; i++) cells[1 + r.Months[i]] = r.Paid[i] < 0 ? "未交" : r.Paid[i];
            cells[14] = r.Due;
            cells[15] = r.PaidTotal;
            cells[16] = r.Unpaid;
            yield return cells;
        }
    }

    private sealed record Row(string Name, string Branch, int[] Months, decimal[] Paid, decimal Due, decimal PaidTotal, int Unpaid);
}
