using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// The branch's collector (组织委员 / 党小组长: the branch committee role, DuesManage) records a payment of a member's
/// month: cash or bank transfer with the receipt number. The month's dues are paid once (a unique index decides);
/// voluntary extra and 特殊党费 (≥ 1000 元 flagged for forwarding to 中央) come on top. A settled month is paid only as a
/// 补交 of a month the branch marked 延迟, recorded in the open month: up to 6 calendar months back, further only with
/// the 支部's reason. A branch that has reported (报送) the open month is locked.
/// </summary>
public sealed class RecordDuesPayment(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(decimal? Amount, string? Method, string? ReceiptNo, DateOnly? PaidOn, string? Kind, string? BackPayReason, string? Note);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/entries/{id:long}/payments", async (long id, Request req, RecordDuesPayment handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp(p => Results.Created($"/api/v1/dues/payments/{p.Id}", DuesPaymentView.Of(p))))
           .RequireRecord(Permission.DuesManage, typeof(DuesEntry))
           .WithSummary("登记党费缴纳（amount、method 现金/银行转账、receiptNo、paidOn；kind 党费/自愿多交/特殊党费；补交超过6个月须 backPayReason）")
           .Produces<DuesPaymentView>(201).ProducesValidationProblem();

    public async Task<Result<DuesPayment>> Handle(long entryId, Request req, CancellationToken ct = default)
    {
        var today = clock.Today();
        var errors = new Dictionary<string, string[]>();
        if (DuesMonthRules.CheckAmount(req.Amount) is { } ae) errors["amount"] = [ae];
        var method = DuesMonthRules.ParseMethod(req.Method);
        if (method is null) errors["method"] = ["请选择缴纳方式（现金、银行转账或线上支付）"];
        var kind = DuesMonthRules.ParseKind(req.Kind);
        if (kind is null) errors["kind"] = ["类型须为党费、自愿多交或特殊党费"];
        if (req.PaidOn is { } po && po > today) errors["paidOn"] = ["缴纳日期不能晚于今天"];
        if (req.ReceiptNo?.Trim().Length > 60) errors["receiptNo"] = ["收据号最多60个字符"];
        if (method is DuesPayMethod.银行转账 && string.IsNullOrWhiteSpace(req.ReceiptNo)) errors["receiptNo"] = ["银行转账请填写流水号或收据号"];
        if (method is DuesPayMethod.现金 && string.IsNullOrWhiteSpace(req.ReceiptNo)) errors["receiptNo"] = ["现金缴纳请填写党费收据号"];
        if (req.BackPayReason?.Trim().Length > 500) errors["backPayReason"] = ["理由最多500字"];
        if (errors.Count > 0) return Result.Invalid(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entry = await db.Set<DuesEntry>().FromSql($"SELECT * FROM dues_entries WHERE id = {entryId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (entry is null) return Result.NotFound();
        var check = await DuesPaymentRules.CheckAsync(db, entry, kind!.Value, req.Amount!.Value, req.BackPayReason, ct);
        if (!check.IsOk) return check.Failure!;

        var now = clock.GetUtcNow();
        var p = new DuesPayment
        {
            OrgId = entry.OrgId, MemberId = entry.MemberId, EntryId = entry.Id, ForMonth = entry.Month, RecordedInMonth = check.OpenMonth,
            Kind = kind.Value, State = DuesPaymentState.已确认, Amount = req.Amount!.Value, Method = method!.Value,
            ReceiptNo = Clean(req.ReceiptNo), PaidOn = req.PaidOn ?? today, BackPayReason = Clean(req.BackPayReason),
            ForwardToCentral = DuesMonthRules.ForwardToCentral(kind.Value, req.Amount!.Value), Note = Clean(req.Note),
            RecordedAt = now, RecordedBy = user.UserName, ConfirmedAt = now, ConfirmedBy = user.UserName,
        };
        db.Add(p);
        try
        {
            await db.SaveChangesAsync(ct);
            if (kind == DuesPaymentKind.党费)
            {
                entry.PaidAmount = p.Amount;
                entry.PaidOn = p.PaidOn;
                entry.PaymentId = p.Id;
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Result.Refused("同一月份党费不能重复缴纳", $"{DuesMonthRules.Month(entry.Month)}党费已有缴纳记录", field: "amount");
        }
        return p;
    }

    internal static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>The checks a payment of an entry passes, shared by the collector's record and the member's own online record.</summary>
public static class DuesPaymentRules
{
    public sealed record Check(Result? Failure, DateOnly OpenMonth)
    {
        public bool IsOk => Failure is null;
    }

    public static async Task<Check> CheckAsync(AppDbContext db, DuesEntry entry, DuesPaymentKind kind, decimal amount, string? backPayReason, CancellationToken ct)
    {
        var month = await db.Set<DuesMonth>().AsNoTracking().FirstAsync(m => m.Id == entry.MonthId, ct);
        // the entry's own state first: paid already, or a settled month the branch did not mark 延迟
        if (kind == DuesPaymentKind.党费 && (entry.PaidAmount is not null
            || await db.Set<DuesPayment>().AnyAsync(p => p.EntryId == entry.Id && p.Kind == DuesPaymentKind.党费 && p.State != DuesPaymentState.已驳回, ct)))
            return new(Result.Refused("同一月份党费不能重复缴纳", $"{DuesMonthRules.Month(entry.Month)}党费已有缴纳记录", field: "amount"), default);
        if (kind == DuesPaymentKind.党费 && month.State == DuesMonthState.已结算 && !entry.Delayed)
            return new(Result.Refused("已结算月份不能登记缴费",
                $"{DuesMonthRules.Month(entry.Month)}已结算。未交的月份须由支部先标记为“延迟缴费”，再作为往月补缴登记", field: "amount"), default);
        var open = await DuesMonthsDb.OpenMonthAsync(db, month.OrgId, ct);
        if (open is null)
            return new(Result.Refused("没有正在缴费的月份", "当前没有启动缴费的月份，请等上级党委启动后再登记"), default);
        if (await DuesMonthsDb.ReportedAsync(db, open.Id, entry.OrgId, ct))
            return new(Result.Refused("支部已报送，数据已锁定", $"本支部{DuesMonthRules.Month(open.Month)}党费已报送，数据已锁定，不能再登记"), open.Month);
        if (month.State == DuesMonthState.已结算 && kind != DuesPaymentKind.党费)
            return new(Result.Refused("已结算月份不能登记", $"{DuesMonthRules.Month(month.Month)}已结算，自愿多交和特殊党费请在本月登记"), open.Month);
        if (kind != DuesPaymentKind.党费) return new(null, open.Month);

        if (entry.Due is null)
            return new(Result.Refused("应交金额未确定", $"该党员{DuesMonthRules.Month(entry.Month)}的应交金额尚未确定（{entry.Problem}），请先补全后再登记", field: "amount"), open.Month);
        if (amount != entry.Due)
            return new(Result.Invalid("amount", $"应交{DuesMonthsDb.Yuan(entry.Due)}元；多交部分请另行登记为“自愿多交”"), open.Month);
        if (month.State == DuesMonthState.已结算)
        {
            if (DuesMonthRules.CheckBackPay(entry.Month, open.Month, backPayReason) is { } bp)
                return new(Result.Refused("补交一般不超过6个月", bp, field: "backPayReason"), open.Month);
        }
        return new(null, open.Month);
    }
}

/// <summary>A payment as the API shows it.</summary>
public sealed record DuesPaymentView(long Id, long EntryId, long MemberId, string ForMonth, string RecordedInMonth, string Kind, string State,
    decimal Amount, string Method, string? ReceiptNo, DateOnly PaidOn, bool ForwardToCentral)
{
    public static DuesPaymentView Of(DuesPayment p) => new(p.Id, p.EntryId, p.MemberId, DuesMonthRules.Code(p.ForMonth), DuesMonthRules.Code(p.RecordedInMonth),
        p.Kind.ToString(), p.State.ToString(), p.Amount, p.Method.ToString(), p.ReceiptNo, p.PaidOn, p.ForwardToCentral);
}
