using Bastion.Domain;

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
}
