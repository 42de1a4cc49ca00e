using System.Runtime.CompilerServices;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// The 党委's 收缴、使用、上缴 report of a year (.xlsx, DOMAIN-2 §2.4), one row per calendar month: 收缴 = confirmed payments
/// (every kind) recorded in that month by the organization's subtree; 使用 = spendings of retained dues recorded in the
/// subtree; 上缴 = what the organization itself sent to its superior for that month (a branch's 上缴 to this 党委 stays
/// inside the subtree and is not counted); 结余 runs from the balance carried over from earlier years. Shares its first
/// step with the other yearly exports (<see cref="DuesYearExport"/>); the per-branch detail is <see cref="ExportDuesSummary"/>.
/// </summary>
public sealed class ExportDuesAccount(AppDbContext db)
{
    public static readonly DuesSheet Sheet = new("党费收缴使用上缴", ["月份", "收缴（元）", "使用（元）", "上缴（元）", "结余（元）"]);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/account.xlsx", async (long org, int? year, ExportDuesAccount handler, TimeProvider clock, CancellationToken ct) =>
            await DuesExportFile.SendAsync(await handler.Handle(org, year ?? clock.Today().Year, ct), ct))
           .Require(Permission.DuesRead, OrgFrom.Current)
           .WithSummary("导出党委年度党费收缴、使用、上缴报告（.xlsx，按月，含结余；year 缺省为今年）");

    public async Task<Result<DuesExportFile>> Handle(long orgId, int year, CancellationToken ct = default)
    {
        var started = await DuesYearExport.StartAsync(db, orgId, year, "account", ct);
        if (!started.IsOk) return started.Status;
        var org = started.Value;
        return new DuesExportFile($"党费收缴使用上缴报告-{org.Name}-{year}.xlsx", Sheet, RowsAsync(org, year, ct));
    }

    private async IAsyncEnumerable<IReadOnlyList<object?>> RowsAsync(Organization org, int year, [EnumeratorCancellation] CancellationToken ct)
    {
        var from = new DateOnly(year, 1, 1);
        var to = from.AddYears(1);
        var opening = await BalanceAsync(db, org, from, ct);
        var months = await Totals(db, org, from, to).ToListAsync(ct);
        var byMonth = months.ToDictionary(m => m.Month);
        var all = Enumerable.Range(0, 12).Select(i => from.AddMonths(i))
            .Select(m => byMonth.TryGetValue(m, out var t) ? t : new MonthTotal(m, 0, 0, 0)).ToList();
        yield return ["上年结转", null, null, null, F(opening)];
        var balances = DuesFundRules.Balances(opening, all.Select(m => (m.Collected, m.Spent, m.Remitted))).ToList();
        for (var i = 0; i < all.Count; i++)
            yield return [DuesMonthRules.Code(all[i].Month), F(all[i].Collected), F(all[i].Spent), F(all[i].Remitted), F(balances[i])];
        yield return ["全年合计", F(all.Sum(m => m.Collected)), F(all.Sum(m => m.Spent)), F(all.Sum(m => m.Remitted)), F(balances[^1])];
    }

    /// <summary>An amount as a number cell with two decimals (adding 0.00m gives the decimal the scale 2).</summary>
    private static decimal F(decimal v) => decimal.Round(v, 2, MidpointRounding.AwayFromZero) + 0.00m;

    /// <summary>
    /// THE 结余 of an organization's retained dues before <paramref name="before"/> (<see cref="DateOnly.MaxValue"/>: everything
    /// recorded so far): its subtree's 收缴 (what its branches collected and sent up stays inside the subtree) − the subtree's
    /// 使用 − the organization's own 上缴. The report's 上年结转 and the 使用 bound (<see cref="RecordDuesSpending"/>) both read it.
    /// </summary>
    public static Task<decimal> BalanceAsync(AppDbContext db, Organization org, DateOnly before, CancellationToken ct) =>
        Totals(db, org, DateOnly.MinValue, before).SumAsync(m => m.Collected - m.Spent - m.Remitted, ct);

    /// <summary>收缴, 使用 and 上缴 per month in [from, to).</summary>
    private static IQueryable<MonthTotal> Totals(AppDbContext db, Organization org, DateOnly from, DateOnly to) => db.Database.SqlQuery<MonthTotal>($"""
        SELECT x.month AS "Month", sum(x.collected) AS "Collected", sum(x.spent) AS "Spent", sum(x.remitted) AS "Remitted"
        FROM (
            SELECT p.recorded_in_month AS month, p.amount AS collected, 0::numeric AS spent, 0::numeric AS remitted
            FROM dues_payments p JOIN organizations o ON o.id = p.org_id
            WHERE o.path <@ CAST({org.Path} AS ltree) AND p.state = '已确认' AND p.recorded_in_month >= {from} AND p.recorded_in_month < {to}
            UNION ALL
            SELECT date_trunc('month', s.spent_on)::date, 0, s.amount, 0
            FROM dues_spendings s JOIN organizations o ON o.id = s.org_id
            WHERE o.path <@ CAST({org.Path} AS ltree) AND s.spent_on >= {from} AND s.spent_on < {to}
            UNION ALL
            SELECT r.month, 0, 0, r.amount FROM dues_remittances r WHERE r.org_id = {org.Id} AND r.month >= {from} AND r.month < {to}
        ) x
        GROUP BY x.month
        """);

    private sealed record MonthTotal(DateOnly Month, decimal Collected, decimal Spent, decimal Remitted);
}
