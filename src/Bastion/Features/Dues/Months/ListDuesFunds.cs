using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>An organization's 上缴 and 使用 records of a year (newest first), with the retention permission.</summary>
public sealed class ListDuesFunds(AppDbContext db)
{
    public sealed record Remittance(long Id, string Month, decimal Amount, DateOnly PaidOn, string? ReceiptNo, string? Note, string? OverReason, string? CreatedBy);
    public sealed record Spending(long Id, DateOnly SpentOn, decimal Amount, string Purpose, string Description, string ApprovedBy, string VoucherNo, string? CreatedBy);
    public sealed record Response(long OrgId, string OrgName, int Year, SetDuesRetention.Response Retention, IReadOnlyList<Remittance> Remittances, IReadOnlyList<Spending> Spendings);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/organizations/{id:long}/funds", async (long id, int? year, ListDuesFunds handler, TimeProvider clock, CancellationToken ct) =>
                (await handler.Handle(id, year ?? clock.Today().Year, ct)).ToHttp())
           .Require(Permission.DuesRead, OrgFrom.Route, "id")
           .WithSummary("组织一年的党费上缴和使用记录（year 缺省为今年）").Produces<Response>();

    public async Task<Result<Response>> Handle(long orgId, int year, CancellationToken ct = default)
    {
        if (year is < 2000 or > 2100) return Result.Invalid("year", "年份不正确");
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return Result.NotFound();
        var from = new DateOnly(year, 1, 1);
        var to = from.AddYears(1);
        var remittances = (await db.Set<DuesRemittance>().AsNoTracking().Where(r => r.OrgId == orgId && r.Month >= from && r.Month < to)
                .OrderByDescending(r => r.Month).ThenByDescending(r => r.Id).Take(500).ToListAsync(ct))
            .Select(r => new Remittance(r.Id, DuesMonthRules.Code(r.Month), r.Amount, r.PaidOn, r.ReceiptNo, r.Note, r.OverReason, r.CreatedBy)).ToList();
        var spendings = (await db.Set<DuesSpending>().AsNoTracking().Where(s => s.OrgId == orgId && s.SpentOn >= from && s.SpentOn < to)
                .OrderByDescending(s => s.SpentOn).ThenByDescending(s => s.Id).Take(500).ToListAsync(ct))
            .Select(s => new Spending(s.Id, s.SpentOn, s.Amount, s.Purpose.ToString(), s.Description, s.ApprovedBy, s.VoucherNo, s.CreatedBy)).ToList();
        return new Response(org.Id, org.Name, year, await SetDuesRetention.GetAsync(db, orgId, ct), remittances, spendings);
    }
}
