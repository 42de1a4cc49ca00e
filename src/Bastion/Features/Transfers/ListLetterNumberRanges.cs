using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>
/// GET /api/v1/transfer-letters/ranges — the 介绍信 number ranges set in the organization's subtree and by the
/// committees above it (whose letters its branches use), with how many numbers are left.
/// </summary>
public static class ListLetterNumberRanges
{
    public sealed record Range(long Id, long OrgId, string Org, string Prefix, int StartNumber, int EndNumber, int NextNumber, int Left, string First, string Last);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/transfer-letters/ranges", async (UserContext user, AppDbContext db, CancellationToken ct) => Results.Ok(await LoadAsync(db, user.CurrentOrg!, ct)))
           .Require(Permission.MemberRead)
           .WithSummary("介绍信编号段（?org= 组织：本级及下级设置的，以及上级党委的编号段；left 为剩余可用号数）").Produces<List<Range>>();

    public static async Task<List<Range>> LoadAsync(AppDbContext db, Organization org, CancellationToken ct)
    {
        var subtree = db.UnderOrg(org).Select(o => o.Id);
        var chain = TransfersDb.SelfAndAncestors(org);
        var rows = await (from r in db.LetterNumberRanges.AsNoTracking()
                          where subtree.Contains(r.OrgId) || chain.Contains(r.OrgId)
                          join o in db.Organizations.AsNoTracking() on r.OrgId equals o.Id
                          orderby r.OrgId, r.Id
                          select new { r, o.Name }).ToListAsync(ct);
        return rows.Select(x => Row(x.r, x.Name)).ToList();
    }

    /// <summary>One range as the API shows it: numbers left, first and last letter number.</summary>
    public static Range Row(LetterNumberRange r, string org) => new(r.Id, r.OrgId, org, r.Prefix, r.StartNumber, r.EndNumber, r.NextNumber,
        Math.Max(0, r.EndNumber - r.NextNumber + 1), TransferRules.FormatLetterNo(r.Prefix, r.StartNumber, r.EndNumber), TransferRules.FormatLetterNo(r.Prefix, r.EndNumber, r.EndNumber));
}
