using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// Demo of the monthly cycle (deterministic): last month settled (a few members' lines marked 延迟, so they show as
/// 往月应补缴), this month started with two thirds of each branch paid. Where the demo has no dues standard, category or
/// base yet, it adds the national standard and a 在职 base per member (deterministic by member id).
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

        var user = new UserContext(new HttpContextAccessor(), db);
        var thisMonth = DuesMonthRules.MonthOf(today);
        var last = thisMonth.AddMonths(-1);

        var lastMonth = (await new CreateDuesMonth(db, user, clock).Handle(root.Id, new CreateDuesMonth.Request(DuesMonthRules.Code(last)), ct)).Value;
        await new StartDuesMonth(db, user, clock).Handle(lastMonth.Id, ct);
        await PayAsync(db, user, clock, lastMonth.Id, keep: 10, ct);
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
        foreach (var b in await db.Set<DuesEntry>().Where(e => e.MonthId == lastMonth.Id).Select(e => e.OrgId).Distinct().OrderBy(x => x).ToListAsync(ct))
            await new ReportDuesBranch(db, user, clock).Handle(b, ct);
        await new SettleDuesMonth(db, user, clock).Handle(lastMonth.Id, ct);

        var current = (await new CreateDuesMonth(db, user, clock).Handle(root.Id, new CreateDuesMonth.Request(DuesMonthRules.Code(thisMonth)), ct)).Value;
        await new StartDuesMonth(db, user, clock).Handle(current.Id, ct);
        await PayAsync(db, user, clock, current.Id, keep: 3, ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>Records cash payments for every line but each <paramref name="keep"/>-th (by id), with receipt numbers.</summary>
    private static async Task PayAsync(AppDbContext db, UserContext user, TimeProvider clock, long monthId, int keep, CancellationToken ct)
    {
        var lines = await db.Set<DuesEntry>().AsNoTracking().Where(e => e.MonthId == monthId && e.Due != null && e.Due > 0).OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.Due }).ToListAsync(ct);
        var pay = new RecordDuesPayment(db, user, clock);
        var n = 0;
        foreach (var l in lines)
        {
            if (++n % keep == 0) continue;
            await pay.Handle(l.Id, new RecordDuesPayment.Request(l.Due, n % 4 == 0 ? "银行转账" : "现金", $"DF{monthId:D2}-{n:D4}", null, null, null, null), ct);
            db.ChangeTracker.Clear();
        }
    }
}
