using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections.Reports;

/// <summary>
/// Generates one document of an inspected organization (the target) for the signed-in account, after checking
/// who may have it (<see cref="InspectionDocuments.WhyNot"/>). Every download of the confidential (full) report,
/// and every refusal of it, writes an audit row; other downloads are audited as exports.
/// </summary>
public sealed class GetInspectionDocument(AppDbContext db, InspectionAccess access, TimeProvider clock)
{
    public sealed record Document(byte[] Content, string FileName);
    public sealed record Result(Document? File, int Status, string? Error);

    public sealed record Choice(InspectionDocumentKind Kind, string Name, string ApiName, bool Confidential, string? WhyNot);

    /// <summary>The documents of a target and whether the account may download each (for the page).</summary>
    public async Task<IReadOnlyList<Choice>?> ChoicesAsync(long targetId, CancellationToken ct)
    {
        var t = await db.Set<InspectionTarget>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == targetId, ct);
        if (t is null) return null;
        var viewer = await access.ViewerAsync(t.OrgId, ct);
        return Enum.GetValues<InspectionDocumentKind>()
            .Select(k => new Choice(k, InspectionDocuments.Display(k), InspectionDocuments.ApiName(k), InspectionDocuments.IsConfidential(k), InspectionDocuments.WhyNot(k, viewer, t.Phase)))
            .ToList();
    }

    public async Task<Result> HandleAsync(long targetId, string? kindName, CancellationToken ct)
    {
        if (InspectionDocuments.Parse(kindName) is not { } kind)
            return new(null, 404, "没有这种文书（report、report-general、feedback、rectification）");
        var t = await db.Set<InspectionTarget>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == targetId, ct);
        if (t is null) return new(null, 404, null);
        var viewer = await access.ViewerAsync(t.OrgId, ct);
        var confidential = InspectionDocuments.IsConfidential(kind);
        if (InspectionDocuments.WhyNot(kind, viewer, t.Phase) is { } why)
        {
            if (confidential)
            {
                AuditEvents.Add(db, "inspection.report.download", "inspection_targets", t.Id, t.OrgId, new { target = t.Id, kind = InspectionDocuments.ApiName(kind) }, "denied");
                await db.SaveChangesAsync(ct);
            }
            return new(null, 403, why);
        }

        var d = await InspectionDossier.LoadAsync(db, t.Id, ChineseDates.DayOf(clock.GetUtcNow()), ct);
        if (d is null) return new(null, 404, null);
        var bytes = kind switch
        {
            InspectionDocumentKind.Report => InspectionReportDocument.Write(d, general: false),
            InspectionDocumentKind.ReportGeneral => InspectionReportDocument.Write(d, general: true),
            InspectionDocumentKind.Feedback => FeedbackLetterDocument.Write(d),
            _ => RectificationReportDocument.Write(d),
        };
        AuditEvents.Add(db, confidential ? "inspection.report.download" : "inspection.document.export", "inspection_targets", t.Id, t.OrgId,
            new { target = t.Id, kind = InspectionDocuments.ApiName(kind), clues = confidential ? d.Clues.Count() : 0, bytes = bytes.Length });
        await db.SaveChangesAsync(ct);
        return new(new Document(bytes, InspectionDocuments.FileName(kind, d.Round.Name, d.Org.Name)), 200, null);
    }
}
