using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// 创建: the top 党委 creates a dues month (yyyy-MM). Months go forward; at most one month waits in 创建 at a time
/// (a unique index decides races).
/// </summary>
public sealed class CreateDuesMonth(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(string? Month);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/months", async (long org, Request req, CreateDuesMonth handler, CancellationToken ct) =>
                (await handler.Handle(org, req, ct)).ToHttp(m => Results.Created($"/api/v1/dues/months/{m.Id}", DuesMonthView.Of(m))))
           .Require(Permission.DuesManage, OrgFrom.Current)
           .WithSummary("创建党费月份（最上级党委；month = yyyy-MM）").Produces<DuesMonthView>(201).ProducesValidationProblem();

    public async Task<Result<DuesMonth>> Handle(long orgId, Request req, CancellationToken ct = default)
    {
        if (DuesMonthRules.ParseMonth(req.Month) is not { } month) return Result.Invalid("month", "请填写月份，如 2027-01");
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return Result.NotFound();
        if (org.ParentId is not null)
            return Result.Refused("党费月份由最上级党委统一创建", "党费月份由最上级党委统一创建、启动和结算，本组织负责缴费登记和报送", field: "month");
        var latest = await db.Set<DuesMonth>().Where(m => m.OrgId == orgId).OrderByDescending(m => m.Month).FirstOrDefaultAsync(ct);
        if (latest is not null && month <= latest.Month)
            return Result.Invalid("month", $"已有{DuesMonthRules.Month(latest.Month)}，只能创建之后的月份");
        if (latest is { State: DuesMonthState.创建 })
            return Result.Conflict($"{DuesMonthRules.Month(latest.Month)}已创建尚未启动，请先启动该月");
        var m = new DuesMonth { OrgId = orgId, Month = month, State = DuesMonthState.创建, CreatedAt = clock.GetUtcNow(), CreatedBy = user.UserName };
        db.Add(m);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Result.Conflict("该月份已创建，或另有一个月份尚未启动");
        }
        return m;
    }
}

/// <summary>A month as the API shows it.</summary>
public sealed record DuesMonthView(long Id, long OrgId, string Month, string State, int MemberCount, int ProblemCount, DateTimeOffset? StartedAt, DateTimeOffset? SettledAt)
{
    public static DuesMonthView Of(DuesMonth m) =>
        new(m.Id, m.OrgId, DuesMonthRules.Code(m.Month), m.State.ToString(), m.MemberCount, m.ProblemCount, m.StartedAt, m.SettledAt);
}
