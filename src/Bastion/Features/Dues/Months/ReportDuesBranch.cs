using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// 报送 (decision 0012): an organization below the top 党委 reports the open month to its parent; its data for the month
/// locks. A branch reports its own lines; a 党委 or 党总支 reports its own lines and the 汇总 of its subtree (汇总报送) once
/// each of its direct children has reported. Refused while a line has no amount (fix it first) or a member's own online
/// record waits for confirmation. Unpaid lines stay unpaid (they may be marked 延迟). The top 党委 settles instead.
/// Under the organization's 报送 slot (<see cref="DuesReporting.LockAsync"/>): no payment of its lines and no return of
/// one of its children's reports runs meanwhile.
/// </summary>
public sealed class ReportDuesBranch(AppDbContext db, UserContext user, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/branches/{id:long}/report", async (long id, ReportDuesBranch handler, CancellationToken ct) =>
                (await handler.Handle(id, ct)).ToHttp(r => Results.Ok(new { r.Id, r.MemberCount, r.DueTotal, r.PaidTotal, r.ReportedAt })))
           .Require(Permission.DuesManage, OrgFrom.Route, "id")
           .WithSummary("报送本月党费：支部报送本支部；党委、党总支在直属下级全部报送后汇总报送（报送后数据锁定）");

    public async Task<Result<DuesBranchReport>> Handle(long branchId, CancellationToken ct = default)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == branchId, ct);
        if (org is null) return Result.NotFound();
        if (org.ParentId is null) return Result.Refused("最上级党委不报送", "最上级党委不需要报送：直属下级全部报送后，在本页直接结算");
        if (!DuesReportingRules.Reports(org.Type, false)) return Result.Refused("党小组不单独报送", $"{org.Type}的党员党费由所在党支部报送");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await DuesReporting.LockAsync(db, org.Id, shared: false, ct);
        var open = await DuesMonthsDb.OpenMonthAsync(db, DuesMonthsDb.RootOf(org.Path), ct);
        if (open is null) return Result.Refused("没有正在缴费的月份", "当前没有启动缴费的月份");
        if (await DuesMonthsDb.ReportedAsync(db, open.Id, org.Id, ct)) return Result.Conflict($"本组织{DuesMonthRules.Month(open.Month)}党费已报送");
        var sums = await DuesReporting.SubtreeTotalsAsync(db, open.Id, org.Path, ct);
        if (sums.Count == 0) return Result.Refused("本支部本月没有应交党费的党员", $"本组织{DuesMonthRules.Month(open.Month)}没有应交党费的党员，无需报送");
        if (await DuesReporting.OwnBlockersAsync(db, open, org.Id, ct) is { } blocked) return blocked;
        var missing = await DuesReporting.UnreportedChildrenAsync(db, open.Id, org, ct);
        if (missing.Count > 0)
            return Result.Refused("下级全部报送后才能汇总报送", $"还有{missing.Count}个直属下级组织未报送：{DuesReportingRules.Names(missing)}");
        var r = new DuesBranchReport
        {
            MonthId = open.Id, OrgId = branchId, MemberCount = sums.Count, DueTotal = sums.Due, PaidTotal = sums.Paid,
            ReportedAt = clock.GetUtcNow(), ReportedBy = user.UserName,
        };
        db.Add(r);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Result.Conflict($"本组织{DuesMonthRules.Month(open.Month)}党费已报送");
        }
        return r;
    }
}
