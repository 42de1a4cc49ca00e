using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>GET /api/v1/orgs (roots of the caller's scope) and GET /api/v1/orgs/{id}/tree (nested, with member counts).</summary>
public static class OrgTreeApi
{
    public sealed record Root(long Id, string Name, string Type);
    public sealed record TreeNode(long Id, string Name, string Type, int MemberCount, bool HasChildren, IReadOnlyList<TreeNode> Children);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/orgs", Roots).Require(Permission.OrgRead, OrgFrom.None)
           .WithSummary("我的管理范围（授权组织）").Produces<IReadOnlyList<Root>>();
        api.MapGet("/orgs/{id:long}/tree", Tree).Require(Permission.OrgRead, OrgFrom.Route, "id")
           .WithSummary("组织树（memberCount 为含下级的党员数；?depth=1 只取下一级，用于逐级展开；已撤销组织不列出）").Produces<TreeNode>();
    }

    private static async Task<IResult> Roots(UserContext user, AppDbContext db, CancellationToken ct)
    {
        var roots = await user.ScopeRootsAsync(Permission.OrgRead, ct);
        var q = roots is null ? db.Organizations.Where(o => o.ParentId == null) : db.Organizations.FromSql($"SELECT * FROM organizations WHERE path = ANY ({roots.ToArray()}::ltree[])");
        var list = await q.AsNoTracking().OrderBy(o => o.SortOrder).ThenBy(o => o.Id).Select(o => new { o.Id, o.Name, o.Type }).ToListAsync(ct);
        return Results.Ok(list.Select(o => new Root(o.Id, o.Name, o.Type.ToString())));
    }

    private static async Task<IResult> Tree(int? depth, UserContext user, AppDbContext db, CancellationToken ct)
    {
        var root = user.CurrentOrg!;
        var maxDepth = depth is > 0 ? depth.Value : int.MaxValue;
        var rootLevel = root.Path.Count(c => c == '.');
        var orgs = await db.UnderOrg(root).AsNoTracking().Where(o => o.Status == OrgStatus.正常 || o.Id == root.Id)
            .Select(o => new { o.Id, o.Name, o.Type, o.ParentId, o.Path, o.SortOrder }).ToListAsync(ct);
        var ids = orgs.Select(o => o.Id).ToList();
        var direct = await db.Members.Where(m => ids.Contains(m.OrgId)).GroupBy(m => m.OrgId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var children = orgs.ToLookup(o => o.ParentId);
        var totals = new Dictionary<long, int>();
        int Total(long id)
        {
            if (totals.TryGetValue(id, out var t)) return t;
            t = direct.GetValueOrDefault(id) + children[id].Sum(c => Total(c.Id));
            return totals[id] = t;
        }
        TreeNode Build(long id, string name, OrgType type, int level) => new(
            id, name, type.ToString(), Total(id), children[id].Any(),
            level - rootLevel >= maxDepth ? [] : children[id].OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
                .Select(c => Build(c.Id, c.Name, c.Type, level + 1)).ToList());
        return Results.Ok(Build(root.Id, root.Name, root.Type, rootLevel));
    }
}
