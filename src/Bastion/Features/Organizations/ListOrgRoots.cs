using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>GET /api/v1/orgs — the roots of the caller's scope (the organizations they were granted).</summary>
public static class ListOrgRoots
{
    public sealed record Root(long Id, string Name, string Type);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/orgs", async (UserContext user, AppDbContext db, CancellationToken ct) => Results.Ok(await LoadAsync(db, user, ct)))
           .Require(Permission.OrgRead, OrgFrom.None)
           .WithSummary("我的管理范围（授权组织）").Produces<IReadOnlyList<Root>>();

    public static async Task<IReadOnlyList<Root>> LoadAsync(AppDbContext db, UserContext user, CancellationToken ct)
    {
        var roots = await user.ScopeRootsAsync(Permission.OrgRead, ct);
        var q = roots is null ? db.Organizations.Where(o => o.ParentId == null) : db.Organizations.FromSql($"SELECT * FROM organizations WHERE path IN (SELECT unnest(CAST({roots.ToArray()} AS ltree[])))");
        var list = await q.AsNoTracking().OrderBy(o => o.SortOrder).ThenBy(o => o.Id).Select(o => new { o.Id, o.Name, o.Type }).ToListAsync(ct);
        return list.Select(o => new Root(o.Id, o.Name, o.Type.ToString())).ToList();
    }
}
