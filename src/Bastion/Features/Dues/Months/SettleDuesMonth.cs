using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>结算: the top 党委 settles the open month once every branch owed to has reported (报送).</summary>
public sealed class SettleDuesMonth(AppDbContext db, UserContext user, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/months/{id:long}/settle", async (long id, SettleDuesMonth handler, CancellationToken ct) =>
                (await handler.Handle(id, ct)).ToHttp(m => Results.Ok(DuesMonthView.Of(m))))
           .RequireRecord(Permission.DuesManage, typeof(DuesMonth))
           .WithSummary("结算党费月份（所有支部报送后）").Produces<DuesMonthView>();

    public async Task<Result<DuesMonth>> Handle(long monthId, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var m = await db.Set<DuesMonth>().FromSql($"SELECT * FROM dues_months WHERE id = {monthId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (m is null) return Result.NotFound();
        if (m.State != DuesMonthState.启动缴费) return Result.Conflict(m.State == DuesMonthState.已结算 ? "该月已结算" : "该月尚未启动缴费");
        var missing = await db.Set<DuesEntry>().Where(e => e.MonthId == m.Id).Select(e => e.OrgId).Distinct()
            .Where(b => !db.Set<DuesBranchReport>().Any(r => r.MonthId == m.Id && r.OrgId == b))
            .Join(db.Organizations, b => b, o => o.Id, (b, o) => o.Name).OrderBy(n => n).ToListAsync(ct);
        if (missing.Count > 0)
            return Result.Refused("所有支部报送后才能结算",
                $"还有{missing.Count}个支部未报送：{string.Join("、", missing.Take(5))}{(missing.Count > 5 ? "等" : "")}");
        m.State = DuesMonthState.已结算;
        m.SettledAt = clock.GetUtcNow();
        m.SettledBy = user.UserName;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return m;
    }
}
