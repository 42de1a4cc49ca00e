using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>Removes a unit from a 联合党支部's list; the row is kept with the time it was removed.</summary>
public sealed class RemoveJointUnit(AppDbContext db, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapDelete("/organizations/{id:long}/units/{unitId:long}", async (long id, long unitId, RemoveJointUnit handler, CancellationToken ct) =>
                (await handler.Handle(id, unitId, ct)).ToHttp())
           .Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("移除覆盖单位（保留记录及移除时间）").Produces(204).Produces(404);

    /// <summary>The 联合党支部 was authorized by the caller (OrgManage); NotFound when the unit is not on its current list.</summary>
    public async Task<Result> Handle(long orgId, long unitId, CancellationToken ct = default)
    {
        var unit = await db.JointUnits.FirstOrDefaultAsync(u => u.Id == unitId && u.OrgId == orgId && u.RemovedAt == null, ct);
        if (unit is null) return Result.NotFound("该单位不存在或已移除。");
        unit.RemovedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
