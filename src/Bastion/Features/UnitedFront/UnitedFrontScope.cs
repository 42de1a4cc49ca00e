using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.UnitedFront;

/// <summary>
/// Scope and authorization of 统战 records. Lists go through the subtree filter (<see cref="Subtree.UnderOrg"/>);
/// pages addressed by a record id are authorized against the record's own organization by their attribute
/// (<c>OrgFrom.Record</c>).
/// </summary>
public static class UnitedFrontScope
{
    /// <summary>Records whose organization lies in the subtree of an (already authorized) organization.</summary>
    public static IQueryable<UnitedFrontPerson> PeopleUnder(this AppDbContext db, Organization org)
    {
        var orgIds = db.UnderOrg(org).Select(o => o.Id);
        return db.Set<UnitedFrontPerson>().Where(p => orgIds.Contains(p.OrgId));
    }

    /// <summary>The audit row for one full (unmasked) view of a record's personal data.</summary>
    public static async Task AuditFullViewAsync(AppDbContext db, UnitedFrontPerson p, string where, CancellationToken ct = default)
    {
        AuditEvents.Add(db, FullViewAction, "united_front_people", p.Id, p.OrgId, new { fields = new[] { "phone" }, page = where });
        await db.SaveChangesAsync(ct);
    }

    public const string FullViewAction = "personal.view";
}
