using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>
/// The 回避 check of a team member: the member (the account's linked member record) belongs now to an inspected
/// organization's subtree, or belonged to one within <see cref="InspectionRules.ConflictYears"/> years.
/// </summary>
public static class TeamConflict
{
    /// <summary>A period of membership in an organization (To is exclusive; null = still there).</summary>
    public sealed record Stint(string OrgName, string OrgPath, DateOnly From, DateOnly? To);

    /// <summary>An inspected organization.</summary>
    public sealed record Inspected(string Name, string Path);

    /// <summary>The conflicts as a Chinese note (null: none).</summary>
    public static string? Check(IEnumerable<Stint> stints, IEnumerable<Inspected> inspected, DateOnly today, int years = InspectionRules.ConflictYears)
    {
        var since = today.AddYears(-years);
        var notes = new List<string>();
        var targets = inspected.ToList();
        foreach (var s in stints.OrderBy(s => s.From))
        {
            if (s.From > today) continue;
            var current = s.To is null || s.To > today;
            if (!current && s.To <= since) continue;
            foreach (var t in targets.Where(t => OrgRules.IsWithin(s.OrgPath, t.Path)))
            {
                var where = s.OrgName == t.Name ? t.Name : $"{s.OrgName}（属被巡察的{t.Name}）";
                notes.Add(current ? $"现为{where}党员" : $"{ChineseDates.Date(s.From)}至{ChineseDates.Date(s.To!.Value)}曾在{where}（{years}年内）");
            }
        }
        return notes.Count == 0 ? null : "回避提示：" + string.Join("；", notes.Distinct());
    }

    /// <summary>The 回避 check of an account against the round's inspected organizations (null: no conflict).</summary>
    public static async Task<string?> ForRoundAsync(AppDbContext db, long roundId, long userId, DateOnly today, CancellationToken ct) =>
        await ForAccountAsync(db, userId, await (from t in db.Set<InspectionTarget>().AsNoTracking()
                                                 join o in db.Organizations.AsNoTracking() on t.OrgId equals o.Id
                                                 where t.RoundId == roundId
                                                 select new Inspected(o.Name, o.Path)).ToListAsync(ct), today, ct);

    /// <summary>The 回避 check of an account (its linked member's memberships) against the given inspected organizations (null: no conflict).</summary>
    public static async Task<string?> ForAccountAsync(AppDbContext db, long userId, IReadOnlyList<Inspected> inspected, DateOnly today, CancellationToken ct)
    {
        var memberId = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.MemberId).FirstOrDefaultAsync(ct);
        if (memberId is null) return null;
        if (inspected.Count == 0) return null;
        var stints = await (from m in db.Set<MemberMembership>().AsNoTracking()
                            join o in db.Organizations.AsNoTracking() on m.OrgId equals o.Id
                            where m.MemberId == memberId
                            select new Stint(o.Name, o.Path, m.FromDate, m.ToDate)).ToListAsync(ct);
        // the member's current organization counts even when the history has no open row
        var current = await (from m in db.Members.AsNoTracking()
                             join o in db.Organizations.AsNoTracking() on m.OrgId equals o.Id
                             where m.Id == memberId
                             select new { o.Name, o.Path, m.OrgId }).FirstOrDefaultAsync(ct);
        if (current is not null && !stints.Any(s => s.OrgPath == current.Path && (s.To is null || s.To > today)))
            stints.Add(new Stint(current.Name, current.Path, DateOnly.MinValue, null));
        return Check(stints, inspected, today);
    }
}
