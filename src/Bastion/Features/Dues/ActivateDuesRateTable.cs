using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues;

/// <summary>
/// 启用 a draft version. The category's version in force becomes 作废 (replaced; it still applies to the months before
/// the new one's month). Refused when the month is already past (months started are never recomputed) or not after
/// the month of the version it replaces. A top-level 党委's administrator only.
/// </summary>
public sealed class ActivateDuesRateTable(AppDbContext db, UserContext user, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/rate-tables/{id:long}/activate", async (long id, ActivateDuesRateTable handler, CancellationToken ct) =>
                (await handler.Handle(id, ct)).ToHttp())
           .Require(Permission.DuesConfigure, OrgFrom.None)
           .WithSummary("启用党费标准（现行版本随之作废；最上级党委管理员）").Produces(204).ProducesProblem(409).ProducesProblem(422);

    public async Task<Result> Handle(long id, CancellationToken ct = default)
    {
        if (!await DuesAdmin.CanSetStandardsAsync(user, ct)) return Result.Forbidden(DuesAdmin.NotTopLevel);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var table = await db.Set<DuesRateTable>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (table is null) return Result.NotFound("该党费标准不存在");
        if (table.State != DuesTableState.未启用) return Result.Conflict($"第{table.Version}版已{table.State}，只有未启用的版本可以启用");
        var thisMonth = DuesRules.MonthOf(clock.Today());
        if (table.EffectiveFrom < thisMonth)
            return Result.Refused("生效月份", $"生效月份{table.EffectiveFrom:yyyy年M月}已过，已开始的月份不再重算；请新建自{thisMonth:yyyy年M月}起生效的版本", thisMonth, "effectiveFrom");
        var current = await DuesRateTables.InForceAsync(db, table.Category, ct);
        if (current is not null && table.EffectiveFrom <= current.EffectiveFrom)
        {
            var earliest = current.EffectiveFrom.AddMonths(1);
            return Result.Refused("生效月份", $"现行第{current.Version}版自{current.EffectiveFrom:yyyy年M月}起生效，新版本须晚于该月，最早{earliest:yyyy年M月}", earliest, "effectiveFrom");
        }
        try
        {
            await DuesRateTables.ActivateAsync(db, table, clock.GetUtcNow(), user.UserName, ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Result.Conflict("同时有人启用了该类别的另一版本，请刷新后再试");
        }
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
