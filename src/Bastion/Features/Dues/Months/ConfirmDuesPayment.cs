using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>The collector confirms (or rejects, with a note) a member's own online-payment record.</summary>
public sealed class ConfirmDuesPayment(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(bool? Accept, string? Note);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/payments/{id:long}/confirm", async (long id, Request req, ConfirmDuesPayment handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp(p => Results.Ok(DuesPaymentView.Of(p))))
           .RequireRecord(Permission.DuesManage, typeof(DuesPayment))
           .WithSummary("确认或驳回党员本人登记的线上缴纳（accept；驳回须 note）").Produces<DuesPaymentView>();

    public async Task<Result<DuesPayment>> Handle(long paymentId, Request req, CancellationToken ct = default)
    {
        var accept = req.Accept ?? true;
        if (!accept && string.IsNullOrWhiteSpace(req.Note)) return Result.Invalid("note", "驳回请说明原因");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var p = await db.Set<DuesPayment>().FirstOrDefaultAsync(x => x.Id == paymentId, ct);
        if (p is null) return Result.NotFound();
        if (p.State != DuesPaymentState.待确认) return Result.Conflict($"该记录已{p.State}");
        var entry = await db.Set<DuesEntry>().FromSql($"SELECT * FROM dues_entries WHERE id = {p.EntryId} FOR UPDATE").SingleAsync(ct);
        var open = await DuesMonthsDb.OpenMonthAsync(db, (await db.Set<DuesMonth>().AsNoTracking().FirstAsync(m => m.Id == entry.MonthId, ct)).OrgId, ct);
        if (open is not null && await DuesMonthsDb.ReportedAsync(db, open.Id, entry.OrgId, ct))
            return Result.Refused("支部已报送，数据已锁定", $"本支部{DuesMonthRules.Month(open.Month)}党费已报送，数据已锁定");
        var now = clock.GetUtcNow();
        p.State = accept ? DuesPaymentState.已确认 : DuesPaymentState.已驳回;
        p.ConfirmedAt = now;
        p.ConfirmedBy = user.UserName;
        p.Note = RecordDuesPayment.Clean(req.Note) ?? p.Note;
        if (accept)
        {
            entry.PaidAmount = p.Amount;
            entry.PaidOn = p.PaidOn;
            entry.PaymentId = p.Id;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return p;
    }
}
