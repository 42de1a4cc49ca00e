using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// 使用: a 党委 allowed to retain dues (<see cref="SetDuesRetention"/>) records one spending — date, amount, purpose
/// (中组发〔2008〕3号: 党员教育培训, 报刊资料设备, 表彰先进, 慰问困难党员, 灾害救助), what it was, who approved it, the voucher number.
/// A 党委 without the permission is refused (422, rule "党委留存党费"); so is an amount above the retained balance
/// (422, rule "使用不超过留存结余": <see cref="ExportDuesAccount.BalanceAsync"/>, the report's 结余), checked under the
/// organization's 上缴 lock (<see cref="AdvisoryLocks.DuesRemittanceClass"/>) so that two spendings cannot pass it together.
/// </summary>
public sealed class RecordDuesSpending(AppDbContext db, UserContext user, TimeProvider clock)
{
    public const string BalanceRule = "使用不超过留存结余";

    public sealed record Request(DateOnly? SpentOn, decimal? Amount, string? Purpose, string? Description, string? ApprovedBy, string? VoucherNo);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/organizations/{id:long}/spendings", async (long id, Request req, RecordDuesSpending handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp(s => Results.Created($"/api/v1/dues/organizations/{id}/spendings/{s.Id}", new { s.Id, s.Amount })))
           .Require(Permission.DuesConfigure, OrgFrom.Route, "id")
           .WithSummary("登记留存党费的使用（spentOn、amount、purpose 用途类别、description、approvedBy 批准人、voucherNo 凭证号）")
           .ProducesValidationProblem();

    public async Task<Result<DuesSpending>> Handle(long orgId, Request req, CancellationToken ct = default)
    {
        var today = clock.Today();
        var errors = new Dictionary<string, string[]>();
        if (req.SpentOn is null) errors["spentOn"] = ["请填写支出日期"];
        else if (req.SpentOn > today) errors["spentOn"] = ["支出日期不能晚于今天"];
        if (DuesMonthRules.CheckAmount(req.Amount) is { } ae) errors["amount"] = [ae];
        DuesSpendingPurpose purpose = default;
        if (string.IsNullOrWhiteSpace(req.Purpose) || !Enum.TryParse(req.Purpose.Trim(), out purpose) || !Enum.IsDefined(purpose))
            errors["purpose"] = ["请选择用途：" + string.Join("、", Enum.GetNames<DuesSpendingPurpose>())];
        Text(errors, "description", req.Description, 200, "请填写支出事项");
        Text(errors, "approvedBy", req.ApprovedBy, 100, "请填写批准人（或批准会议）");
        Text(errors, "voucherNo", req.VoucherNo, 60, "请填写记账凭证号");
        if (errors.Count > 0) return Result.Invalid(errors);
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return Result.NotFound();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Set<DuesRetention>().AnyAsync(r => r.OrgId == orgId && r.Allowed, ct))
            return Result.Refused("党委留存党费", $"{org.Name}未经上级党委批准留存党费，收缴的党费应全额上缴，不能登记使用", null, "amount");
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({AdvisoryLocks.DuesRemittanceClass}), {(int)(orgId % int.MaxValue)})", ct);
        var balance = await ExportDuesAccount.BalanceAsync(db, org, DateOnly.MaxValue, ct);
        if (DuesFundRules.CheckSpending(req.Amount!.Value, balance) is { } refusal)
            return Result.Refused(BalanceRule, refusal, null, "amount");
        var s = new DuesSpending
        {
            OrgId = orgId, SpentOn = req.SpentOn!.Value, Amount = req.Amount!.Value, Purpose = purpose, Description = req.Description!.Trim(),
            ApprovedBy = req.ApprovedBy!.Trim(), VoucherNo = req.VoucherNo!.Trim(), CreatedAt = clock.GetUtcNow(), CreatedBy = user.UserName,
        };
        db.Add(s);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return s;
    }

    private static void Text(Dictionary<string, string[]> errors, string field, string? value, int max, string missing)
    {
        if (string.IsNullOrWhiteSpace(value)) errors[field] = [missing];
        else if (value.Trim().Length > max) errors[field] = [$"最多{max}字"];
    }
}
