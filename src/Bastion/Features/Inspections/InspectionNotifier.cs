using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>Notifications of 巡察 to the inspected leadership, the round's team, or the receiving department (added to the context).</summary>
public sealed class InspectionNotifier(AppDbContext db, TimeProvider clock)
{
    /// <summary>The inspected organization's leadership (<see cref="CreateRectificationPlan.InspectedLeadershipAsync"/>).</summary>
    public async Task InspectedLeadershipAsync(long orgId, string title, string body, string url, CancellationToken ct) =>
        Add((await CreateRectificationPlan.InspectedLeadershipAsync(db, orgId, ct)).Select(l => l.Id), orgId, title, body, url);

    /// <summary>The round's team members (and the finding's author when given).</summary>
    public async Task TeamAsync(long roundId, long orgId, long? exceptUserId, string title, string body, string url, CancellationToken ct)
    {
        var ids = await db.Set<InspectionTeamMember>().AsNoTracking().Where(m => m.RoundId == roundId).Select(m => m.UserId).ToListAsync(ct);
        Add(ids.Where(i => i != exceptUserId), orgId, title, body, url);
    }

    /// <summary>Accounts holding a role whose subtree contains the organization.</summary>
    public async Task RoleOverAsync(Role role, long orgId, string title, string body, string url, CancellationToken ct)
    {
        var path = await db.Organizations.AsNoTracking().Where(o => o.Id == orgId).Select(o => o.Path).FirstAsync(ct);
        var grants = await (from g in db.RoleGrants.AsNoTracking()
                            join o in db.Organizations.AsNoTracking() on g.OrgId equals o.Id
                            join u in db.Users.AsNoTracking() on g.UserId equals u.Id
                            where g.Role == role && !u.IsDisabled
                            select new { g.UserId, o.Path }).ToListAsync(ct);
        Add(grants.Where(g => OrgRules.IsWithin(path, g.Path)).Select(g => g.UserId), orgId, title, body, url);
    }

    private void Add(IEnumerable<long> userIds, long orgId, string title, string body, string url)
    {
        var now = clock.GetUtcNow();
        foreach (var id in userIds.Distinct())
            db.Notifications.Add(new Notification { UserId = id, OrgId = orgId, Title = title.Length > 200 ? title[..200] : title, Body = body, Url = url, CreatedAt = now });
    }
}
