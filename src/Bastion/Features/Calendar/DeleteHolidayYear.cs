using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Calendar;

/// <summary>
/// The 系统管理员 deletes a recorded year (e.g. entered for the wrong year): working days touching it are 暂算 again until
/// it is recorded anew. The deleted row is kept in the audit trail.
/// </summary>
public sealed class DeleteHolidayYear(AppDbContext db)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapDelete("/calendar/{year:long}", async (long year, DeleteHolidayYear handler, CancellationToken ct) => (await handler.Handle(year, ct)).ToHttp())
           .Require(Permission.CalendarManage, OrgFrom.None)
           .WithSummary("删除某年的节假日安排（删除后涉及该年的工作日计算为暂算）")
           .Produces(204).ProducesProblem(404);

    public async Task<Result> Handle(long year, CancellationToken ct = default)
    {
        if (HolidayArrangementRules.CheckYear(year) is { } bad) return Result.Invalid("year", bad);
        var y = (int)year;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await db.Set<HolidayArrangement>().FirstOrDefaultAsync(h => h.Year == y, ct);
        if (row is null) return Result.NotFound($"{y}年的节假日安排未录入");
        db.Remove(row);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
