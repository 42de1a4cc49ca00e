using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>
/// A member who leaves an organization (accepted by another branch, transferred out of the platform with a
/// 介绍信, 出党) leaves its committee: their open appointments in the current terms of the organizations they no
/// longer belong to end on the day they left (<see cref="TermRules.DepartureDate"/>). The rows are kept with the
/// end date, so the term history still shows who served; the committee (支委会 roster and quorum) stops counting
/// them from that day on, and the term page shows the vacancy. The caller saves, in its own transaction.
/// </summary>
public static class EndPostsOnLeaving
{
    /// <param name="stillIn">The organization the member belongs to now (null when they left the platform or the
    /// party): appointments in it and its ancestors stay, e.g. a 党委委员 moved between two branches of that 党委.</param>
    public static async Task<IReadOnlyList<OrgTermMember>> EndAsync(AppDbContext db, long memberId, Organization? stillIn, DateOnly leftOn, CancellationToken ct = default)
    {
        var keep = stillIn is null ? [] : stillIn.Path.Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var open = await (from tm in db.OrgTermMembers
                          join t in db.OrgTerms on tm.TermId equals t.Id
                          where tm.MemberId == memberId && tm.LeftAt == null && t.EndDate == null && !keep.Contains(t.OrgId)
                          select tm).ToListAsync(ct);
        foreach (var post in open) post.LeftAt = TermRules.DepartureDate(post.AppointedAt, leftOn);
        return open;
    }
}
