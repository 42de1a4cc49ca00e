using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>GET /api/v1/organizations/{id} — one organization with its parent and children.</summary>
public static class GetOrganization
{
    public sealed record Child(long Id, string Name, string Type);
    public sealed record Response(long Id, string Name, string Type, string Status, long? ParentId, string? ParentName, string Path,
        int? TermYears, bool IsBranch, int Members, IReadOnlyList<Child> Children);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/organizations/{id:long}", async (UserContext user, AppDbContext db, CancellationToken ct) =>
                Results.Ok(await LoadAsync(db, user.CurrentOrg!, ct)))
           .Require(Permission.OrgRead, OrgFrom.Route, "id")
           .WithSummary("组织详情").Produces<Response>();

    public static async Task<Response> LoadAsync(AppDbContext db, Organization org, CancellationToken ct = default)
    {
        var parentName = org.ParentId is null ? null : await db.Organizations.Where(o => o.Id == org.ParentId).Select(o => o.Name).FirstOrDefaultAsync(ct);
        var children = await db.Organizations.AsNoTracking().Where(o => o.ParentId == org.Id).OrderBy(o => o.SortOrder).ThenBy(o => o.Id)
            .Select(o => new Child(o.Id, o.Name, o.Type.ToString())).ToListAsync(ct);
        var members = await db.Members.CountAsync(m => m.OrgId == org.Id, ct);
        return new Response(org.Id, org.Name, org.Type.ToString(), org.Status.ToString(), org.ParentId, parentName, org.Path,
            OrgRules.TermYears(org.Type), OrgRules.IsBranch(org.Type), members, children);
    }
}
