using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// 退回: a 党委 or 党总支 (or the top 党委) returns the report of one of its direct children with a reason, while it has
/// not reported itself (a parent that has reported must first be returned by its own parent) and the month is open.
/// The child's report row goes (its month data unlocks for correction; it reports again later) and a return row keeps
/// the reason and the report returned. Under the parent's 报送 slot, so the parent never reports or settles meanwhile.
/// </summary>
public sealed class ReturnDuesReport(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(string? Reason);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/organizations/{id:long}/children/{childId:long}/return",
                async (long id, long childId, Request req, ReturnDuesReport handler, CancellationToken ct) =>
                (await handler.Handle(id, childId, req, ct)).ToHttp(r => Results.Ok(new { r.Id, r.OrgId, r.Reason, r.ReturnedAt })))
           .Require(Permission.DuesManage, OrgFrom.Route, "id")
           .WithSummary("退回直属下级的党费报送（reason 必填；退回后下级数据解锁，更正后重新报送）").ProducesValidationProblem();

    public async Task<Result<DuesReportReturn>> Handle(long orgId, long childId, Request req, CancellationToken ct = default)
    {
        if (DuesReportingRules.CheckReason(req.Reason) is { } bad) return Result.Invalid("reason", bad);
        var child = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == childId, ct);
        if (child is null || child.ParentId != orgId) return Result.NotFound("没有这个直属下级组织");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await DuesReporting.LockAsync(db, orgId, shared: false, ct);
        var open = await DuesMonthsDb.OpenMonthAsync(db, DuesMonthsDb.RootOf(child.Path), ct);
        if (open is null) return Result.Refused("没有正在缴费的月份", "当前没有启动缴费的月份（已结算的月份不能退回）");
        if (await db.Set<DuesBranchReport>().AnyAsync(r => r.MonthId == open.Id && r.OrgId == orgId, ct))
            return Result.Refused("本级已报送，不能退回下级", "本级已向上级报送，须先由上级退回本级，才能退回下级的报送");
        var report = await db.Set<DuesBranchReport>().FirstOrDefaultAsync(r => r.MonthId == open.Id && r.OrgId == childId, ct);
        if (report is null) return Result.Conflict($"{child.Name}{DuesMonthRules.Month(open.Month)}尚未报送（或已退回），无需退回");
        var back = new DuesReportReturn
        {
            MonthId = open.Id, OrgId = childId, ByOrgId = orgId, Reason = req.Reason!.Trim(), ReportedAt = report.ReportedAt, ReportedBy = report.ReportedBy,
            ReturnedAt = clock.GetUtcNow(), ReturnedBy = user.UserName,
        };
        db.Remove(report);
        db.Add(back);
        AuditEvents.Add(db, "dues.report.return", "dues_branch_reports", report.Id, childId, new { month = DuesMonthRules.Code(open.Month), byOrgId = orgId });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return back;
    }
}
