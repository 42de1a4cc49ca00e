using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
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

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/inspections/targets/{id:long}/documents/{kind}", async (long id, string kind, GetInspectionDocument handler, CancellationToken ct) =>
                (await handler.Handle(id, kind, ct)).ToHttp(f => Results.File(f.Content, OfficialDocument.ContentType, f.FileName)))
           .RequireRecord(Permission.InspectionRead, typeof(InspectionTarget))
           .WithSummary("下载被巡察党组织的文书（kind：report 完整版巡察报告，仅巡察和纪检监察；report-general 通用版巡察报告；feedback 反馈意见；rectification 整改情况报告）")
           .Produces(200, contentType: OfficialDocument.ContentType).Produces(403).Produces(404);

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

    public async Task<Result<Document>> Handle(long targetId, string? kindName, CancellationToken ct)
    {
        if (InspectionDocuments.Parse(kindName) is not { } kind)
            return Result.NotFound("没有这种文书（report、report-general、feedback、rectification）");
        var t = await db.Set<InspectionTarget>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == targetId, ct);
        if (t is null) return Result.NotFound();
        var viewer = await access.ViewerAsync(t.OrgId, ct);
        var confidential = InspectionDocuments.IsConfidential(kind);
        if (InspectionDocuments.WhyNot(kind, viewer, t.Phase) is { } why)
        {
            if (confidential)
            {
                AuditEvents.Add(db, "inspection.report.download", "inspection_targets", t.Id, t.OrgId, new { target = t.Id, kind = InspectionDocuments.ApiName(kind) }, "denied");
                await db.SaveChangesAsync(ct);
            }
            return Result.Forbidden(why);
        }

        var d = await InspectionDossier.LoadAsync(db, t.Id, clock.Today(), ct);
        if (d is null) return Result.NotFound();
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
        return new Document(bytes, InspectionDocuments.FileName(kind, d.Round.Name, d.Org.Name));
    }
}
