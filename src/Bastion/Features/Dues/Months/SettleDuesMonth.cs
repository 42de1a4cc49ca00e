using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>结算: the top 党委 settles the open month once each of its direct children has reported (报送, decision 0012) and
/// its own lines (members held by the top itself) have their amounts and no pending online record.</summary>
public sealed class SettleDuesMonth(AppDbContext db, UserContext user, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/months/{id:long}/settle", async (long id, SettleDuesMonth handler, CancellationToken ct) =>
                (await handler.Handle(id, ct)).ToHttp(m => Results.Ok(DuesMonthView.Of(m))))
           .RequireRecord(Permission.DuesManage, typeof(DuesMonth))
           .WithSummary("结算党费月份（直属下级全部报送后）").Produces<DuesMonthView>();

    public async Task<Result<DuesMonth>> Handle(long monthId, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rootId = await db.Set<DuesMonth>().Where(x => x.Id == monthId).Select(x => (long?)x.OrgId).FirstOrDefaultAsync(ct);
        if (rootId is null) return Result.NotFound();
        // the top's 报送 slot first (decision 0012): no return of a child's report and no write of the top's own lines meanwhile
        await DuesReporting.LockAsync(db, rootId.Value, shared: false, ct);
        var m = await db.Set<DuesMonth>().FromSql($"SELECT * FROM dues_months WHERE id = {monthId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (m is null) return Result.NotFound();
        if (m.State != DuesMonthState.启动缴费) return Result.Conflict(m.State == DuesMonthState.已结算 ? "该月已结算" : "该月尚未启动缴费");
        var top = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == m.OrgId, ct);
        var missing = await DuesReporting.UnreportedChildrenAsync(db, m.Id, top, ct);
        if (missing.Count > 0)
            return Result.Refused("所有下级报送后才能结算", $"还有{missing.Count}个直属下级组织未报送：{DuesReportingRules.Names(missing)}");
        if (await DuesReporting.OwnBlockersAsync(db, m, top.Id, ct) is { } blocked) return blocked;
        m.State = DuesMonthState.已结算;
        m.SettledAt = clock.GetUtcNow();
        m.SettledBy = user.UserName;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return m;
    }
}
