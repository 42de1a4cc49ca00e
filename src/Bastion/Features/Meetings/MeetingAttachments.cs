using System.Security.Cryptography;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bastion.Features.Meetings;

/// <summary>
/// Attachments of a meeting (photos, PDF, Word), recognised by content, limited in size by
/// <c>Bastion:Meetings:MaxAttachmentBytes</c> (default 10 MB), kept in meeting_attachments with their SHA-256,
/// and only ever served as downloads (Content-Disposition: attachment, nosniff).
/// </summary>
public sealed class MeetingAttachments(AppDbContext db, UserContext user, IOptions<MeetingSettings> settings, TimeProvider clock)
{
    public const string ConfigKey = MeetingSettings.MaxAttachmentBytesKey;

    public long MaxBytes => settings.Value.MaxAttachmentBytes;

    public sealed record File(byte[] Data, string ContentType, string FileName);

    /// <summary>POST and GET /api/v1/meetings/{id}/attachments.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        // the form is read by hand: an IFormFile parameter would let routing answer a wrong content type before authorization
        api.MapPost("/meetings/{id:long}/attachments", async (long id, HttpContext http, MeetingAttachments attachments, CancellationToken ct) =>
            {
                // 415 and 413 are answers about the request itself, before the use case
                if (!http.Request.HasFormContentType) return ErrorResponses.Problem(415, "请以 multipart/form-data 上传，文件字段名为 file。");
                var file = (await http.Request.ReadFormAsync(ct)).Files["file"];
                if (file?.Length > attachments.MaxBytes) return UploadLimit.Problem(attachments.MaxBytes);
                return (await attachments.UploadAsync(id, file, ct)).ToHttp(a => Results.Created($"/api/v1/meetings/{id}/attachments?file={a}", new { id = a }));
            })
           .RequireRecord(Permission.MeetingManage, typeof(Meeting)).DisableAntiforgery()
           .WithMetadata(new UploadLimitAttribute(AttachmentSniffer.DefaultMaxBytes) { ConfigKey = ConfigKey })
           .WithSummary("上传会议附件（multipart/form-data，文件字段 file；照片、PDF、Word，按内容识别）").Produces(201).ProducesValidationProblem();
        api.MapGet("/meetings/{id:long}/attachments", async (long id, long? file, HttpContext http, MeetingAttachments attachments, CancellationToken ct) =>
                file is { } attachmentId && await attachments.GetAsync(id, attachmentId, ct) is { } f ? Download(http, f) : ErrorResponses.Problem(404, "附件不存在。"))
           .RequireRecord(Permission.MeetingRead, typeof(Meeting))
           .WithSummary("下载会议附件（?file= 附件编号，见详情的 attachments）").Produces(200).Produces(404);
    }

    /// <summary>Stores the file; returns the new attachment's id, or why it was refused under "file" (nothing written).</summary>
    public async Task<Result<long>> UploadAsync(long meetingId, IFormFile? file, CancellationToken ct = default)
    {
        var (bytes, readError) = await AttachmentSniffer.ReadAsync(file, MaxBytes, ct);
        if (bytes is null) return Result.Invalid("file", readError!);
        var (kind, error) = AttachmentSniffer.Check(bytes, MaxBytes);
        if (kind is null) return Result.Invalid("file", error!);
        if (!await db.Set<Meeting>().AnyAsync(m => m.Id == meetingId, ct)) return Result.Invalid("file", "会议不存在");
        var a = new MeetingAttachment
        {
            MeetingId = meetingId, FileName = AttachmentSniffer.SafeName(file!.FileName, kind), ContentType = kind.ContentType, Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Data = bytes, UploadedBy = user.UserName, UploadedAt = clock.GetUtcNow(),
        };
        db.Set<MeetingAttachment>().Add(a);
        await db.SaveChangesAsync(ct);
        return a.Id;
    }

    public async Task<File?> GetAsync(long meetingId, long attachmentId, CancellationToken ct = default) =>
        await db.Set<MeetingAttachment>().AsNoTracking().Where(a => a.Id == attachmentId && a.MeetingId == meetingId)
            .Select(a => new File(a.Data, a.ContentType, a.FileName)).FirstOrDefaultAsync(ct);

    public async Task<Result> RemoveAsync(long meetingId, long attachmentId, CancellationToken ct = default)
    {
        var a = await db.Set<MeetingAttachment>().FirstOrDefaultAsync(x => x.Id == attachmentId && x.MeetingId == meetingId, ct);
        if (a is null) return Result.NotFound("附件不存在。");
        db.Remove(a);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>Sends a stored attachment as a download (<see cref="AttachmentSniffer.Download"/>).</summary>
    public static IResult Download(HttpContext http, File f) => AttachmentSniffer.Download(http, f.Data, f.ContentType, f.FileName);
}
