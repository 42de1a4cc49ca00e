using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>
/// The sender withdraws a transfer still waiting (系统内), or voids an outward 介绍信 whose 回执 has not come back
/// (转出): the member is back in the platform, and the letter keeps its number (作废, no gap).
/// </summary>
public sealed class CancelTransfer(AppDbContext db, UserContext user, TimeProvider clock)
{
    /// <summary>
    /// The transfer's organization was authorized by the caller (MemberManage). A bad note is Invalid ("note"); a transfer
    /// that can no longer be withdrawn is a Conflict.
    /// </summary>
    public async Task<Result> Handle(long id, string? note, CancellationToken ct = default)
    {
        if (TransferRules.CheckText(note, TransferRules.ReasonMaxLength, "撤销原因", required: false) is { } bad) return Result.Invalid("note", bad);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var t = await db.MemberTransfers.FromSql($"SELECT * FROM member_transfers WHERE id = {id} FOR UPDATE").SingleAsync(ct);
        if (t.Kind == TransferKind.转入) return Result.Conflict("转入登记不能撤销");
        if (t.State is not (TransferState.待接收 or TransferState.已转出)) return Result.Conflict($"该转接已{t.State}，不能撤销");
        if (t.ReceiptReturnedOn is not null) return Result.Conflict("回执已返回，介绍信不能作废");
        if (t.ReturnedTransferId is not null) return Result.Conflict("该党员已凭转入介绍信回到平台，原转出介绍信不能作废");
        t.State = TransferState.已撤销;
        var now = clock.GetUtcNow();
        t.DecidedAt = now;
        t.DecidedBy = user.UserName;
        t.DecisionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (t.Kind == TransferKind.转出 && t.LetterDate is { } left)
        {
            // the member never left: the membership period the letter ended goes on (committee posts ended by the
            // letter are not restored by guesswork; the branch re-appoints on the term page)
            var ended = await db.Set<MemberMembership>().Where(ms => ms.MemberId == t.MemberId).OrderByDescending(ms => ms.FromDate).ThenByDescending(ms => ms.Id).FirstOrDefaultAsync(ct);
            if (ended is { ToDate: not null } && ended.ToDate == left) ended.ToDate = null;
            else if (ended is not { ToDate: null }) await TransfersDb.RejoinPlatformAsync(db, t.MemberId, t.OrgId, ChineseDates.DayOf(now), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
