using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.VolunteerBooks;

/// <summary>GET /api/v1/development/volunteer-books/ranges — the 志愿书 number ranges of the committees in the organization's subtree, with what is left.</summary>
public static class ListVolunteerBookRanges
{
    public sealed record Range(long Id, long OrgId, string Org, string Prefix, int StartNumber, int EndNumber, string First, string Last,
        DateOnly IssuedOn, string IssuedBy, string? DocumentNo, int Used, int Spoiled, int Left, string? Next, string? CreatedBy);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/development/volunteer-books/ranges", async (UserContext user, AppDbContext db, CancellationToken ct) =>
                Results.Ok(await RowsAsync(db, Query(db, user.CurrentOrg!), ct)))
           .Require(Permission.DevelopmentRead)
           .WithSummary("入党志愿书编号段（发放登记；?org= 组织：本级及下级党委的编号段；left 为剩余可用号数，next 为下一个编号）").Produces<List<Range>>();

    public static IQueryable<VolunteerBookRange> Query(AppDbContext db, Organization org)
    {
        var subtree = db.UnderOrg(org).Select(o => o.Id);
        return db.VolunteerBookRanges.AsNoTracking().Where(r => subtree.Contains(r.OrgId));
    }

    /// <summary>The ranges with their counts: used (given to a person), spoiled (作废/遗失, used or not), left to give.</summary>
    public static async Task<List<Range>> RowsAsync(AppDbContext db, IQueryable<VolunteerBookRange> ranges, CancellationToken ct)
    {
        var uses = db.VolunteerBookUses;
        var spoils = db.VolunteerBookSpoils;
        var rows = await (from r in ranges.AsNoTracking()
                          join o in db.Organizations.AsNoTracking() on r.OrgId equals o.Id
                          orderby r.OrgId, r.IssuedOn, r.Id
                          select new
                          {
                              r, o.Name,
                              CreatedBy = db.Users.Where(a => a.UserName == r.CreatedBy && a.DisplayName != "").Select(a => a.DisplayName).FirstOrDefault() ?? r.CreatedBy,
                              Used = uses.Count(u => u.RangeId == r.Id),
                              Spoiled = spoils.Count(s => s.RangeId == r.Id),
                              SpoiledAhead = spoils.Where(s => s.RangeId == r.Id && s.Number >= r.NextNumber).Select(s => s.Number).ToList(),
                          }).ToListAsync(ct);
        return rows.Select(x =>
        {
            var r = x.r;
            var next = VolunteerBookRules.NextFree(r.NextNumber, r.EndNumber, x.SpoiledAhead.ToHashSet());
            return new Range(r.Id, r.OrgId, x.Name, r.Prefix, r.StartNumber, r.EndNumber, VolunteerBookRules.Format(r, r.StartNumber), VolunteerBookRules.Format(r, r.EndNumber),
                r.IssuedOn, r.IssuedBy, r.DocumentNo, x.Used, x.Spoiled, VolunteerBookRules.Remaining(r, x.SpoiledAhead.Count),
                next is { } n ? VolunteerBookRules.Format(r, n) : null, x.CreatedBy);
        }).ToList();
    }
}
