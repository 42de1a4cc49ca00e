using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// Demo of the monthly cycle (deterministic): the three months before this one settled — the same tenth of the members
/// unpaid in each, so the arrears list shows them (3 months: 警告) and last month's unpaid lines are marked 延迟 (往月应补缴
/// this month) —, this month started with two thirds of each branch paid and the demo member's own online payment
/// waiting for the collector's confirmation. Where the demo has no dues standard, category or base yet, it adds the
/// national standard and a 在职 base per member (deterministic by member id). One branch's report of this month has been
/// returned by its 党委 and not reported again (<see cref="ReturnedBranch"/>).
/// </summary>
public static class DemoDuesMonths
{
    public static async Task SeedAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = clock.Today();
        var root = await db.Organizations.AsNoTracking().Where(o => o.ParentId == null).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).FirstAsync(ct);
        if (!await db.Set<DuesRateTable>().AnyAsync(ct))
            await DuesRateTables.SeedNationalAsync(db, new DateOnly(today.Year - 1, 1, 1), now, "demo", ct);
        var members = await db.Members.AsNoTracking().Where(m => !db.Set<DuesProfile>().Any(p => p.MemberId == m.Id)).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.Name }).ToListAsync(ct);
        foreach (var m in members)
        {
            var retired = m.Id % 11 == 0;
            db.Add(new DuesProfile { MemberId = m.Id, Category = retired ? DuesCategory.离退休 : DuesCategory.在职, UpdatedAt = now, UpdatedBy = "demo" });
            var pay = 2600m + m.Id * 373 % 9400;
            var tax = Math.Round(Math.Max(0, pay - 5000) * 0.03m, 2);
            db.Add(new DuesBase
            {
                MemberId = m.Id, Year = today.Year - 1, FromMonth = 1, Pay = pay, TaxWithheld = tax, Base = pay - tax,
                Source = DuesBaseSource.手工, CreatedAt = now, CreatedBy = "demo",
            });
        }
        await db.SaveChangesAsync(ct);

        var thisMonth = DuesMonthRules.MonthOf(today);
        var last = thisMonth.AddMonths(-1);
        var own = await db.Users.AsNoTracking().Where(u => u.UserName == "member").Select(u => u.MemberId).FirstOrDefaultAsync(ct);

        // written directly (the seed runs inside the first-run transaction, where the use cases cannot open their own)
        foreach (var earlier in new[] { last.AddMonths(-2), last.AddMonths(-1) })
        {
            var settled = await StartAsync(db, root, earlier, now, ct);
            await PayAsync(db, settled, keep: 10, now, ct);
            await ReportAndSettleAsync(db, settled, now, ct);
        }
        var lastMonth = await StartAsync(db, root, last, now, ct);
        await PayAsync(db, lastMonth, keep: 10, now, ct);
        // a few unpaid lines of last month are marked 延迟 (往月应补缴 this month); lines without an amount get one
        var unpaid = await db.Set<DuesEntry>().Where(e => e.MonthId == lastMonth.Id && e.PaidAmount == null).OrderBy(e => e.Id).ToListAsync(ct);
        foreach (var e in unpaid)
        {
            e.Due ??= 0.20m;
            e.Problem = null;
            e.Delayed = true;
            e.DelayRemark = "外出务工，下月补交";
        }
        await db.SaveChangesAsync(ct);
        await ReportAndSettleAsync(db, lastMonth, now, ct);

        var current = await StartAsync(db, root, thisMonth, now, ct);
        await PayAsync(db, current, keep: 3, now, ct, unpaid: own);
        // the demo member paid online and waits for the collector (确认到账 on the branch's page)
        if (await db.Set<DuesEntry>().FirstOrDefaultAsync(e => e.MonthId == current.Id && e.MemberId == own && e.Due > 0, ct) is { } mine)
            db.Add(new DuesPayment
            {
                OrgId = mine.OrgId, MemberId = mine.MemberId, EntryId = mine.Id, ForMonth = mine.Month, RecordedInMonth = current.Month, Kind = DuesPaymentKind.党费,
                State = DuesPaymentState.待确认, Amount = mine.Due!.Value, Method = DuesPayMethod.线上支付, ReceiptNo = "WX" + thisMonth.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture) + "0001",
                PaidOn = ChineseDates.DayOf(now), RecordedAt = now, RecordedBy = "member",
            });
        await db.SaveChangesAsync(ct);
        await ReturnedReportAsync(db, current, now, ct);
    }

    /// <summary>
    /// This month's report of 机电运输党支部 (a branch no browser journey's members belong to) returned by its 党委 with a
    /// reason and not yet reported again: the 党委's list shows it 已退回, the branch's page the reason (decision 0012).
    /// </summary>
    private static async Task ReturnedReportAsync(AppDbContext db, DuesMonth month, DateTimeOffset now, CancellationToken ct)
    {
        var branch = await db.Organizations.AsNoTracking().Where(o => o.Name == ReturnedBranch && o.ParentId != null).OrderBy(o => o.Id).FirstOrDefaultAsync(ct);
        if (branch is null || !await db.Set<DuesEntry>().AnyAsync(e => e.MonthId == month.Id && e.OrgId == branch.Id, ct)) return;
        db.Add(new DuesReportReturn
        {
            MonthId = month.Id, OrgId = branch.Id, ByOrgId = branch.ParentId!.Value, Reason = "现金收据DF存根与登记金额不一致，请核对后重新报送",
            ReportedAt = now.AddHours(-3), ReportedBy = "demo", ReturnedAt = now.AddHours(-1), ReturnedBy = "org",
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The demo branch whose report of this month waits to be reported again.</summary>
    public const string ReturnedBranch = "机电运输党支部";

    /// <summary>Every branch of the month reports, then the 党委/党总支 above them (汇总报送), and the month is settled.</summary>
    private static async Task ReportAndSettleAsync(AppDbContext db, DuesMonth month, DateTimeOffset now, CancellationToken ct)
    {
        var branches = await db.Set<DuesEntry>().Where(e => e.MonthId == month.Id).GroupBy(e => e.OrgId)
            .Select(g => new { OrgId = g.Key, Count = g.Count(), Due = g.Sum(e => e.Due ?? 0), Paid = g.Sum(e => e.PaidAmount ?? 0) }).ToListAsync(ct);
        foreach (var b in branches)
            db.Add(new DuesBranchReport { MonthId = month.Id, OrgId = b.OrgId, MemberCount = b.Count, DueTotal = b.Due, PaidTotal = b.Paid, ReportedAt = now, ReportedBy = "demo" });
        month.State = DuesMonthState.已结算;
        month.SettledAt = now;
        month.SettledBy = "demo";
        await db.SaveChangesAsync(ct);
        await DuesReporting.DemoReportAboveAsync(db, month.Id, now, ct);
    }

    private static async Task<DuesMonth> StartAsync(AppDbContext db, Organization root, DateOnly month, DateTimeOffset now, CancellationToken ct)
    {
        var m = new DuesMonth { OrgId = root.Id, Month = month, State = DuesMonthState.创建, CreatedAt = now, CreatedBy = "demo" };
        db.Add(m);
        await db.SaveChangesAsync(ct);
        (m.MemberCount, m.ProblemCount) = await StartDuesMonth.SnapshotAsync(db, m, root.Path, ct);
        m.State = DuesMonthState.启动缴费;
        m.StartedAt = now;
        m.StartedBy = "demo";
        await db.SaveChangesAsync(ct);
        return m;
    }

    /// <summary>Cash (every fourth by bank transfer) payments for every line but each <paramref name="keep"/>-th (by id) and <paramref name="unpaid"/>'s, with receipt numbers.</summary>
    private static async Task PayAsync(AppDbContext db, DuesMonth month, int keep, DateTimeOffset now, CancellationToken ct, long? unpaid = null)
    {
        var lines = await db.Set<DuesEntry>().Where(e => e.MonthId == month.Id && e.Due != null && e.Due > 0).OrderBy(e => e.Id).ToListAsync(ct);
        var n = 0;
        var paidOn = ChineseDates.DayOf(now) < month.Month.AddDays(4) ? ChineseDates.DayOf(now) : month.Month.AddDays(4);
        var payments = new List<(DuesEntry Entry, DuesPayment Payment)>();
        foreach (var e in lines)
        {
            if (++n % keep == 0 || e.MemberId == unpaid) continue;
            var p = new DuesPayment
            {
                OrgId = e.OrgId, MemberId = e.MemberId, EntryId = e.Id, ForMonth = e.Month, RecordedInMonth = month.Month, Kind = DuesPaymentKind.党费,
                State = DuesPaymentState.已确认, Amount = e.Due!.Value, Method = n % 4 == 0 ? DuesPayMethod.银行转账 : DuesPayMethod.现金,
                ReceiptNo = "DF" + month.Month.ToString("yyMM", System.Globalization.CultureInfo.InvariantCulture) + "-" + n.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), PaidOn = paidOn, RecordedAt = now, RecordedBy = "demo", ConfirmedAt = now, ConfirmedBy = "demo",
            };
            db.Add(p);
            payments.Add((e, p));
        }
        await db.SaveChangesAsync(ct);
        foreach (var (e, p) in payments)
        {
            e.PaidAmount = p.Amount;
            e.PaidOn = p.PaidOn;
            e.PaymentId = p.Id;
        }
        await db.SaveChangesAsync(ct);
    }
}
