using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Inspections.Rectification;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections.Reports;

/// <summary>Everything the documents of one inspected organization are written from.</summary>
public sealed record InspectionDossier(
    InspectionRound Round, InspectionTarget Target, Organization Org, string InspectingOrgName,
    IReadOnlyList<InspectionTeamMember> Team, IReadOnlyList<InspectionPhaseEntry> Phases,
    IReadOnlyList<InspectionFinding> Findings, IReadOnlyDictionary<long, InspectionClueTransfer> Transfers,
    IReadOnlyList<RectificationItem> Items, IReadOnlyDictionary<long, IReadOnlyList<string>> EvidenceTexts, DateOnly Today)
{
    /// <summary>The surface findings the documents report: drafts (草稿, not yet shared with the inspected organization) are left out.</summary>
    public IEnumerable<InspectionFinding> Surface => Findings.Where(f => !InspectionRules.IsClue(f.Category) && InspectionRules.InDocuments(f.Category, f.State));
    public IEnumerable<InspectionFinding> Clues => Findings.Where(f => InspectionRules.IsClue(f.Category));
    /// <summary>Surface findings still in 草稿 (named only as a count in the team's own report).</summary>
    public int Drafts => Findings.Count(f => !InspectionRules.InDocuments(f.Category, f.State));
    /// <summary>"2026年第一轮巡察" (the year once) and "2026年第一轮巡察组".</summary>
    public string RoundTitle => InspectionRules.RoundTitle(Round.Year, Round.Name);
    public string TeamName => InspectionRules.TeamName(Round.Name);
    public string? Leader => Team.FirstOrDefault(m => m.Role == TeamRole.组长)?.Name;

    /// <summary>The day a phase was entered (the latest entry), if recorded.</summary>
    public DateOnly? Entered(InspectionPhase p) => Phases.Where(x => x.Phase == p).Select(x => (DateOnly?)x.EnteredOn).LastOrDefault();

    public static async Task<InspectionDossier?> LoadAsync(AppDbContext db, long targetId, DateOnly today, CancellationToken ct)
    {
        var target = await db.Set<InspectionTarget>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == targetId, ct);
        if (target is null) return null;
        var round = await db.Set<InspectionRound>().AsNoTracking().FirstAsync(r => r.Id == target.RoundId, ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == target.OrgId, ct);
        var inspecting = await db.Organizations.AsNoTracking().Where(o => o.Id == round.OrgId).Select(o => o.Name).FirstAsync(ct);
        var team = await db.Set<InspectionTeamMember>().AsNoTracking().Where(m => m.RoundId == round.Id).OrderBy(m => m.Id).ToListAsync(ct);
        team = [.. team.OrderBy(m => m.Role).ThenBy(m => m.Id)]; // stored as text: order by the enum in memory
        // a team member is named as a person: the party member the account belongs to, else the name given on the team
        var userIds = team.Select(m => m.UserId).ToList();
        var persons = await (from u in db.Users.AsNoTracking()
                             join m in db.Members.AsNoTracking() on u.MemberId equals (long?)m.Id
                             where userIds.Contains(u.Id)
                             select new { u.Id, m.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        foreach (var m in team) if (persons.TryGetValue(m.UserId, out var person)) m.Name = person;
        var phases = await db.Set<InspectionPhaseEntry>().AsNoTracking().Where(p => p.TargetId == target.Id).OrderBy(p => p.EnteredOn).ThenBy(p => p.Id).ToListAsync(ct);
        var findings = await db.Set<InspectionFinding>().AsNoTracking().Where(f => f.TargetId == target.Id).OrderBy(f => f.Id).ToListAsync(ct);
        findings = [.. findings.OrderBy(f => f.Category).ThenBy(f => f.Id)];
        var ids = findings.Select(f => f.Id).ToList();
        var transfers = await db.Set<InspectionClueTransfer>().AsNoTracking().Where(x => ids.Contains(x.FindingId)).ToDictionaryAsync(x => x.FindingId, ct);
        var under = db.UnderOrg(org);
        var targetRows = await RectificationQuery.TargetsAsync(db, under, target.Id, ct);
        var items = await RectificationQuery.ItemsAsync(db, under, targetRows, ct);
        var itemIds = items.Select(i => i.Id).ToList();
        var evidence = (await db.Set<LedgerEvidence>().AsNoTracking().Where(e => itemIds.Contains(e.ItemId)).OrderBy(e => e.Id)
                .Select(e => new { e.ItemId, e.Text, e.FileName }).ToListAsync(ct))
            .GroupBy(e => e.ItemId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(e => e.FileName is null ? e.Text : $"{e.Text}（附件：{e.FileName}）").ToList());
        return new InspectionDossier(round, target, org, inspecting, team, phases, findings, transfers, items, evidence, today);
    }
}
