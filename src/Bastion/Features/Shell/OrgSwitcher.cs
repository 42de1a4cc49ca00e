using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Shell;

/// <summary>The organizations an account may act in, for the switcher in the top bar.</summary>
public static class OrgSwitcher
{
    public sealed record Option(long Id, string Name, int Depth);

    public static async Task<IReadOnlyList<Option>> OptionsAsync(AppDbContext db, UserContext user, CancellationToken ct = default)
    {
        var grants = await user.GrantsAsync(ct);
        if (!Access.Allows(grants, Permission.DashboardView, null)) return [];
        return await OrderedAsync(await db.OrganizationsFor(user, Permission.DashboardView, ct), ct);
    }

    /// <summary>Every organization (for administrators choosing a grant's scope).</summary>
    public static Task<IReadOnlyList<Option>> AllAsync(AppDbContext db, CancellationToken ct = default) => OrderedAsync(db.Organizations, ct);

    private static async Task<IReadOnlyList<Option>> OrderedAsync(IQueryable<Organization> source, CancellationToken ct)
    {
        var orgs = await source
            .AsNoTracking()
            .Where(o => o.Status == OrgStatus.正常 && o.Type != OrgType.党小组)
            .Select(o => new { o.Id, o.Name, o.Path, o.ParentId, o.SortOrder })
            .ToListAsync(ct);
        // depth-first order by path, indented by depth
        var byParent = orgs.ToLookup(o => o.ParentId);
        var ids = orgs.Select(o => o.Id).ToHashSet();
        var result = new List<Option>(orgs.Count);
        void Walk(long? parent, int depth)
        {
            foreach (var o in byParent[parent].OrderBy(o => o.SortOrder).ThenBy(o => o.Id))
            {
                result.Add(new Option(o.Id, o.Name, depth));
                Walk(o.Id, depth + 1);
            }
        }
        foreach (var top in orgs.Where(o => o.ParentId is null || !ids.Contains(o.ParentId.Value)).OrderBy(o => o.Path.Length).ThenBy(o => o.SortOrder))
        {
            result.Add(new Option(top.Id, top.Name, 0));
            Walk(top.Id, 1);
        }
        return result;
    }
}
