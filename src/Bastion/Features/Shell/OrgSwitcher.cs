using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Shell;

/// <summary>
/// The organizations the switcher in the top bar offers. An account with few organizations in its scope sees them all,
/// indented; any other sees a bounded list (its grant roots, the current organization with its ancestors inside the
/// scope and its direct children) and finds any other organization of its scope by name (<see cref="SearchAsync"/>),
/// so the page stays small whatever the tenant's size.
/// </summary>
public static class OrgSwitcher
{
    /// <summary>At most this many organizations in scope: the whole indented list is shown.</summary>
    public const int FullListLimit = 50;
    /// <summary>Direct children of the current organization listed (the others are found by name).</summary>
    public const int ChildLimit = 30;
    /// <summary>Results of one search.</summary>
    public const int SearchLimit = 20;

    public sealed record Option(long Id, string Name, int Depth, OrgType Type, string? Parent = null);

    /// <summary>What the switcher lists: the options, how many children were left out, whether a search was cut at its limit.</summary>
    public sealed record Listing(IReadOnlyList<Option> Options, long? CurrentId, int MoreChildren = 0, bool MoreResults = false, string? Query = null);

    /// <summary>The organizations the account may switch to (null: it may switch nowhere).</summary>
    private static async Task<IQueryable<Organization>?> ScopeAsync(AppDbContext db, UserContext user, CancellationToken ct)
    {
        var grants = await user.GrantsAsync(ct);
        if (!Access.Allows(grants, Permission.DashboardView, null)) return null;
        return Offered(await db.OrganizationsFor(user, Permission.DashboardView, ct));
    }

    private static IQueryable<Organization> Offered(IQueryable<Organization> source) =>
        source.AsNoTracking().Where(o => o.Status == OrgStatus.正常 && o.Type != OrgType.党小组);

    /// <summary>The caller's current organization when the switcher may show it as current (null: none, or one outside its dashboard scope).</summary>
    public static async Task<Organization?> CurrentAsync(UserContext user, CancellationToken ct) =>
        user.CurrentOrg is { } org && await user.HasAsync(Permission.DashboardView, org, ct) ? org : null;

    /// <summary>The list shown when the switcher opens (and when its search box is emptied); null when the account has no organization to switch to.</summary>
    public static async Task<Listing?> DefaultAsync(AppDbContext db, UserContext user, Organization? current, CancellationToken ct = default)
    {
        if (await ScopeAsync(db, user, ct) is not { } scope) return null;
        var count = await scope.OrderBy(o => o.Id).Take(FullListLimit + 1).CountAsync(ct);
        if (count == 0) return null;
        if (count <= FullListLimit) return new Listing(await OrderedAsync(scope, ct), current?.Id);

        var ids = new HashSet<long>();
        var roots = await user.ScopeRootsAsync(Permission.DashboardView, ct);
        if (roots is null) ids.UnionWith(await scope.Where(o => o.ParentId == null).OrderBy(o => o.SortOrder).Select(o => o.Id).Take(ChildLimit).ToListAsync(ct));
        else ids.UnionWith(roots.Select(r => PathIds(r)[^1]));
        var more = 0;
        if (current is not null)
        {
            // its ancestors: those above the account's scope roots fall out with the scope filter below
            ids.UnionWith(PathIds(current.Path));
            var children = await scope.Where(o => o.ParentId == current.Id).OrderBy(o => o.SortOrder).ThenBy(o => o.Id)
                .Select(o => o.Id).Take(ChildLimit + 1).ToListAsync(ct);
            if (children.Count > ChildLimit)
            {
                more = await scope.CountAsync(o => o.ParentId == current.Id, ct) - ChildLimit;
                children.RemoveAt(ChildLimit);
            }
            ids.UnionWith(children);
        }
        var list = ids.ToList();
        return new Listing(await OrderedAsync(scope.Where(o => list.Contains(o.Id)), ct), current?.Id, more);
    }

    /// <summary>The organizations of the account's scope whose name contains the text (at most <see cref="SearchLimit"/>).</summary>
    public static async Task<Listing?> SearchAsync(AppDbContext db, UserContext user, Organization? current, string? q, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(q)) return await DefaultAsync(db, user, current, ct);
        if (await ScopeAsync(db, user, ct) is not { } scope) return null;
        return await FindAsync(db, scope, q, current?.Id, ct);
    }

    /// <summary>Any organization in being whose name contains the text (for the 安全管理员 choosing a grant's scope).</summary>
    public static Task<Listing> SearchAllAsync(AppDbContext db, string q, CancellationToken ct = default) => FindAsync(db, Offered(db.Organizations), q, null, ct);

    /// <summary>The top of the tree: the root organizations and their direct children (for a grant's scope before any search).</summary>
    public static async Task<Listing> TopAsync(AppDbContext db, CancellationToken ct = default)
    {
        var orgs = Offered(db.Organizations);
        var top = await orgs.Where(o => o.ParentId == null).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).Select(o => o.Id).Take(SearchLimit).ToListAsync(ct);
        var children = await orgs.Where(o => o.ParentId != null && top.Contains(o.ParentId.Value)).OrderBy(o => o.SortOrder).ThenBy(o => o.Id)
            .Select(o => o.Id).Take(SearchLimit).ToListAsync(ct);
        var ids = top.Concat(children).ToList();
        return new Listing(await OrderedAsync(orgs.Where(o => ids.Contains(o.Id)), ct), null);
    }

    private static async Task<Listing> FindAsync(AppDbContext db, IQueryable<Organization> scope, string q, long? currentId, CancellationToken ct)
    {
        var text = q.Trim();
        if (text.Length > 50) text = text[..50];
        var found = await (from o in scope.Where(o => EF.Functions.ILike(o.Name, SqlLike.Contains(text)))
                               .OrderBy(o => o.Name.Length).ThenBy(o => o.Name).ThenBy(o => o.Id).Take(SearchLimit + 1)
                           join p in db.Organizations.AsNoTracking() on o.ParentId equals (long?)p.Id into ps
                           from p in ps.DefaultIfEmpty()
                           select new Option(o.Id, o.Name, 0, o.Type, p == null ? null : p.Name)).ToListAsync(ct);
        var sorted = found.Take(SearchLimit).OrderBy(o => o.Name.Length).ThenBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.Id).ToList();
        return new Listing(sorted, currentId, MoreResults: found.Count > SearchLimit, Query: text);
    }

    /// <summary>"1.4.17" → [1, 4, 17].</summary>
    private static long[] PathIds(string path) =>
        path.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    private static async Task<IReadOnlyList<Option>> OrderedAsync(IQueryable<Organization> source, CancellationToken ct)
    {
        var orgs = await Offered(source)
            .Select(o => new { o.Id, o.Name, o.Type, o.Path, o.ParentId, o.SortOrder })
            .ToListAsync(ct);
        // depth-first order by path, indented by depth
        var byParent = orgs.ToLookup(o => o.ParentId);
        var ids = orgs.Select(o => o.Id).ToHashSet();
        var result = new List<Option>(orgs.Count);
        void Walk(long? parent, int depth)
        {
            foreach (var o in byParent[parent].OrderBy(o => o.SortOrder).ThenBy(o => o.Id))
            {
                result.Add(new Option(o.Id, o.Name, depth, o.Type));
                Walk(o.Id, depth + 1);
            }
        }
        foreach (var top in orgs.Where(o => o.ParentId is null || !ids.Contains(o.ParentId.Value)).OrderBy(o => o.Path.Length).ThenBy(o => o.SortOrder))
        {
            result.Add(new Option(top.Id, top.Name, 0, top.Type));
            Walk(top.Id, 1);
        }
        return result;
    }
}
