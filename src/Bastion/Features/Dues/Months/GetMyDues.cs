using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>A member's own dues: every month owed (newest first), what was paid, when, how, the receipt; own payments.</summary>
public sealed class GetMyDues(AppDbContext db, UserContext user)
{
    public sealed record MonthLine(long EntryId, string Month, string MonthState, string? Category, decimal? Base, decimal? Rate, decimal? Due,
        decimal? Paid, DateOnly? PaidOn, bool Delayed, bool Payable, string? Pending);

    public sealed record PaymentLine(long Id, string ForMonth, string Kind, string State, decimal Amount, string Method, string? ReceiptNo, DateOnly PaidOn);

    public sealed record Response(IReadOnlyList<MonthLine> Months, IReadOnlyList<PaymentLine> Payments);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/me", async (GetMyDues handler, CancellationToken ct) => (await handler.Handle(ct)).ToHttp())
           .RequireSignedIn()
           .WithSummary("本人党费：各月应交、实交、收据").Produces<Response>();

    public async Task<Result<Response>> Handle(CancellationToken ct = default)
    {
        if (await user.MemberIdAsync(ct) is not { } memberId) return Result.NotFound("当前账号未关联党员");
        var months = await (
            from e in db.Set<DuesEntry>().Where(e => e.MemberId == memberId)
            join m in db.Set<DuesMonth>() on e.MonthId equals m.Id
            let pending = db.Set<DuesPayment>().Where(p => p.EntryId == e.Id && p.State == DuesPaymentState.待确认).Select(p => p.ReceiptNo).FirstOrDefault()
            orderby e.Month descending
            select new { e.Id, e.Month, m.State, e.Category, e.Base, e.Rate, e.Due, e.PaidAmount, e.PaidOn, e.Delayed, pending }).AsNoTracking().Take(120).ToListAsync(ct);
        var payments = await db.Set<DuesPayment>().AsNoTracking().Where(p => p.MemberId == memberId).OrderByDescending(p => p.ForMonth).ThenByDescending(p => p.Id)
            .Take(200).ToListAsync(ct);
        return new Response(
            months.Select(r => new MonthLine(r.Id, DuesMonthRules.Code(r.Month), r.State.ToString(), r.Category?.ToString(), r.Base, r.Rate, r.Due, r.PaidAmount, r.PaidOn,
                r.Delayed, r.PaidAmount is null && r.pending is null && r.Due is > 0 && (r.State == DuesMonthState.启动缴费 || r.Delayed), r.pending)).ToList(),
            payments.Select(p => new PaymentLine(p.Id, DuesMonthRules.Code(p.ForMonth), p.Kind.ToString(), p.State.ToString(), p.Amount, p.Method.ToString(), p.ReceiptNo, p.PaidOn)).ToList());
    }
}
