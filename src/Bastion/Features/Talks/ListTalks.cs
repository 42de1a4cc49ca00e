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
    /// 覆盖情况 of a branch in a year, by the compliance rule's own definition (<see cref="Compliance.TalksOwed"/>): the
    /// members owed a talk, those not talked with yet, and the members on the roll who are not owed one this year (they
    /// came in the second half of the year).
    /// </summary>
    public sealed record Coverage(IReadOnlyList<RosterEntry> Owed, IReadOnlyList<RosterEntry> NotYet, IReadOnlyList<RosterEntry> NotOwed);

    public static async Task<(IReadOnlyList<RosterEntry> Roster, Coverage Coverage)> CoverageAsync(AppDbContext db, BranchRoster roster,
        Organization branch, int year, DateOnly today, CancellationToken ct = default)
    {
        var on = Compliance.TalksOwed.ReferenceDay(Period.OfYear(year), today);
        var members = await roster.OnAsync(branch, on, ct);
        var owed = (await Compliance.TalksOwed.ListAsync(db, branch, year, today, ct)).ToDictionary(x => x.MemberId, x => x.Talked);
        var byId = members.ToDictionary(m => m.MemberId);
        // the owed are on the roll of that day; names come from it (a member the roll does not list is looked up)
        var missing = owed.Keys.Where(id => !byId.ContainsKey(id)).ToList();
        if (missing.Count > 0)
            foreach (var m in await db.Members.AsNoTracking().Where(m => missing.Contains(m.Id)).Select(m => new { m.Id, m.Name }).ToListAsync(ct))
                byId[m.Id] = new RosterEntry(m.Id, m.Name, false, false);
        var zh = StringComparer.Create(new System.Globalization.CultureInfo("zh-CN"), false);
        var owedList = owed.Keys.Select(id => byId[id]).OrderBy(m => m.Name, zh).ToList();
        return (members, new Coverage(owedList, owedList.Where(m => !owed[m.MemberId]).ToList(), members.Where(m => !owed.ContainsKey(m.MemberId)).ToList()));
    }
}
