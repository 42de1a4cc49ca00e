using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>The 回执 of an outward 介绍信 came back: its date closes the receipt tracking.</summary>
public sealed class RecordLetterReceipt(AppDbContext db, TimeProvider clock)
{
    public sealed record ReceiptBody(DateOnly? ReturnedOn);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/transfers/{id:long}/receipt", async (long id, ReceiptBody body, RecordLetterReceipt handler, CancellationToken ct) =>
                (await handler.Handle(id, body.ReturnedOn, ct)).ToHttp())
           .RequireRecord(Permission.MemberManage, typeof(MemberTransfer))
           .WithSummary("登记转出介绍信的回执（returnedOn 回执返回日期）").Produces(204).ProducesValidationProblem();

    /// <summary>The transfer's organization was authorized by the caller (MemberManage). Refusals come under "receiptReturnedOn".</summary>
    public async Task<Result> Handle(long id, DateOnly? returnedOn, CancellationToken ct = default)
    {
        var today = clock.Today();
        var t = await db.MemberTransfers.FirstAsync(x => x.Id == id, ct);
        string? error = null;
        if (t.Kind != TransferKind.转出 || t.State != TransferState.已转出) error = "只有已开具的转出介绍信可以登记回执";
        else if (t.ReceiptReturnedOn is not null) error = $"回执已于{ChineseDates.Date(t.ReceiptReturnedOn.Value)}登记";
        else if (returnedOn is not { } d) error = "请填写回执返回日期";
        else if (d > today) error = "回执返回日期不能晚于今天";
        else if (d < t.LetterDate) error = $"回执返回日期不能早于开具日期{ChineseDates.Date(t.LetterDate!.Value)}";
        if (error is not null) return Result.Invalid("receiptReturnedOn", error);
        t.ReceiptReturnedOn = returnedOn;
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
