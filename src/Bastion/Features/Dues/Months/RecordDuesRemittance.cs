using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>上缴: a branch (or 党委) records what it sent to its superior for a month, with the receipt number.</summary>
public sealed class RecordDuesRemittance(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(string? Month, decimal? Amount, DateOnly? PaidOn, string? ReceiptNo, string? Note);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/organizations/{id:long}/remittances", async (long id, Request req, RecordDuesRemittance handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp(r => Results.Created($"/api/v1/dues/organizations/{id}/remittances/{r.Id}", new { r.Id, r.Amount })))
           .Require(Permission.DuesManage, OrgFrom.Route, "id")
           .WithSummary("登记党费上缴（month、amount、paidOn、receiptNo）").ProducesValidationProblem();

    public async Task<Result<DuesRemittance>> Handle(long orgId, Request req, CancellationToken ct = default)
    {
        var today = clock.Today();
        var errors = new Dictionary<string, string[]>();
        var month = DuesMonthRules.ParseMonth(req.Month);
        if (month is null) errors["month"] = ["请填写月份，如 2027-01"];
        if (DuesMonthRules.CheckAmount(req.Amount) is { } ae) errors["amount"] = [ae];
        if (req.PaidOn is null) errors["paidOn"] = ["请填写上缴日期"];
        else if (req.PaidOn > today) errors["paidOn"] = ["上缴日期不能晚于今天"];
        if (req.ReceiptNo?.Trim().Length > 60) errors["receiptNo"] = ["收据号最多60个字符"];
        if (errors.Count > 0) return Result.Invalid(errors);
        if (!await db.Organizations.AnyAsync(o => o.Id == orgId, ct)) return Result.NotFound();
        var r = new DuesRemittance
        {
            OrgId = orgId, Month = month!.Value, Amount = req.Amount!.Value, PaidOn = req.PaidOn!.Value, ReceiptNo = RecordDuesPayment.Clean(req.ReceiptNo),
            Note = RecordDuesPayment.Clean(req.Note), CreatedAt = clock.GetUtcNow(), CreatedBy = user.UserName,
        };
        db.Add(r);
        await db.SaveChangesAsync(ct);
        return r;
    }
}
