using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// A branch's month: who has paid, who has not (amount prefilled), lines whose amount is not known, pending online
/// records, and the 往月应补缴 (earlier months marked 延迟 and still unpaid). One query per list, by the branch's index.
/// </summary>
public sealed class GetBranchDuesMonth(AppDbContext db)
{
    public sealed record Line(long EntryId, long MemberId, string Name, string? Category, decimal? Base, decimal? Rate, decimal? Due,
        decimal? Paid, DateOnly? PaidOn, string? Method, string? ReceiptNo, bool Delayed, string? Remark, string? Problem, long? PendingPaymentId,
        decimal? PendingAmount, string? PendingReceipt, bool Reduced, string Month);

    public sealed record Response(long? MonthId, string? Month, string? State, long BranchId, string BranchName, bool CanCollect, bool Reported,
        DateTimeOffset? ReportedAt, IReadOnlyList<Line> Lines, IReadOnlyList<Line> BackPay, int Count, int PaidCount, decimal DueTotal, decimal PaidTotal,
        decimal BackPayTotal);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/branches/{id:long}/month", async (long id, string? month, GetBranchDuesMonth handler, CancellationToken ct) =>
                (await handler.Handle(id, month, ct)).ToHttp())
           .Require(Permission.DuesRead, OrgFrom.Route, "id")
           .WithSummary("支部本月党费：已交、未交、往月应补缴（month = yyyy-MM，缺省为当前月份）").Produces<Response>();

    public async Task<Result<Response>> Handle(long branchId, string? month, CancellationToken ct = default)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == branchId, ct);
        if (org is null) return Result.NotFound();
        var canCollect = OrgCapabilities.Can(org, OrgCapability.收缴党费);
        var m = await DuesMonthsDb.MonthForAsync(db, org, month, ct);
        if (m is null)
            return new Response(null, null, null, org.Id, org.Name, canCollect, false, null, [], [], 0, 0, 0, 0, 0);
        var report = await db.Set<DuesBranchReport>().AsNoTracking().FirstOrDefaultAsync(r => r.MonthId == m.Id && r.OrgId == branchId, ct);
        var lines = await LinesAsync(db.Set<DuesEntry>().Where(e => e.MonthId == m.Id && e.OrgId == branchId), ct);
        var back = await LinesAsync(db.Set<DuesEntry>().Where(e => e.OrgId == branchId && e.Month < m.Month && e.Delayed && e.PaidAmount == null), ct);
        return new Response(m.Id, DuesMonthRules.Code(m.Month), m.State.ToString(), org.Id, org.Name, canCollect, report is not null, report?.ReportedAt,
            lines, back, lines.Count, lines.Count(l => l.Paid is not null), lines.Sum(l => l.Due ?? 0), lines.Sum(l => l.Paid ?? 0), back.Sum(l => l.Due ?? 0));
    }

    private async Task<List<Line>> LinesAsync(IQueryable<DuesEntry> entries, CancellationToken ct)
    {
        var rows = await (
            from e in entries
            join mem in db.Members on e.MemberId equals mem.Id
            join p0 in db.Set<DuesPayment>() on e.PaymentId equals (long?)p0.Id into pj
            from p in pj.DefaultIfEmpty()
            let pending = db.Set<DuesPayment>().Where(x => x.EntryId == e.Id && x.Kind == DuesPaymentKind.党费 && x.State == DuesPaymentState.待确认)
                .Select(x => new { x.Id, x.Amount, x.ReceiptNo }).FirstOrDefault()
            orderby e.Month, mem.Name, e.Id
            select new
            {
                e.Id, e.MemberId, mem.Name, e.Category, e.Base, e.Rate, e.Due, e.PaidAmount, e.PaidOn, Method = (DuesPayMethod?)p.Method, ReceiptNo = p.ReceiptNo,
                e.Delayed, e.DelayRemark, e.Problem, PendingId = (long?)pending.Id, PendingAmount = (decimal?)pending.Amount, PendingReceipt = pending.ReceiptNo,
                e.ReductionId, e.Month,
            }).AsNoTracking().ToListAsync(ct);
        return rows.Select(r => new Line(r.Id, r.MemberId, r.Name, r.Category?.ToString(), r.Base, r.Rate, r.Due, r.PaidAmount, r.PaidOn, r.Method?.ToString(),
            r.ReceiptNo, r.Delayed, r.DelayRemark, r.Problem, r.PendingId, r.PendingAmount, r.PendingReceipt, r.ReductionId is not null, DuesMonthRules.Code(r.Month))).ToList();
    }
}
