using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;

namespace Bastion.Features.Organizations;

/// <summary>GET /api/v1/organizations/{id}/units — the units a 联合党支部 covers, with those removed (removedAt set).</summary>
public static class ListJointUnits
{
    public sealed record Unit(long Id, string Name, DateTimeOffset AddedAt, DateTimeOffset? RemovedAt);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/organizations/{id:long}/units", async (long id, AppDbContext db, CancellationToken ct) => Results.Ok(await LoadAsync(db, id, ct)))
           .Require(Permission.OrgRead, OrgFrom.Route, "id")
           .WithSummary("联合党支部覆盖的单位（含已移除的，removedAt 非空）").Produces<List<Unit>>();

    public static async Task<List<Unit>> LoadAsync(AppDbContext db, long orgId, CancellationToken ct) =>
        (await OrgDetails.UnitsAsync(db, orgId, ct)).Select(u => new Unit(u.Id, u.Name, u.AddedAt, u.RemovedAt)).ToList();
}
