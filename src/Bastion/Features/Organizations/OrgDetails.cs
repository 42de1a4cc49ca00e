using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>What the details page shows besides <see cref="GetOrganization"/>: history, units, and choices for the forms.</summary>
public static class OrgDetails
{
    public sealed record HistoryRow(long Id, OrgHistoryAction Action, string? OldValue, string? NewValue, long? RelatedOrgId, string? RelatedOrgName,
        string Reason, string? ApprovalNo, string? ActorName, DateTimeOffset At);

    public sealed record Option(long Id, string Label);

    public static async Task<IReadOnlyList<HistoryRow>> HistoryAsync(AppDbContext db, long orgId, CancellationToken ct) =>
        await (from h in db.OrgHistories.AsNoTracking()
               where h.OrgId == orgId
               join r in db.Organizations on h.RelatedOrgId equals (long?)r.Id into related
               from r in related.DefaultIfEmpty()
               orderby h.At descending, h.Id descending
               select new HistoryRow(h.Id, h.Action, h.OldValue, h.NewValue, h.RelatedOrgId, r == null ? null : r.Name,
                   h.Reason, h.ApprovalNo, h.ActorName, h.At)).ToListAsync(ct);

    public static async Task<IReadOnlyList<JointUnit>> UnitsAsync(AppDbContext db, long orgId, CancellationToken ct) =>
        await db.JointUnits.AsNoTracking().Where(u => u.OrgId == orgId).OrderBy(u => u.RemovedAt != null).ThenBy(u => u.AddedAt).ThenBy(u => u.Id).ToListAsync(ct);

    private sealed record Candidate(long Id, string Name, OrgType Type, string Path, OrgStatus Status);

    /// <summary>
    /// Choices for the move, merge and 联系点 forms, in tree order and indented: active organizations the caller
    /// manages that the rules allow (the handlers check again).
    /// </summary>
    public static async Task<(IReadOnlyList<Option> MoveTo, IReadOnlyList<Option> MergeInto, IReadOnlyList<Option> Branches)> ChoicesAsync(
        AppDbContext db, UserContext user, Organization org, CancellationToken ct)
    {
        var scope = await db.OrganizationsFor(user, Permission.OrgManage, ct);
        var managed = await scope.AsNoTracking().Where(o => o.Status == OrgStatus.正常)
            .Select(o => new Candidate(o.Id, o.Name, o.Type, o.Path, o.Status)).Take(5000).ToListAsync(ct);
        managed.Sort((a, b) => ComparePaths(a.Path, b.Path));
        var childTypes = await db.Organizations.AsNoTracking().Where(o => o.ParentId == org.Id && o.Status == OrgStatus.正常).Select(o => o.Type).Distinct().ToListAsync(ct);
        var minDepth = managed.Count == 0 ? 0 : managed.Min(c => Depth(c.Path));
        Organization Probe(Candidate c) => new() { Id = c.Id, Name = c.Name, Type = c.Type, Path = c.Path, Status = c.Status };
        Option ToOption(Candidate c) => new(c.Id, new string('\u3000', Math.Min(8, Depth(c.Path) - minDepth)) + c.Name + "（" + c.Type + "）");

        var moveTo = managed.Where(c => OrgLifecycleRules.CheckMove(org, Probe(c)) is null).Select(ToOption).ToList();
        var mergeInto = managed.Where(c => OrgLifecycleRules.CheckMerge(org, Probe(c), childTypes) is null).Select(ToOption).ToList();
        var branches = OrgRules.IsCommittee(org.Type)
            ? (await db.UnderOrg(org).AsNoTracking().Where(o => o.Status == OrgStatus.正常 && o.Id != org.Id)
                    .Select(o => new Candidate(o.Id, o.Name, o.Type, o.Path, o.Status)).Take(5000).ToListAsync(ct))
                .Where(c => OrgRules.IsBranch(c.Type)).OrderBy(c => c.Path, Comparer<string>.Create(ComparePaths))
                .Select(c => new Option(c.Id, c.Name)).ToList()
            : [];
        return (moveTo, mergeInto, branches);
    }

    private static int Depth(string path) => path.Count(ch => ch == '.');

    /// <summary>Tree order: label by label, numerically (ids), parents before their children.</summary>
    private static int ComparePaths(string a, string b)
    {
        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var c = long.Parse(x[i], System.Globalization.CultureInfo.InvariantCulture).CompareTo(long.Parse(y[i], System.Globalization.CultureInfo.InvariantCulture));
            if (c != 0) return c;
        }
        return x.Length.CompareTo(y.Length);
    }
}
