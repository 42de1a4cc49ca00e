using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// 报送: the branch reports the open month; its data for the month locks. Refused while a line has no amount (fix it
/// first) or a member's own online record waits for confirmation. Unpaid lines stay unpaid (they may be marked 延迟).
/// </summary>
public sealed class ReportDuesBranch(AppDbContext db, UserContext user, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/branches/{id:long}/report", async (long id, ReportDuesBranch handler, CancellationToken ct) =>
                (await handler.Handle(id, ct)).ToHttp(r => Results.Ok(new { r.Id, r.MemberCount, r.DueTotal, r.PaidTotal, r.ReportedAt })))
           .Require(Permission.DuesManage, OrgFrom.Route, "id")
           .WithSummary("支部报送本月党费（报送后数据锁定）");

    public async Task<Result<DuesBranchReport>> Handle(long branchId, CancellationToken ct = default)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == branchId, ct);
        if (org is null) return Result.NotFound();
        var open = await DuesMonthsDb.OpenMonthAsync(db, DuesMonthsDb.RootOf(org.Path), ct);
        if (open is null) return Result.Refused("没有正在缴费的月份", "当前没有启动缴费的月份");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entries = db.Set<DuesEntry>().Where(e => e.MonthId == open.Id && e.OrgId == branchId);
        var count = await entries.CountAsync(ct);
        var sums = count == 0 ? null : new
        {
            Count = count,
            Missing = await entries.CountAsync(e => e.Due == null, ct),
            Due = await entries.SumAsync(e => e.Due ?? 0, ct),
            Paid = await entries.SumAsync(e => e.PaidAmount ?? 0, ct),
        };
        if (sums is null) return Result.Refused("本支部本月没有应交党费的党员", $"本支部{DuesMonthRules.Month(open.Month)}没有应交党费的党员，无需报送");
        if (sums.Missing > 0) return Result.Refused("应交金额未确定", $"还有{sums.Missing}名党员的应交金额未确定（缺少类别、标准或基数），请先补全");
        var pending = await db.Set<DuesPayment>().CountAsync(p => p.OrgId == branchId && p.RecordedInMonth == open.Month && p.State == DuesPaymentState.待确认, ct);
        if (pending > 0) return Result.Refused("有待确认的线上缴纳", $"还有{pending}条党员线上缴纳记录待确认，请先确认或驳回");
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
            return Result.Conflict($"本支部{DuesMonthRules.Month(open.Month)}党费已报送");
        }
        return r;
    }
}
