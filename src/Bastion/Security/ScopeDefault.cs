using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Security;

/// <summary>The one rule for the default organization of a scope: the first scope root (or the first top organization when the scope is everywhere).</summary>
public static class ScopeDefault
{
    /// <summary>
    /// The organization a page or list starts from when none is chosen: for <paramref name="roots"/> null (everywhere) the first
    /// top-level organization by sort order, else the first root of the scope; null when the scope is empty.
    /// </summary>
    public static async Task<Organization?> FirstRootAsync(this AppDbContext db, IReadOnlyList<string>? roots, CancellationToken ct = default)
    {
        if (roots is null)
            return await db.Organizations.AsNoTracking().Where(o => o.ParentId == null).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).FirstOrDefaultAsync(ct);
        if (roots.Count == 0) return null;
        var first = roots[0];
        return await db.Organizations.FromSql($"SELECT * FROM organizations WHERE path = {first}::ltree").AsNoTracking().SingleOrDefaultAsync(ct);
    }
}
