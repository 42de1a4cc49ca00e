using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// A member records their own online payment of a month (the transaction number as receipt): it waits 待确认 until the
/// branch's collector confirms it. Only the member's own entries; the same checks as the collector's record.
/// </summary>
public sealed class SubmitOwnDuesPayment(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(long? EntryId, decimal? Amount, string? ReceiptNo, DateOnly? PaidOn);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/me/payments", async (Request req, SubmitOwnDuesPayment handler, CancellationToken ct) =>
                (await handler.Handle(req, ct)).ToHttp(p => Results.Created($"/api/v1/dues/payments/{p.Id}", DuesPaymentView.Of(p))))
           .RequireSignedIn()
           .WithSummary("党员本人登记线上缴纳（entryId、amount、receiptNo 交易单号），待支部确认").Produces<DuesPaymentView>(201).ProducesValidationProblem();

    public async Task<Result<DuesPayment>> Handle(Request req, CancellationToken ct = default)
    {
        var today = clock.Today();
        var memberId = await user.MemberIdAsync(ct);
        if (memberId is null) return Result.NotFound("当前账号未关联党员");
        var errors = new Dictionary<string, string[]>();
        if (req.EntryId is null) errors["entryId"] = ["请选择缴纳的月份"];
        if (DuesMonthRules.CheckAmount(req.Amount) is { } ae) errors["amount"] = [ae];
        if (string.IsNullOrWhiteSpace(req.ReceiptNo)) errors["receiptNo"] = ["请填写支付交易单号"];
        else if (req.ReceiptNo.Trim().Length > 60) errors["receiptNo"] = ["交易单号最多60个字符"];
        if (req.PaidOn is { } po && po > today) errors["paidOn"] = ["缴纳日期不能晚于今天"];
        if (errors.Count > 0) return Result.Invalid(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entry = await db.Set<DuesEntry>().FromSql($"SELECT * FROM dues_entries WHERE id = {req.EntryId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (entry is null || entry.MemberId != memberId) return Result.NotFound();
        var check = await DuesPaymentRules.CheckAsync(db, entry, DuesPaymentKind.党费, req.Amount!.Value, null, ct);
        if (!check.IsOk) return check.Failure!;
        var p = new DuesPayment
        {
            OrgId = entry.OrgId, MemberId = entry.MemberId, EntryId = entry.Id, ForMonth = entry.Month, RecordedInMonth = check.OpenMonth,
            Kind = DuesPaymentKind.党费, State = DuesPaymentState.待确认, Amount = req.Amount!.Value, Method = DuesPayMethod.线上支付,
            ReceiptNo = req.ReceiptNo!.Trim(), PaidOn = req.PaidOn ?? today, RecordedAt = clock.GetUtcNow(), RecordedBy = user.UserName,
        };
        db.Add(p);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Result.Refused("同一月份党费不能重复缴纳", $"{DuesMonthRules.Month(entry.Month)}党费已有缴纳记录", field: "amount");
        }
        return p;
    }
}
