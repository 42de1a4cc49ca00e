using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>One finding under the confidentiality rules: a refusal is 403 with an audit row; a clue read is audited.</summary>
public sealed class GetFinding(AppDbContext db, InspectionAccess access)
{
    public const string Refused = "该问题尚在保密期内或属问题线索，您无权查看（已记录）。";

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/inspections/findings/{id:long}", async (long id, GetFinding handler, CancellationToken ct) => (await handler.Handle(id, ct)).ToHttp())
           .RequireRecord(Permission.InspectionRead, typeof(InspectionFinding))
           .WithSummary("问题详情（按保密规则：问题线索仅巡察、纪检可见且每次查看留痕；无权查看返回 403 并记审计）").Produces<InspectionQueries.FindingDetails>();

    /// <summary>
    /// The finding when the caller may read it; Forbidden when refused (the refusal is audited), NotFound when missing.
    /// Clue reads are audited by <see cref="InspectionAccess.CanReadAsync"/>.
    /// </summary>
    public async Task<Result<InspectionQueries.FindingDetails>> Handle(long id, CancellationToken ct)
    {
        var f = await db.Set<InspectionFinding>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return Result.NotFound();
        if (!await access.CanReadAsync(f, ct)) return Result.Forbidden(Refused);
        var t = await db.Set<InspectionTarget>().AsNoTracking().FirstAsync(x => x.Id == f.TargetId, ct);
        var roundName = await db.Set<InspectionRound>().AsNoTracking().Where(r => r.Id == f.RoundId).Select(r => r.Name).FirstAsync(ct);
        var orgs = await db.Organizations.AsNoTracking().Where(o => o.Id == f.OrgId || o.Id == f.ResponsibleOrgId).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var messages = await db.Set<InspectionFindingMessage>().AsNoTracking().Where(m => m.FindingId == id).OrderBy(m => m.At).ThenBy(m => m.Id)
            .Select(m => new InspectionQueries.MessageRow(m.Id, m.AuthorName, m.Side, m.Body, m.ProposedWording, m.At)).ToListAsync(ct);
        var attachments = await db.Set<InspectionFindingAttachment>().AsNoTracking().Where(a => a.FindingId == id).OrderBy(a => a.Id)
            .Select(a => new InspectionQueries.AttachmentRow(a.Id, a.FileName, a.ContentType, a.Size, a.UploadedBy, a.UploadedAt)).ToListAsync(ct);
        var versions = await db.Set<InspectionFindingVersion>().AsNoTracking().Where(v => v.FindingId == id).OrderByDescending(v => v.Version)
            .Select(v => new InspectionQueries.VersionRow(v.Version, v.Reason, v.ChangedBy, v.ChangedAt, v.Snapshot)).ToListAsync(ct);
        var transfer = await db.Set<InspectionClueTransfer>().AsNoTracking().Where(x => x.FindingId == id)
            .Select(x => new InspectionQueries.TransferRow(x.Id, x.FindingId, x.Department, x.TransferredAt, x.TransferredBy, x.Note, x.ReceiptNo, x.ReceivedAt, x.ReceivedBy)).FirstOrDefaultAsync(ct);
        return new InspectionQueries.FindingDetails(f.Id, f.RoundId, roundName, f.TargetId, f.OrgId, orgs[f.OrgId], t.Phase.ToString(), f.Title, f.Facts, f.Evidence,
            f.ResponsibleOrgId, f.ResponsibleOrgId is { } ro ? orgs.GetValueOrDefault(ro) : null, f.ResponsiblePersons, InspectionQueries.ResponsibilityNames(f.Responsibility), f.Basis,
            f.Category.ToString(), InspectionRules.Display(f.Category), f.ClueGrade?.ToString(), f.SuggestedForm is { } sf ? InspectionRules.Display(sf) : null,
            f.ExpressionId, f.Expression, f.Recommendation, f.Immediate, f.State.ToString(), f.SharedAt, f.AgreedWording, f.AgreedBy, f.AgreedAt, f.Version,
            f.CreatedAt, f.CreatedBy, f.UpdatedAt, messages, attachments, versions, transfer);
    }
}
