using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>The 巡察 rounds run in an organization's subtree (the list page and the API).</summary>
public sealed class ListInspectionRounds(AppDbContext db)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/inspections/rounds", async (UserContext user, ListInspectionRounds handler, CancellationToken ct) =>
                Results.Ok(await handler.Handle(user.CurrentOrg!, ct)))
           .Require(Permission.InspectionRead)
           .WithSummary("巡察轮次列表（?org= 组织及其下级党委组织的轮次）").Produces<List<InspectionQueries.RoundRow>>();

    /// <summary>Rounds run by organizations of the subtree of <paramref name="root"/>.</summary>
    public async Task<List<InspectionQueries.RoundRow>> Handle(Organization root, CancellationToken ct)
    {
        var orgs = db.UnderOrg(root);
        return await (from r in db.Set<InspectionRound>().AsNoTracking()
                      join o in orgs on r.OrgId equals o.Id
                      orderby r.Archived, r.Year descending, r.StartsOn descending, r.Id descending
                      select new InspectionQueries.RoundRow(r.Id, r.Name, r.Year, r.OrgId, o.Name, r.StartsOn, r.EndsOn, r.Archived,
                          db.Set<InspectionTarget>().Count(t => t.RoundId == r.Id), db.Set<InspectionTeamMember>().Count(m => m.RoundId == r.Id)))
            .ToListAsync(ct);
    }
}
