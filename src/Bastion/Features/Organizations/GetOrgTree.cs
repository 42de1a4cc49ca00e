using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>GET /api/v1/orgs/{id}/tree — the organization tree under one organization, nested, with member counts.</summary>
public static class GetOrgTree
{
    public sealed record TreeNode(long Id, string Name, string Type, int MemberCount, bool HasChildren, IReadOnlyList<TreeNode> Children);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/orgs/{id:long}/tree", async (int? depth, UserContext user, AppDbContext db, CancellationToken ct) =>
                Results.Ok(await LoadAsync(db, user.CurrentOrg!, depth, ct)))
           .Require(Permission.OrgRead, OrgFrom.Route, "id")
           .WithSummary("组织树（memberCount 为含下级的党员数；?depth=1 只取下一级，用于逐级展开；已撤销组织不列出）").Produces<TreeNode>();

    private sealed record PrefixCount(string Prefix, int Count);

    /// <summary>
    /// The tree under the organization in scope. Member counts come from org_member_counts (kept by triggers);
    /// with ?depth=N only N levels are loaded and each node's subtree count is one grouped sum per level, so a
    /// lazy first level of a 50,000-node tree reads counts, not members.
    /// </summary>
    public static async Task<TreeNode> LoadAsync(AppDbContext db, Organization root, int? depth, CancellationToken ct)
    {
        var maxDepth = depth is > 0 ? Math.Min(depth.Value, 20) : int.MaxValue;
        var rootLevel = root.Path.Count(c => c == '.') + 1; // nlevel(root.path)
        var within = db.UnderOrg(root).AsNoTracking().Where(o => o.Status == OrgStatus.正常 || o.Id == root.Id);
        if (maxDepth != int.MaxValue)
        {
            var deepest = rootLevel + maxDepth;
            within = db.Organizations.FromSql($"SELECT * FROM organizations WHERE path <@ {root.Path}::ltree AND nlevel(path) <= {deepest}")
                .AsNoTracking().Where(o => o.Status == OrgStatus.正常 || o.Id == root.Id);
        }
        var orgs = await within.Select(o => new { o.Id, o.Name, o.Type, o.ParentId, o.Path, o.SortOrder }).ToListAsync(ct);
        var children = orgs.ToLookup(o => o.ParentId);
        // org_member_counts counts every member record; those not on the roll (transferred out) are few and taken off
        // below, so the tree counts what the member list counts (Members.MemberQuery.OnRoll)
        var keptOut = await (from m in Members.MemberQuery.KeptOut(db) join o in db.UnderOrg(root) on m.OrgId equals o.Id select o.Path).ToListAsync(ct);
        int KeptOutUnder(string path, bool subtree) => keptOut.Count(p => p == path || (subtree && p.StartsWith(path + ".", StringComparison.Ordinal)));
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        HashSet<string> withChildren;
        if (maxDepth == int.MaxValue)
        {
            var direct = await (from o in db.UnderOrg(root) join c in db.Set<OrgMemberCount>() on o.Id equals c.OrgId select new { o.Path, c.Direct })
                .ToDictionaryAsync(x => x.Path, x => x.Direct, StringComparer.Ordinal, ct);
            var byPath = orgs.ToDictionary(o => o.Id, o => o.Path);
            int Sum(long id) => totals.TryGetValue(byPath[id], out var t) ? t
                : totals[byPath[id]] = direct.GetValueOrDefault(byPath[id]) - KeptOutUnder(byPath[id], subtree: false) + children[id].Sum(c => Sum(c.Id));
            Sum(root.Id);
            withChildren = orgs.Where(o => o.ParentId is not null).Select(o => byPath.GetValueOrDefault(o.ParentId!.Value) ?? "").ToHashSet(StringComparer.Ordinal);
        }
        else
        {
            // one grouped sum per loaded level below the root; the root's own total adds its direct members
            for (var level = rootLevel + 1; level <= rootLevel + maxDepth; level++)
                foreach (var p in await db.Database.SqlQuery<PrefixCount>($"""
                        SELECT subpath(o.path, 0, {level})::text AS "Prefix", sum(c.direct)::int AS "Count"
                        FROM organizations o JOIN org_member_counts c ON c.org_id = o.id
                        WHERE o.path <@ {root.Path}::ltree AND nlevel(o.path) >= {level}
                        GROUP BY 1
                        """).ToListAsync(ct))
                    totals[p.Prefix] = p.Count - KeptOutUnder(p.Prefix, subtree: true);
            var rootDirect = await db.Set<OrgMemberCount>().Where(c => c.OrgId == root.Id).Select(c => c.Direct).FirstOrDefaultAsync(ct)
                             - KeptOutUnder(root.Path, subtree: false);
            totals[root.Path] = rootDirect + orgs.Where(o => o.ParentId == root.Id).Sum(o => totals.GetValueOrDefault(o.Path));
            // which nodes on the last loaded level have children of their own
            var last = rootLevel + maxDepth;
            withChildren = (await db.Database.SqlQuery<string>($"""
                    SELECT DISTINCT subpath(path, 0, {last})::text AS "Value" FROM organizations
                    WHERE path <@ {root.Path}::ltree AND nlevel(path) = {last + 1} AND status = '正常'
                    """).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var loaded = orgs.ToDictionary(o => o.Id, o => o.Path);
            foreach (var o in orgs)
                if (o.ParentId is { } parent && loaded.TryGetValue(parent, out var parentPath)) withChildren.Add(parentPath);
        }
        TreeNode Build(long id, string name, OrgType type, string path, int level) => new(
            id, name, type.ToString(), totals.GetValueOrDefault(path), withChildren.Contains(path),
            level - rootLevel >= maxDepth ? [] : children[id].OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
                .Select(c => Build(c.Id, c.Name, c.Type, c.Path, level + 1)).ToList());
        return Build(root.Id, root.Name, root.Type, root.Path, rootLevel);
    }
}
