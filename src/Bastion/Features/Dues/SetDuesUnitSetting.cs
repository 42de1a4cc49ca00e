using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues;

/// <summary>
/// A unit's dues options: the 农民 monthly amount its branches use (0.20–1.00 元 under the national standard; set by
/// the branch or a committee above it) and whether social insurance and 公积金 are deducted from bases (off by default;
/// a 党委 administrator's decision, DuesConfigure). An omitted field keeps its value.
/// </summary>
public sealed class SetDuesUnitSetting(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(bool? DeductInsurance, string? FarmerAmount);

    public sealed record Response(long OrgId, bool DeductInsurance, decimal? FarmerAmount);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/dues/units/{id:long}", async (long id, Request req, SetDuesUnitSetting handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp())
           .Require(Permission.DuesManage, OrgFrom.Route, "id")
           .WithSummary("单位党费设置（farmerAmount 农民党员每月党费；deductInsurance 基数是否扣除社保和公积金，须党委管理员）")
           .Produces<Response>().ProducesValidationProblem();

    public async Task<Result<Response>> Handle(long orgId, Request req, CancellationToken ct = default)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return Result.NotFound();
        if (req.DeductInsurance is not null && !await user.HasAsync(Permission.DuesConfigure, org, ct))
            return Result.Forbidden("基数是否扣除社保和公积金由党委管理员设置");
        decimal? farmer = null;
        var clearFarmer = req.FarmerAmount is { } raw && raw.Trim().Length == 0;
        if (!string.IsNullOrWhiteSpace(req.FarmerAmount))
        {
            farmer = DuesRules.ParseYuan(req.FarmerAmount);
            if (farmer is null) return Result.Invalid("farmerAmount", $"农民党员每月党费“{req.FarmerAmount.Trim()}”不是数字");
            var table = await DuesRateTables.ForMonthAsync(db, DuesCategory.农民, clock.Today(), ct);
            var standard = table?.ToStandard() ?? DuesRules.NationalStandard(DuesCategory.农民);
            if (DuesRules.CheckUnitAmount(standard, farmer.Value) is { } bad) return Result.Invalid("farmerAmount", bad.Message);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.Set<DuesUnitSetting>().FirstOrDefaultAsync(s => s.OrgId == orgId, ct);
        if (row is null) db.Add(row = new DuesUnitSetting { OrgId = orgId });
        if (req.DeductInsurance is { } d) row.DeductInsurance = d;
        if (farmer is not null || clearFarmer) row.FarmerAmount = farmer;
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedBy = user.UserName;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Result.Conflict("同时有人修改了该单位的党费设置，请刷新后再试");
        }
        await tx.CommitAsync(ct);
        // what applies here now: a unit that only sets its 农民 amount keeps the deduction its superior decided
        return new Response(orgId, (await DuesUnits.ForAsync(db, org.Path, ct)).DeductInsurance, row.FarmerAmount);
    }
}
