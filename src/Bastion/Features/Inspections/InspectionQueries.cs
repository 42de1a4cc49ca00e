using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>Read models of 巡察 for the pages and the API; findings always pass <see cref="InspectionRules.CanRead"/> for the caller.</summary>
public sealed class InspectionQueries(AppDbContext db, UserContext user, InspectionAccess access)
{
    public sealed record RoundRow(long Id, string Name, int Year, long OrgId, string OrgName, DateOnly StartsOn, DateOnly EndsOn, bool Archived, int Targets, int TeamSize);

    public sealed record TargetRow(long Id, long RoundId, string RoundName, long OrgId, string OrgName, string Phase, DateTimeOffset PhaseChangedAt, DateTimeOffset? FeedbackAt);

    public sealed record PhaseRow(string Phase, DateOnly EnteredOn, string RecordedBy, string? Note);

    public sealed record TargetSummary(long Id, long OrgId, string OrgName, string Phase, DateTimeOffset? FeedbackAt, IReadOnlyList<PhaseRow> Phases,
        int Findings, int Clues, int Shared);

    public sealed record TeamRow(long Id, long UserId, string Name, string Role, string? ConflictNote, bool ConflictAcknowledged, string? AcknowledgementReason);

    public sealed record RoundDetails(long Id, string Name, int Year, long OrgId, string OrgName, string? Plan, DateOnly StartsOn, DateOnly EndsOn,
        string? AuthorizedBy, string? AuthorizationNo, DateOnly? AuthorizedOn, string? AuthorizationScope, bool Archived,
        IReadOnlyList<TargetSummary> Targets, IReadOnlyList<TeamRow> Team, string? TeamSizeWarning);

    public sealed record FindingRow(long Id, string Title, string Category, string CategoryName, string? ClueGrade, string State, bool Immediate, int Version, DateTimeOffset CreatedAt);

    /// <summary>Rounds run by organizations of the subtree of <paramref name="root"/>.</summary>
    public async Task<List<RoundRow>> RoundsAsync(Organization root, CancellationToken ct)
    {
        var orgs = db.UnderOrg(root);
        return await (from r in db.Set<InspectionRound>().AsNoTracking()
                      join o in orgs on r.OrgId equals o.Id
                      orderby r.Archived, r.Year descending, r.StartsOn descending, r.Id descending
                      select new RoundRow(r.Id, r.Name, r.Year, r.OrgId, o.Name, r.StartsOn, r.EndsOn, r.Archived,
                          db.Set<InspectionTarget>().Count(t => t.RoundId == r.Id), db.Set<InspectionTeamMember>().Count(m => m.RoundId == r.Id)))
            .ToListAsync(ct);
    }

    /// <summary>接受巡察: targets whose inspected organization lies in the caller's InspectionRead scope.</summary>
    public async Task<List<TargetRow>> InspectedAsync(CancellationToken ct)
    {
        var orgs = await db.OrganizationsFor(user, Permission.InspectionRead, ct);
        return await (from t in db.Set<InspectionTarget>().AsNoTracking()
                      join o in orgs on t.OrgId equals o.Id
                      join r in db.Set<InspectionRound>().AsNoTracking() on t.RoundId equals r.Id
                      orderby r.StartsOn descending, t.Id
                      select new TargetRow(t.Id, r.Id, r.Name, o.Id, o.Name, t.Phase.ToString(), t.PhaseChangedAt, t.FeedbackAt))
            .Take(200).ToListAsync(ct);
    }

    public async Task<RoundDetails?> RoundAsync(long id, CancellationToken ct)
    {
        var r = await db.Set<InspectionRound>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null) return null;
        var orgName = await db.Organizations.AsNoTracking().Where(o => o.Id == r.OrgId).Select(o => o.Name).FirstAsync(ct);
        var targets = await (from t in db.Set<InspectionTarget>().AsNoTracking()
                             join o in db.Organizations.AsNoTracking() on t.OrgId equals o.Id
                             where t.RoundId == id
                             orderby o.SortOrder, o.Id
                             select new { t, o.Name }).ToListAsync(ct);
        var ids = targets.Select(x => x.t.Id).ToList();
        var phases = (await db.Set<InspectionPhaseEntry>().AsNoTracking().Where(e => ids.Contains(e.TargetId)).OrderBy(e => e.Id).ToListAsync(ct))
            .ToLookup(e => e.TargetId);
        var counts = await db.Set<InspectionFinding>().AsNoTracking().Where(f => f.RoundId == id)
            .GroupBy(f => f.TargetId)
            .Select(g => new { g.Key, All = g.Count(), Clues = g.Count(f => f.Category == FindingCategory.问题线索), Shared = g.Count(f => f.State != FindingState.草稿) })
            .ToDictionaryAsync(x => x.Key, ct);
        var team = await db.Set<InspectionTeamMember>().AsNoTracking().Where(m => m.RoundId == id).OrderBy(m => m.Role).ThenBy(m => m.Id)
            .Select(m => new TeamRow(m.Id, m.UserId, m.Name, m.Role.ToString(), m.ConflictNote, m.ConflictAcknowledged, m.AcknowledgementReason)).ToListAsync(ct);
        return new RoundDetails(r.Id, r.Name, r.Year, r.OrgId, orgName, r.Plan, r.StartsOn, r.EndsOn, r.AuthorizedBy, r.AuthorizationNo, r.AuthorizedOn,
            r.AuthorizationScope, r.Archived,
            targets.Select(x => new TargetSummary(x.t.Id, x.t.OrgId, x.Name, x.t.Phase.ToString(), x.t.FeedbackAt,
                phases[x.t.Id].Select(e => new PhaseRow(e.Phase.ToString(), e.EnteredOn, e.RecordedBy, e.Note)).ToList(),
                counts.TryGetValue(x.t.Id, out var c) ? c.All - c.Clues : 0, counts.TryGetValue(x.t.Id, out var c2) ? c2.Clues : 0,
                counts.TryGetValue(x.t.Id, out var c3) ? c3.Shared : 0)).ToList(),
            team, InspectionRules.TeamSizeWarning(team.Count));
    }

    /// <summary>The findings of a target the caller may read; clues listed to a reader are audited in one row.</summary>
    public async Task<List<FindingRow>> FindingsAsync(InspectionTarget t, CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(t.OrgId, ct);
        var all = await db.Set<InspectionFinding>().AsNoTracking().Where(f => f.TargetId == t.Id).OrderBy(f => f.Category).ThenBy(f => f.Id).ToListAsync(ct);
        var visible = all.Where(f => InspectionRules.CanRead(viewer, f.Category, f.State, t.Phase)).ToList();
        var clues = visible.Where(f => InspectionRules.IsClue(f.Category)).Select(f => f.Id).ToList();
        if (clues.Count > 0)
        {
            AuditEvents.Add(db, "inspection.clue.list", "inspection_targets", t.Id, t.OrgId, new { target = t.Id, clues });
            await db.SaveChangesAsync(ct);
        }
        return visible.Select(f => new FindingRow(f.Id, f.Title, f.Category.ToString(), InspectionRules.Display(f.Category), f.ClueGrade?.ToString(), f.State.ToString(),
            f.Immediate, f.Version, f.CreatedAt)).ToList();
    }

    public sealed record MessageRow(long Id, string AuthorName, string Side, string Body, string? ProposedWording, DateTimeOffset At);

    public sealed record AttachmentRow(long Id, string FileName, string ContentType, long Size, string UploadedBy, DateTimeOffset UploadedAt);

    public sealed record VersionRow(int Version, string Reason, string ChangedBy, DateTimeOffset ChangedAt, string Snapshot);

    public sealed record TransferRow(long Id, long FindingId, string Department, DateTimeOffset TransferredAt, string TransferredBy, string? Note,
        string? ReceiptNo, DateTimeOffset? ReceivedAt, string? ReceivedBy);

    public sealed record FindingDetails(
        long Id, long RoundId, string RoundName, long TargetId, long OrgId, string OrgName, string Phase, string Title, string Facts, string? Evidence,
        long? ResponsibleOrgId, string? ResponsibleOrgName, string? ResponsiblePersons, IReadOnlyList<string> Responsibility, string? Basis,
        string Category, string CategoryName, string? ClueGrade, string? SuggestedForm, long? ExpressionId, string? Expression, string? Recommendation,
        bool Immediate, string State, DateTimeOffset? SharedAt, string? AgreedWording, string? AgreedBy, DateTimeOffset? AgreedAt, int Version,
        DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? UpdatedAt,
        IReadOnlyList<MessageRow> Messages, IReadOnlyList<AttachmentRow> Attachments, IReadOnlyList<VersionRow> Versions, TransferRow? Transfer);

    public static IReadOnlyList<string> ResponsibilityNames(ResponsibilityKinds k) =>
        Enum.GetValues<ResponsibilityKinds>().Where(x => x != ResponsibilityKinds.None && k.HasFlag(x)).Select(x => x.ToString()).ToList();

    /// <summary>
    /// The finding when the caller may read it (null + Denied when refused: the refusal is audited), or null when missing.
    /// Clue reads are audited by <see cref="InspectionAccess.CanReadAsync"/>.
    /// </summary>
    public async Task<(FindingDetails? Finding, bool Denied)> FindingAsync(long id, CancellationToken ct)
    {
        var f = await db.Set<InspectionFinding>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return (null, false);
        if (!await access.CanReadAsync(f, ct)) return (null, true);
        var t = await db.Set<InspectionTarget>().AsNoTracking().FirstAsync(x => x.Id == f.TargetId, ct);
        var roundName = await db.Set<InspectionRound>().AsNoTracking().Where(r => r.Id == f.RoundId).Select(r => r.Name).FirstAsync(ct);
        var orgs = await db.Organizations.AsNoTracking().Where(o => o.Id == f.OrgId || o.Id == f.ResponsibleOrgId).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var messages = await db.Set<InspectionFindingMessage>().AsNoTracking().Where(m => m.FindingId == id).OrderBy(m => m.At).ThenBy(m => m.Id)
            .Select(m => new MessageRow(m.Id, m.AuthorName, m.Side, m.Body, m.ProposedWording, m.At)).ToListAsync(ct);
        var attachments = await db.Set<InspectionFindingAttachment>().AsNoTracking().Where(a => a.FindingId == id).OrderBy(a => a.Id)
            .Select(a => new AttachmentRow(a.Id, a.FileName, a.ContentType, a.Size, a.UploadedBy, a.UploadedAt)).ToListAsync(ct);
        var versions = await db.Set<InspectionFindingVersion>().AsNoTracking().Where(v => v.FindingId == id).OrderByDescending(v => v.Version)
            .Select(v => new VersionRow(v.Version, v.Reason, v.ChangedBy, v.ChangedAt, v.Snapshot)).ToListAsync(ct);
        var transfer = await db.Set<InspectionClueTransfer>().AsNoTracking().Where(x => x.FindingId == id)
            .Select(x => new TransferRow(x.Id, x.FindingId, x.Department, x.TransferredAt, x.TransferredBy, x.Note, x.ReceiptNo, x.ReceivedAt, x.ReceivedBy)).FirstOrDefaultAsync(ct);
        return (new FindingDetails(f.Id, f.RoundId, roundName, f.TargetId, f.OrgId, orgs[f.OrgId], t.Phase.ToString(), f.Title, f.Facts, f.Evidence,
            f.ResponsibleOrgId, f.ResponsibleOrgId is { } ro ? orgs.GetValueOrDefault(ro) : null, f.ResponsiblePersons, ResponsibilityNames(f.Responsibility), f.Basis,
            f.Category.ToString(), InspectionRules.Display(f.Category), f.ClueGrade?.ToString(), f.SuggestedForm is { } sf ? InspectionRules.Display(sf) : null,
            f.ExpressionId, f.Expression, f.Recommendation, f.Immediate, f.State.ToString(), f.SharedAt, f.AgreedWording, f.AgreedBy, f.AgreedAt, f.Version,
            f.CreatedAt, f.CreatedBy, f.UpdatedAt, messages, attachments, versions, transfer), false);
    }

    public sealed record ClueTransferRow(TransferRow Transfer, string Title, string OrgName, string RoundName, string? ClueGrade);

    /// <summary>Transferred clues of organizations in the caller's ClueRead scope (the 纪检 account's list); the listing is audited.</summary>
    public async Task<List<ClueTransferRow>> TransfersAsync(CancellationToken ct)
    {
        var orgs = await db.OrganizationsFor(user, Permission.ClueRead, ct);
        var rows = await (from x in db.Set<InspectionClueTransfer>().AsNoTracking()
                          join f in db.Set<InspectionFinding>().AsNoTracking() on x.FindingId equals f.Id
                          join o in orgs on f.OrgId equals o.Id
                          join r in db.Set<InspectionRound>().AsNoTracking() on f.RoundId equals r.Id
                          orderby x.ReceivedAt != null, x.TransferredAt descending
                          select new ClueTransferRow(new TransferRow(x.Id, x.FindingId, x.Department, x.TransferredAt, x.TransferredBy, x.Note, x.ReceiptNo, x.ReceivedAt, x.ReceivedBy),
                              f.Title, o.Name, r.Name, f.ClueGrade == null ? null : f.ClueGrade.ToString())).Take(500).ToListAsync(ct);
        if (rows.Count > 0)
        {
            AuditEvents.Add(db, "inspection.clue.list", "inspection_clue_transfers", null, null, new { clues = rows.Select(r => r.Transfer.FindingId).ToList() });
            await db.SaveChangesAsync(ct);
        }
        return rows;
    }
}
