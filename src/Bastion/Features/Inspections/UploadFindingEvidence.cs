using System.Security.Cryptography;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bastion.Features.Inspections;

/// <summary>An evidence file of a finding, recognised by content (a disguised type is refused, nothing written); the inspection team only.</summary>
public sealed class UploadFindingEvidence(AppDbContext db, UserContext user, InspectionAccess access, TimeProvider clock, IOptions<MeetingSettings> settings)
{
    public long MaxBytes => settings.Value.MaxAttachmentBytes;

    public async Task<Result> Handle(long id, IFormFile? file, CancellationToken ct)
    {
        var f = await db.Set<InspectionFinding>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return Result.Invalid("id", "问题不存在");
        if (!(await access.ViewerAsync(f.OrgId, ct)).HasFlag(InspectionViewer.Inspection)) return Result.Forbidden("只有巡察组可以上传证据材料");
        var (bytes, readError) = await AttachmentSniffer.ReadAsync(file, MaxBytes, ct);
        if (bytes is null) return Result.Invalid("file", readError!);
        var (kind, error) = AttachmentSniffer.Check(bytes, MaxBytes);
        if (kind is null) return Result.Invalid("file", error!);
        var a = new InspectionFindingAttachment
        {
            FindingId = f.Id, FileName = AttachmentSniffer.SafeName(file!.FileName, kind), ContentType = kind.ContentType, Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Data = bytes, UploadedBy = user.UserName ?? "", UploadedAt = clock.GetUtcNow(),
        };
        db.Add(a);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
