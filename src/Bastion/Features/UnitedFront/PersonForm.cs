using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.UnitedFront;

/// <summary>What the shared form partial (_PersonForm) needs.</summary>
public sealed record PersonForm(PersonInput Input, IDictionary<string, string[]> Errors, IReadOnlyList<PersonForm.OrgOption>? Orgs, string? PhoneHint, string SubmitText, string CancelUrl)
{
    public sealed record OrgOption(long Id, string Name, int Depth);

    public string Invalid(string key) => Errors.ContainsKey(key) ? "is-invalid" : "";

    public string? Error(string key) => Errors.TryGetValue(key, out var e) && e.Length > 0 ? e[0] : null;

    /// <summary>The organizations a new record may be filed under: the organization in scope and its 党委/党总支/党支部 beneath, depth-first.</summary>
    public static async Task<IReadOnlyList<OrgOption>> OrgOptionsAsync(AppDbContext db, Organization scope, CancellationToken ct = default)
    {
        var orgs = await db.UnderOrg(scope).AsNoTracking()
            .Where(o => o.Status == OrgStatus.正常 && o.Type != OrgType.党小组)
            .Select(o => new { o.Id, o.Name, o.ParentId, o.SortOrder })
            .ToListAsync(ct);
        var byParent = orgs.ToLookup(o => o.ParentId);
        var result = new List<OrgOption>(orgs.Count);
        void Walk(long id, string name, int depth)
        {
            result.Add(new OrgOption(id, name, depth));
            foreach (var c in byParent[id].OrderBy(o => o.SortOrder).ThenBy(o => o.Id)) Walk(c.Id, c.Name, depth + 1);
        }
        if (orgs.Any(o => o.Id == scope.Id)) Walk(scope.Id, scope.Name, 0);
        return result;
    }
}
