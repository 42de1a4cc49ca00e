using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Meetings;

/// <summary>
/// Who belonged to an organization (a branch with its 党小组, or one 党小组) on a given day: the basis of 应到.
/// A member counts when a membership period covers the day, they had joined the party by then, and their
/// party standing was not suspended or ended by then. They have a vote when they were 正式党员 on that day,
/// and sit on the committee when the organization's term on that day lists them.
/// </summary>
public sealed class BranchRoster(AppDbContext db)
{
    public async Task<IReadOnlyList<RosterEntry>> OnAsync(Organization org, DateOnly day, CancellationToken ct = default)
    {
        var orgIds = db.UnderOrg(org).Select(o => o.Id);
        var rows = await (
            from ms in db.Set<MemberMembership>()
            join m in db.Members on ms.MemberId equals m.Id
            where orgIds.Contains(ms.OrgId) && ms.FromDate <= day && (ms.ToDate == null || day < ms.ToDate)
                  && m.JoinedAt <= day
                  && (m.PartyStatus == PartyStatus.正常 || (m.PartyStatusDate != null && m.PartyStatusDate > day))
            select new { m.Id, m.Name, m.Category, m.ConfirmedAt })
            .Distinct().ToListAsync(ct);

        var committee = await CommitteeOnAsync(org.Id, day, ct);
        return rows
            .Select(r => new RosterEntry(r.Id, r.Name,
                Voting: r.Category == MemberCategory.正式党员 && (r.ConfirmedAt is null || r.ConfirmedAt <= day),
                Committee: committee.Contains(r.Id)))
            .OrderBy(r => r.Name, StringComparer.Create(new System.Globalization.CultureInfo("zh-CN"), false))
            .ToList();
    }

    /// <summary>Who should attend (应到) a meeting of the kinds held by the organization on the day (<see cref="MeetingRules.ShouldAttend"/>).</summary>
    public async Task<IReadOnlyList<RosterEntry>> ExpectedAsync(Organization org, MeetingKinds kinds, DateOnly day, CancellationToken ct = default) =>
        MeetingRules.ShouldAttend(kinds, await OnAsync(org, day, ct));

    /// <summary>Member ids of the organization's committee (支委会) on the day, from its term history.</summary>
    public async Task<HashSet<long>> CommitteeOnAsync(long orgId, DateOnly day, CancellationToken ct = default)
    {
        var ids = await (
            from t in db.Set<OrgTerm>()
            join tm in db.Set<OrgTermMember>() on t.Id equals tm.TermId
            where t.OrgId == orgId && t.StartDate <= day && (t.EndDate == null || t.EndDate >= day)
                  && tm.MemberId != null && tm.AppointedAt <= day && (tm.LeftAt == null || tm.LeftAt >= day)
            select tm.MemberId!.Value).ToListAsync(ct);
        return ids.ToHashSet();
    }
}
