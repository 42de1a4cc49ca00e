using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Appraisals;

/// <summary>
/// GET /api/v1/appraisals?org=&amp;year= — the 民主评议党员 rounds of one year in the organization's subtree, each
/// with its members' 民主测评 tallies, the committee's grade and the follow-up of a 不合格 grade.
/// </summary>
public static class ListAppraisals
{
    public sealed record FollowUp(string Kind, DateOnly Deadline, string State, string? Result);
    public sealed record Entry(long MemberId, string Member, int VotesExcellent, int VotesQualified, int VotesBasic, int VotesUnqualified,
        string? Grade, FollowUp? FollowUp);
    public sealed record Round(long Id, long OrgId, string Org, int Year, string GradeSet, string State, int Voters, DateTimeOffset? FinishedAt,
        IReadOnlyList<Entry> Entries);
    public sealed record Response(long Org, int Year, int Rounds, int Finished, IReadOnlyList<Round> Items);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/appraisals", Handle).Require(Permission.MeetingRead)
           .WithSummary("民主评议党员（?org= 组织及其下级；year 年度，默认今年）：各支部的测评票数、评定等次与不合格处置").Produces<Response>();

    private static async Task<IResult> Handle(UserContext user, AppDbContext db, TimeProvider clock, int? year, CancellationToken ct)
    {
        var y = year ?? clock.Today().Year;
        if (y is < 2000 or > 2100) return Web.ErrorResponses.Validation(new Dictionary<string, string[]> { ["year"] = ["年度应在2000至2100之间"] });
        var orgs = db.UnderOrg(user.CurrentOrg!);
        var rounds = await (from r in db.Set<AppraisalRound>().AsNoTracking()
                            join o in orgs on r.OrgId equals o.Id
                            where r.Year == y
                            orderby o.Path
                            select new { r, o.Name }).ToListAsync(ct);
        var ids = rounds.Select(x => x.r.Id).ToList();
        var entries = await (from e in db.Set<AppraisalEntry>().AsNoTracking()
                             join m in db.Members on e.MemberId equals m.Id
                             where ids.Contains(e.RoundId)
                             orderby m.Name
                             select new { e, m.Name, F = db.Set<AppraisalFollowUp>().FirstOrDefault(f => f.EntryId == e.Id) }).ToListAsync(ct);
        var byRound = entries.ToLookup(x => x.e.RoundId);
        var items = rounds.Select(x => new Round(x.r.Id, x.r.OrgId, x.Name, x.r.Year, x.r.GradeSet.ToString(), x.r.State.ToString(), x.r.Voters, x.r.FinishedAt,
            byRound[x.r.Id].Select(e => new Entry(e.e.MemberId, e.Name, e.e.VotesExcellent, e.e.VotesQualified, e.e.VotesBasic, e.e.VotesUnqualified,
                e.e.Grade?.ToString(), e.F is null ? null : new FollowUp(e.F.Kind.ToString(), e.F.Deadline, e.F.State.ToString(), e.F.ResultNote))).ToList())).ToList();
        return Results.Ok(new Response(user.CurrentOrg!.Id, y, items.Count, items.Count(r => r.State == nameof(AppraisalState.已完成)), items));
    }
}
