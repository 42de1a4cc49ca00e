using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>
/// The organization tree under one organization, with member counts (direct and whole subtree). Dissolved
/// (已撤销) organizations are left out unless asked for; the root is always included.
/// </summary>
public static class ListOrganizations
{
    public sealed record Node(long Id, string Name, string Type, long? ParentId, string Path, int Depth, int Members, int SubtreeMembers, string Status);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/organizations", async (bool? includeDissolved, UserContext user, AppDbContext db, CancellationToken ct) =>
                Results.Ok(await TreeAsync(db, user.CurrentOrg!, includeDissolved == true, ct)))
           .Require(Permission.OrgRead)
           .WithSummary("组织树（?org= 指定根组织，默认当前组织；?includeDissolved=true 包含已撤销组织）").Produces<IReadOnlyList<Node>>();

    public static Task<IReadOnlyList<Node>> TreeAsync(AppDbContext db, Organization root, CancellationToken ct = default) =>
        TreeAsync(db, root, includeDissolved: false, ct);

    public static async Task<IReadOnlyList<Node>> TreeAsync(AppDbContext db, Organization root, bool includeDissolved, CancellationToken ct = default)
    {
        var q = db.UnderOrg(root).AsNoTracking();
        if (!includeDissolved) q = q.Where(o => o.Status == OrgStatus.正常 || o.Id == root.Id);
        var orgs = await q.OrderBy(o => o.SortOrder).ThenBy(o => o.Id).ToListAsync(ct);
        var ids = orgs.Select(o => o.Id).ToList();
        var direct = await Members.MemberQuery.OnRoll(db).Where(m => ids.Contains(m.OrgId)).GroupBy(m => m.OrgId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var rootDepth = root.Path.Count(c => c == '.');
        var ordered = new List<Node>(orgs.Count);
        var children = orgs.ToLookup(o => o.ParentId);
        int Walk(Organization o)
        {
            var index = ordered.Count;
            ordered.Add(null!);
            var total = direct.GetValueOrDefault(o.Id);
            foreach (var c in children[o.Id]) total += Walk(c);
            ordered[index] = new Node(o.Id, o.Name, o.Type.ToString(), o.ParentId, o.Path, o.Path.Count(c => c == '.') - rootDepth,
                direct.GetValueOrDefault(o.Id), total, o.Status.ToString());
            return total;
        }
        var top = orgs.FirstOrDefault(o => o.Id == root.Id);
        if (top is not null) Walk(top);
        return ordered;
    }
}
