using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections.Rectification;

/// <summary>
/// The 整改 and 回头看 views: the dashboard of an organization's subtree (rounds in progress, completion rates by
/// round, organization and 四个落实 category, overdue counts) and the rectification plan of one inspected organization.
/// Every query goes through the subtree filter (<see cref="Subtree.UnderOrg"/>).
/// </summary>
public sealed class GetRectification(AppDbContext db, InspectionAccess access, TimeProvider clock)
{
    public DateOnly Today() => ChineseDates.DayOf(clock.GetUtcNow());

    public sealed record RoundInProgress(long RoundId, string Name, int Year, IReadOnlyList<RectificationQuery.TargetRow> Targets, RectificationTally Tally);

    public sealed record Dashboard(
        DateOnly Today, RectificationTally Overall, IReadOnlyList<RoundInProgress> Rounds,
        IReadOnlyList<RectificationGroup> ByRound, IReadOnlyList<RectificationGroup> ByOrganization, IReadOnlyList<RectificationGroup> ByCategory);

    public async Task<Dashboard> DashboardAsync(Organization root, CancellationToken ct)
    {
        var today = Today();
        var orgs = db.UnderOrg(root);
        var targets = await RectificationQuery.TargetsAsync(db, orgs, null, ct);
        var items = await RectificationQuery.ItemsAsync(db, orgs, targets, ct);
        var rounds = targets.Where(t => !t.Archived).GroupBy(t => (t.RoundId, t.RoundName, t.Year))
            .Where(g => g.Any(t => t.Phase < InspectionPhase.归档))
            .Select(g => new RoundInProgress(g.Key.RoundId, g.Key.RoundName, g.Key.Year, g.ToList(), RectificationStats.Count(items.Where(i => i.RoundId == g.Key.RoundId), today)))
            .ToList();
        return new Dashboard(today, RectificationStats.Count(items, today), rounds,
            RectificationStats.ByRound(items, today), RectificationStats.ByOrganization(items, today), RectificationStats.ByCategory(items, today));
    }

    public sealed record FindingPlan(long? FindingId, string Heading, string? Title, string Category, bool Readable, bool Immediate, IReadOnlyList<RectificationItem> Items);

    public sealed record Plan(RectificationQuery.TargetRow Target, DateOnly Today, RectificationTally Tally, IReadOnlyList<FindingPlan> Findings, IReadOnlyList<RectificationItem> Items);

    /// <summary>The rectification plan of one inspected organization: each surface finding (as far as the viewer may read it) with its ledger items.</summary>
    public async Task<Plan?> PlanAsync(long targetId, CancellationToken ct)
    {
        var orgId = await db.Set<InspectionTarget>().AsNoTracking().Where(t => t.Id == targetId).Select(t => (long?)t.OrgId).FirstOrDefaultAsync(ct);
        if (orgId is null) return null;
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == orgId, ct);
        var orgs = db.UnderOrg(org);
        var target = (await RectificationQuery.TargetsAsync(db, orgs, targetId, ct)).Single();
        var items = await RectificationQuery.ItemsAsync(db, orgs, [target], ct);
        var viewer = await access.ViewerAsync(target.OrgId, ct);
        var findings = await db.Set<InspectionFinding>().AsNoTracking()
            .Where(f => f.TargetId == targetId && f.Category != FindingCategory.问题线索).OrderBy(f => f.Id).ToListAsync(ct);
        var result = new List<FindingPlan>();
        foreach (var f in findings.OrderBy(f => f.Category).ThenBy(f => f.Id))
        {
            var readable = InspectionRules.CanRead(viewer, f.Category, f.State, target.Phase);
            var mine = items.Where(i => i.FindingId == f.Id).ToList();
            if (!readable && mine.Count == 0) continue;
            result.Add(new FindingPlan(f.Id, readable ? Reports.InspectionReportDocument.Lead(f) : "（反馈前不公开）", readable ? f.Title : null,
                InspectionRules.Display(f.Category), readable, f.Immediate, mine));
        }
        var loose = items.Where(i => i.FindingId is null || findings.All(f => f.Id != i.FindingId)).ToList();
        if (loose.Count > 0) result.Add(new FindingPlan(null, "其他整改任务", null, RectificationStats.Uncategorized, true, false, loose));
        return new Plan(target, Today(), RectificationStats.Count(items, Today()), result, items);
    }
}
