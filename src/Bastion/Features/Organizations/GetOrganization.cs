using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>GET /api/v1/organizations/{id} — one organization with its parent, children and capabilities.</summary>
public static class GetOrganization
{
    public sealed record Child(long Id, string Name, string Type, string Status);
    /// <summary>What the organization may do (<see cref="OrgCapabilities"/>): 临时党支部, 党小组 and dissolved organizations may not.</summary>
    public sealed record Capabilities(bool CanDevelopMembers, bool CanCollectDues, bool CanDiscipline, bool CanHoldElection);
    public sealed record Response(long Id, string Name, string Type, string Status, long? ParentId, string? ParentName, string Path,
        int? TermYears, bool IsBranch, int Members, IReadOnlyList<Child> Children,
        Capabilities Capabilities, DateTimeOffset? DissolvedAt, long? MergedIntoId, string? MergedIntoName);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/organizations/{id:long}", async (UserContext user, AppDbContext db, CancellationToken ct) =>
                Results.Ok(await LoadAsync(db, user.CurrentOrg!, ct)))
           .Require(Permission.OrgRead, OrgFrom.Route, "id")
           .WithSummary("组织详情（含下级组织与组织能力：能否发展党员、收缴党费、纪律处分、换届选举）").Produces<Response>();

    public static async Task<Response> LoadAsync(AppDbContext db, long id, CancellationToken ct = default) =>
        await LoadAsync(db, await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == id, ct), ct);

    public static async Task<Response> LoadAsync(AppDbContext db, Organization org, CancellationToken ct = default)
    {
        var parentName = org.ParentId is null ? null : await db.Organizations.Where(o => o.Id == org.ParentId).Select(o => o.Name).FirstOrDefaultAsync(ct);
        var mergedInto = org.MergedIntoId is null ? null : await db.Organizations.Where(o => o.Id == org.MergedIntoId).Select(o => o.Name).FirstOrDefaultAsync(ct);
        var children = await db.Organizations.AsNoTracking().Where(o => o.ParentId == org.Id)
            .OrderBy(o => o.SortOrder).ThenBy(o => o.Id)
            .Select(o => new { o.Id, o.Name, o.Type, o.Status }).ToListAsync(ct);
        var members = await Members.MemberQuery.OnRoll(db).CountAsync(m => m.OrgId == org.Id, ct); // as the member list counts
        var caps = new Capabilities(OrgCapabilities.CanDevelopMembers(org), OrgCapabilities.CanCollectDues(org),
            OrgCapabilities.CanDiscipline(org), OrgCapabilities.CanHoldElection(org));
        return new Response(org.Id, org.Name, org.Type.ToString(), org.Status.ToString(), org.ParentId, parentName, org.Path,
            OrgRules.TermYears(org.Type), OrgRules.IsBranch(org.Type), members,
            children.OrderBy(c => c.Status).Select(c => new Child(c.Id, c.Name, c.Type.ToString(), c.Status.ToString())).ToList(),
            caps, org.DissolvedAt, org.MergedIntoId, mergedInto);
    }
}
