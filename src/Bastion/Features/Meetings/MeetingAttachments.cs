using System.Security.Cryptography;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Bastion.Web;
using Microsoft.Extensions.Options;

namespace Bastion.Features.Meetings;

/// <summary>
/// Attachments of a meeting (photos, PDF, Word), recognised by content, limited in size by
/// <c>Bastion:Meetings:MaxAttachmentBytes</c> (default 10 MB), kept in meeting_attachments with their SHA-256,
/// and only ever served as downloads (Content-Disposition: attachment, nosniff).
/// </summary>
public sealed class MeetingAttachments(AppDbContext db, UserContext user, IOptions<MeetingSettings> settings)
{
    public const string ConfigKey = MeetingSettings.MaxAttachmentBytesKey;

    public long MaxBytes => settings.Value.MaxAttachmentBytes;

    public sealed record File(byte[] Data, string ContentType, string FileName);

    /// <summary>Stores the file; returns the new attachment's id, or a Chinese message when refused (nothing written).</summary>
    public async Task<(long? Id, string? Error)> UploadAsync(long meetingId, IFormFile? file, CancellationToken ct = default)
    {
        var (bytes, readError) = await AttachmentSniffer.ReadAsync(file, MaxBytes, ct);
        if (bytes is null) return (null, readError);
        var (kind, error) = AttachmentSniffer.Check(bytes, MaxBytes);
        if (kind is null) return (null, error);
        if (!await db.Set<Meeting>().AnyAsync(m => m.Id == meetingId, ct)) return (null, "会议不存在");
        var a = new MeetingAttachment
        {
            MeetingId = meetingId, FileName = AttachmentSniffer.SafeName(file!.FileName, kind), ContentType = kind.ContentType, Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Data = bytes, UploadedBy = user.UserName, UploadedAt = DateTimeOffset.UtcNow,
        };
        db.Set<MeetingAttachment>().Add(a);
        await db.SaveChangesAsync(ct);
        return (a.Id, null);
    }

    public async Task<File?> GetAsync(long meetingId, long attachmentId, CancellationToken ct = default) =>
        await db.Set<MeetingAttachment>().AsNoTracking().Where(a => a.Id == attachmentId && a.MeetingId == meetingId)
            .Select(a => new File(a.Data, a.ContentType, a.FileName)).FirstOrDefaultAsync(ct);

    public async Task<bool> RemoveAsync(long meetingId, long attachmentId, CancellationToken ct = default)
    {
        var a = await db.Set<MeetingAttachment>().FirstOrDefaultAsync(x => x.Id == attachmentId && x.MeetingId == meetingId, ct);
        if (a is null) return false;
        db.Remove(a);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Sends a stored attachment as a download (<see cref="AttachmentSniffer.Download"/>).</summary>
    public static IResult Download(HttpContext http, File f) => AttachmentSniffer.Download(http, f.Data, f.ContentType, f.FileName);
}
