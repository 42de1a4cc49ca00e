using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections.Rectification;

/// <summary>
/// The rectification ledger items of inspected organizations: items linked to a finding of the target
/// (ledger_items.finding_id), and items of the round for the target's organization without a finding
/// (ledger_items.round_id + org_id). Both the targets and the items are narrowed to the given organizations
/// (the caller's subtree, <see cref="Security.Subtree"/>).
/// </summary>
public static class RectificationQuery
{
    public sealed record TargetRow(long Id, long RoundId, string RoundName, int Year, long RoundOrgId, bool Archived, long OrgId, string OrgName, InspectionPhase Phase, DateTimeOffset? FeedbackAt);

    public static async Task<IReadOnlyList<TargetRow>> TargetsAsync(AppDbContext db, IQueryable<Organization> orgs, long? targetId, CancellationToken ct) =>
        await (from t in db.Set<InspectionTarget>().AsNoTracking()
               join r in db.Set<InspectionRound>().AsNoTracking() on t.RoundId equals r.Id
               join o in orgs.AsNoTracking() on t.OrgId equals o.Id
               where targetId == null || t.Id == targetId
               orderby r.Year descending, r.Id descending, o.Path
               select new TargetRow(t.Id, r.Id, r.Name, r.Year, r.OrgId, r.Archived, o.Id, o.Name, t.Phase, t.FeedbackAt)).ToListAsync(ct);

    public static async Task<IReadOnlyList<RectificationItem>> ItemsAsync(AppDbContext db, IQueryable<Organization> orgs, IReadOnlyList<TargetRow> targets, CancellationToken ct)
    {
        if (targets.Count == 0) return [];
        var targetIds = targets.Select(t => t.Id).ToList();
        var roundIds = targets.Select(t => t.RoundId).Distinct().ToList();
        var findings = await db.Set<InspectionFinding>().AsNoTracking().Where(f => targetIds.Contains(f.TargetId))
            .Select(f => new { f.Id, f.TargetId, f.Category }).ToDictionaryAsync(f => f.Id, ct);
        var findingIds = findings.Keys.ToList();
        var orgIds = orgs.Select(o => o.Id);
        var rows = await db.Set<LedgerItem>().AsNoTracking()
            .Where(i => orgIds.Contains(i.OrgId))
            .Where(i => (i.FindingId != null && findingIds.Contains(i.FindingId.Value))
                        || (i.FindingId == null && i.RoundId != null && roundIds.Contains(i.RoundId.Value)))
            .OrderBy(i => i.Id)
            .Select(i => new
            {
                Item = i,
                Evidence = db.Set<LedgerEvidence>().Count(e => e.ItemId == i.Id),
                Rejected = db.Set<LedgerTransition>().Any(x => x.ItemId == i.Id && x.Action == "reject"),
            }).ToListAsync(ct);
        var byId = targets.ToDictionary(t => t.Id);
        var byRoundOrg = targets.ToDictionary(t => (t.RoundId, t.OrgId));
        var result = new List<RectificationItem>(rows.Count);
        foreach (var x in rows)
        {
            var i = x.Item;
            TargetRow? t;
            FindingCategory? category = null;
            if (i.FindingId is { } fid && findings.TryGetValue(fid, out var f)) { t = byId[f.TargetId]; category = f.Category; }
            else if (!byRoundOrg.TryGetValue((i.RoundId!.Value, i.OrgId), out t)) continue;
            result.Add(new RectificationItem(i.Id, t.Id, t.RoundId, t.RoundName, t.OrgId, t.OrgName, i.FindingId, category, i.Title, i.Description,
                i.WorkStandard, i.OwnerName, i.VerifierName, i.Deadline, i.OriginalDeadline, i.RequestedDeadline, i.State, i.Source,
                x.Evidence, x.Rejected, i.ClosedAt));
        }
        return result;
    }
}
