using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;

namespace Bastion.Features.Organizations;

/// <summary>
/// GET /api/v1/organizations/{id}/liaisons — the 联系点 of a committee's leadership team (asCommittee), the leaders
/// linked to a branch (asBranch), and the branch's guidance visits.
/// </summary>
public static class ListLiaisons
{
    public sealed record Liaisons(IReadOnlyList<Liaison.Link> AsCommittee, IReadOnlyList<Liaison.Link> AsBranch, IReadOnlyList<Liaison.Visit> Visits);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/organizations/{id:long}/liaisons", async (long id, AppDbContext db, CancellationToken ct) => Results.Ok(await LoadAsync(db, id, ct)))
           .Require(Permission.OrgRead, OrgFrom.Route, "id")
           .WithSummary("联系点：本党委领导班子成员的联系点（asCommittee）、联系本支部的领导（asBranch）及走访指导记录").Produces<Liaisons>();

    public static async Task<Liaisons> LoadAsync(AppDbContext db, long orgId, CancellationToken ct) =>
        new(await Liaison.ListAsync(db, orgId, null, ct), await Liaison.ListAsync(db, null, orgId, ct), await Liaison.VisitsAsync(db, orgId, ct));
}
