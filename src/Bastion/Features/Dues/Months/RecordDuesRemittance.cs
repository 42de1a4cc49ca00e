using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// 上缴: a branch (or 党委) records what it sent to its superior for a month, with the receipt number. The amount may not
/// exceed what the organization's subtree collected in that month (confirmed payments recorded in it, every kind) less what
/// it already remitted for that month — unless a reason is given (a correction, an earlier month's dues sent late): 422
/// with the rule otherwise (<see cref="DuesFundRules.CheckRemittance"/>).
/// </summary>
public sealed class RecordDuesRemittance(AppDbContext db, UserContext user, TimeProvider clock)
{
    public const string OverRule = "上缴不超过已收未缴";

    public sealed record Request(string? Month, decimal? Amount, DateOnly? PaidOn, string? ReceiptNo, string? Note, string? OverReason = null);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/organizations/{id:long}/remittances", async (long id, Request req, RecordDuesRemittance handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp(r => Results.Created($"/api/v1/dues/organizations/{id}/remittances/{r.Id}", new { r.Id, r.Amount })))
           .Require(Permission.DuesManage, OrgFrom.Route, "id")
           .WithSummary("登记党费上缴（month、amount、paidOn、receiptNo；超过本月已收未缴须填 overReason）").ProducesValidationProblem();

    public async Task<Result<DuesRemittance>> Handle(long orgId, Request req, CancellationToken ct = default)
    {
        var today = clock.Today();
        var errors = new Dictionary<string, string[]>();
        var month = DuesMonthRules.ParseMonth(req.Month);
        if (month is null) errors["month"] = ["请填写月份，如 2027-01"];
        else if (month > DuesMonthRules.MonthOf(today)) errors["month"] = ["不能登记以后月份的上缴"];
        if (DuesMonthRules.CheckAmount(req.Amount) is { } ae) errors["amount"] = [ae];
        if (req.PaidOn is null) errors["paidOn"] = ["请填写上缴日期"];
        else if (req.PaidOn > today) errors["paidOn"] = ["上缴日期不能晚于今天"];
        if (req.ReceiptNo?.Trim().Length > 60) errors["receiptNo"] = ["收据号最多60个字符"];
        if (req.Note?.Trim().Length > 500) errors["note"] = ["备注最多500字"];
        if (req.OverReason?.Trim().Length > 500) errors["overReason"] = ["原因最多500字"];
        if (errors.Count > 0) return Result.Invalid(errors);
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return Result.NotFound();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({AdvisoryLocks.DuesRemittanceClass}), {(int)(orgId % int.MaxValue)})", ct);
        var (collected, remitted) = await OpenAmountsAsync(db, org, month!.Value, ct);
        if (DuesFundRules.CheckRemittance(req.Amount!.Value, collected, remitted, req.OverReason) is { } refusal)
            return Result.Refused(OverRule, refusal, null, "amount");
        var r = new DuesRemittance
        {
            OrgId = orgId, Month = month.Value, Amount = req.Amount!.Value, PaidOn = req.PaidOn!.Value, ReceiptNo = RecordDuesPayment.Clean(req.ReceiptNo),
            Note = RecordDuesPayment.Clean(req.Note), OverReason = collected - remitted < req.Amount ? RecordDuesPayment.Clean(req.OverReason) : null,
            CreatedAt = clock.GetUtcNow(), CreatedBy = user.UserName,
        };
        db.Add(r);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return r;
    }

    /// <summary>What the organization's subtree collected in <paramref name="month"/> and what the organization remitted for it.</summary>
    public static async Task<(decimal Collected, decimal Remitted)> OpenAmountsAsync(AppDbContext db, Organization org, DateOnly month, CancellationToken ct)
    {
        var orgs = db.UnderOrg(org);
        var collected = await db.Set<DuesPayment>().Where(p => p.RecordedInMonth == month && p.State == DuesPaymentState.已确认 && orgs.Any(o => o.Id == p.OrgId))
            .SumAsync(p => (decimal?)p.Amount, ct) ?? 0m;
        var remitted = await db.Set<DuesRemittance>().Where(r => r.OrgId == org.Id && r.Month == month).SumAsync(r => (decimal?)r.Amount, ct) ?? 0m;
        return (collected, remitted);
    }
}
