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
