using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>One 巡察 round: authorization, inspected organizations with their phases and finding counts, the team.</summary>
public sealed class GetInspectionRound(AppDbContext db)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/inspections/rounds/{id:long}", async (long id, GetInspectionRound handler, CancellationToken ct) => (await handler.Handle(id, ct)).ToHttp())
           .RequireRecord(Permission.InspectionRead, typeof(InspectionRound))
           .WithSummary("巡察轮次详情（被巡察党组织及其阶段、巡察组、问题数）").Produces<InspectionQueries.RoundDetails>();

    /// <summary>The round with its inspected organizations (phases, finding counts) and its team; NotFound when missing.</summary>
    public async Task<Result<InspectionQueries.RoundDetails>> Handle(long id, CancellationToken ct)
    {
        var r = await db.Set<InspectionRound>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null) return Result.NotFound();
        var orgName = await db.Organizations.AsNoTracking().Where(o => o.Id == r.OrgId).Select(o => o.Name).FirstAsync(ct);
        var targets = await (from t in db.Set<InspectionTarget>().AsNoTracking()
                             join o in db.Organizations.AsNoTracking() on t.OrgId equals o.Id
                             where t.RoundId == id
                             orderby o.SortOrder, o.Id
                             select new { t, o.Name }).ToListAsync(ct);
        var ids = targets.Select(x => x.t.Id).ToList();
        var phases = (await db.Set<InspectionPhaseEntry>().AsNoTracking().Where(e => ids.Contains(e.TargetId)).OrderBy(e => e.Id).ToListAsync(ct))
            .ToLookup(e => e.TargetId);
        var counts = await db.Set<InspectionFinding>().AsNoTracking().Where(f => f.RoundId == id)
            .GroupBy(f => f.TargetId)
            .Select(g => new { g.Key, All = g.Count(), Clues = g.Count(f => f.Category == FindingCategory.问题线索), Shared = g.Count(f => f.State != FindingState.草稿) })
            .ToDictionaryAsync(x => x.Key, ct);
        var team = await db.Set<InspectionTeamMember>().AsNoTracking().Where(m => m.RoundId == id).OrderBy(m => m.Role).ThenBy(m => m.Id)
            .Select(m => new InspectionQueries.TeamRow(m.Id, m.UserId, m.Name, m.Role.ToString(), m.ConflictNote, m.ConflictAcknowledged, m.AcknowledgementReason)).ToListAsync(ct);
        return new InspectionQueries.RoundDetails(r.Id, r.Name, r.Year, r.OrgId, orgName, r.Plan, r.StartsOn, r.EndsOn, r.AuthorizedBy, r.AuthorizationNo, r.AuthorizedOn,
            r.AuthorizationScope, r.Archived,
            targets.Select(x => new InspectionQueries.TargetSummary(x.t.Id, x.t.OrgId, x.Name, x.t.Phase.ToString(), x.t.FeedbackAt,
                phases[x.t.Id].Select(e => new InspectionQueries.PhaseRow(e.Phase.ToString(), e.EnteredOn, e.RecordedBy, e.Note)).ToList(),
                counts.TryGetValue(x.t.Id, out var c) ? c.All - c.Clues : 0, counts.TryGetValue(x.t.Id, out var c2) ? c2.Clues : 0,
                counts.TryGetValue(x.t.Id, out var c3) ? c3.Shared : 0)).ToList(),
            team, InspectionRules.TeamSizeWarning(team.Count));
    }
}
