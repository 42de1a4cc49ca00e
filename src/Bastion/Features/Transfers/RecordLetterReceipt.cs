using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>The 回执 of an outward 介绍信 came back: its date closes the receipt tracking.</summary>
public sealed class RecordLetterReceipt(AppDbContext db)
{
    /// <summary>The transfer's organization was authorized by the caller (MemberManage); returns field errors or null.</summary>
    public async Task<Dictionary<string, string[]>?> Handle(long id, DateOnly? returnedOn, DateOnly today, CancellationToken ct = default)
    {
        var t = await db.MemberTransfers.FirstAsync(x => x.Id == id, ct);
        string? error = null;
        if (t.Kind != TransferKind.转出 || t.State != TransferState.已转出) error = "只有已开具的转出介绍信可以登记回执";
        else if (t.ReceiptReturnedOn is not null) error = $"回执已于{ChineseDates.Date(t.ReceiptReturnedOn.Value)}登记";
        else if (returnedOn is not { } d) error = "请填写回执返回日期";
        else if (d > today) error = "回执返回日期不能晚于今天";
        else if (d < t.LetterDate) error = $"回执返回日期不能早于开具日期{ChineseDates.Date(t.LetterDate!.Value)}";
        if (error is not null) return new() { ["receiptReturnedOn"] = [error] };
        t.ReceiptReturnedOn = returnedOn;
        await db.SaveChangesAsync(ct);
        return null;
    }
}
