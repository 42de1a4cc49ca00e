using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Talks;

/// <summary>The talks of a year in an organization's subtree, and a branch's coverage (members not yet talked with).</summary>
public static class ListTalks
{
    public sealed record Row(long Id, long OrgId, string OrgName, DateOnly HeldOn, long TalkerId, string Talker, long MemberId, string Member, string Topics, string? FollowUp);

    public static async Task<IReadOnlyList<Row>> RowsAsync(AppDbContext db, Organization root, int year, long? memberId, long? talkerId, CancellationToken ct = default)
    {
        var first = new DateOnly(year, 1, 1);
        var next = first.AddYears(1);
        var q = from t in db.Set<Talk>().AsNoTracking()
                join o in db.UnderOrg(root) on t.OrgId equals o.Id
                join tk in db.Members on t.TalkerMemberId equals tk.Id
                join m in db.Members on t.MemberId equals m.Id
                where t.HeldOn >= first && t.HeldOn < next
                select new { t, o.Name, Talker = tk.Name, Member = m.Name };
        if (memberId is { } mid) q = q.Where(x => x.t.MemberId == mid);
        if (talkerId is { } tid) q = q.Where(x => x.t.TalkerMemberId == tid);
        return await q.OrderByDescending(x => x.t.HeldOn).ThenByDescending(x => x.t.Id)
            .Select(x => new Row(x.t.Id, x.t.OrgId, x.Name, x.t.HeldOn, x.t.TalkerMemberId, x.Talker, x.t.MemberId, x.Member, x.t.Topics, x.t.FollowUp))
            .ToListAsync(ct);
    }

    /// <summary>
    /// 覆盖情况: the branch's members (on the year's last day, or today for the current year) that no talk of the
    /// branch reached in that year — the compliance rule is every member at least once a year.
    /// </summary>
    public static async Task<(IReadOnlyList<RosterEntry> Roster, IReadOnlyList<RosterEntry> NotYet)> CoverageAsync(AppDbContext db, BranchRoster roster,
        Organization branch, int year, DateOnly today, CancellationToken ct = default)
    {
        var yearEnd = new DateOnly(year, 12, 31);
        var on = today < yearEnd ? today : yearEnd;
        var members = await roster.OnAsync(branch, on, ct);
        var from = new DateOnly(year, 1, 1);
        var talked = (await db.Set<Talk>().AsNoTracking()
            .Where(t => t.OrgId == branch.Id && t.HeldOn >= from && t.HeldOn <= yearEnd)
            .Select(t => t.MemberId).Distinct().ToListAsync(ct)).ToHashSet();
        return (members, members.Where(m => !talked.Contains(m.MemberId)).ToList());
    }
}
