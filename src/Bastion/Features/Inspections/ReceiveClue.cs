using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>The receiving side (纪检) records the receipt (回执 number and date) of a transferred clue.</summary>
public sealed class ReceiveClue(AppDbContext db, UserContext user, InspectionAccess access, TimeProvider clock)
{
    public async Task<Result> Handle(long transferId, string? receiptNo, DateOnly? receivedOn, CancellationToken ct)
    {
        var tr = await db.Set<InspectionClueTransfer>().FirstOrDefaultAsync(x => x.Id == transferId, ct);
        if (tr is null) return Result.Invalid("id", "移交记录不存在");
        var f = await db.Set<InspectionFinding>().AsNoTracking().FirstAsync(x => x.Id == tr.FindingId, ct);
        if (!(await access.ViewerAsync(f.OrgId, ct)).HasFlag(InspectionViewer.Discipline)) return Result.Forbidden("只有纪检监察机构可以登记回执");
        if (tr.ReceiptNo is not null) return Result.Invalid("receiptNo", "已登记回执");
        var no = InspectionInput.Clean(receiptNo);
        if (no is null) return Result.Invalid("receiptNo", "请填写回执编号");
        if (no.Length > FindingInput.ReceiptMax) return Result.Invalid("receiptNo", $"回执编号不超过{FindingInput.ReceiptMax}字");
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var day = receivedOn ?? today;
        if (day > today) return Result.Invalid("receivedOn", "接收日期不能晚于今天");
        if (day < ChineseDates.DayOf(tr.TransferredAt)) return Result.Invalid("receivedOn", "接收日期不能早于移交日期");
        tr.ReceiptNo = no;
        tr.ReceivedAt = day == today ? now : ChineseDates.At(day, new TimeOnly(12, 0));
        tr.ReceivedBy = user.UserName;
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
