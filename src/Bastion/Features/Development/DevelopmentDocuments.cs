using System.Security.Cryptography;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bastion.Features.Development;

/// <summary>
/// Scanned documents of a case (申请书, 谈话记录, 政审材料, 志愿书 …): recognised by content with the meetings'
/// <see cref="AttachmentSniffer"/> (photos, PDF, Word), limited by the same setting, served only as downloads.
/// </summary>
public sealed class DevelopmentDocuments(AppDbContext db, UserContext user, IOptions<MeetingSettings> settings, TimeProvider clock)
{
    public sealed record File(byte[] Data, string ContentType, string FileName);

    public sealed record Row(long Id, string? Step, string FileName, string ContentType, int Size, string? UploadedBy, DateTimeOffset UploadedAt);

    public long MaxBytes => settings.Value.MaxAttachmentBytes;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/development/cases/{id:long}/documents", async (long id, HttpContext http, DevelopmentDocuments documents, CancellationToken ct) =>
            {
                if (!http.Request.HasFormContentType) return ErrorResponses.Problem(415, "请以 multipart/form-data 上传，文件字段名为 file。");
                var form = await http.Request.ReadFormAsync(ct);
                var file = form.Files["file"];
                if (file?.Length > documents.MaxBytes) return UploadLimit.Problem(documents.MaxBytes);
                return (await documents.UploadAsync(id, form["step"].ToString(), file, ct))
                    .ToHttp(d => Results.Created($"/api/v1/development/cases/{id}/documents?file={d}", new { id = d }));
            })
           .RequireRecord(Permission.DevelopmentManage, typeof(DevelopmentCase)).DisableAntiforgery()
           .WithMetadata(new UploadLimitAttribute(AttachmentSniffer.DefaultMaxBytes) { ConfigKey = MeetingSettings.MaxAttachmentBytesKey })
           .WithSummary("上传发展党员材料扫描件（multipart/form-data：file，可选 step；照片、PDF、Word，按内容识别）").Produces(201).ProducesValidationProblem();
        api.MapGet("/development/cases/{id:long}/documents", async (long id, long? file, HttpContext http, DevelopmentDocuments documents, CancellationToken ct) =>
                file is { } documentId
                    ? await documents.GetAsync(id, documentId, ct) is { } f ? AttachmentSniffer.Download(http, f.Data, f.ContentType, f.FileName) : ErrorResponses.Problem(404, "材料不存在。")
                    : Results.Ok(await documents.ListAsync(id, ct)))
           .RequireRecord(Permission.DevelopmentRead, typeof(DevelopmentCase))
           .WithSummary("发展党员材料列表；?file= 下载一份").Produces<IReadOnlyList<Row>>();
    }

    public async Task<Result<long>> UploadAsync(long caseId, string? step, IFormFile? file, CancellationToken ct = default)
    {
        var (bytes, readError) = await AttachmentSniffer.ReadAsync(file, MaxBytes, ct);
        if (bytes is null) return Result.Invalid("file", readError!);
        var (kind, error) = AttachmentSniffer.Check(bytes, MaxBytes);
        if (kind is null) return Result.Invalid("file", error!);
        var code = string.IsNullOrWhiteSpace(step) ? null : DevelopmentSteps.Find(step)?.Code;
        if (!string.IsNullOrWhiteSpace(step) && code is null) return Result.Invalid("step", "步骤应为1至25（或12a、22a）");
        var c = await db.Set<DevelopmentCase>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == caseId, ct);
        if (c is null) return Result.NotFound("发展党员档案不存在");
        if (await Transfers.DevelopmentTransfers.RefuseWhileWaitingAsync(db, c.Id, "上传材料", ct) is { } transferring) return transferring;
        if (c.State == DevelopmentState.转出) return Result.Conflict("档案已转出，材料随档案转至接收支部，请在接收支部的档案中上传");
        var d = new DevelopmentDocument
        {
            CaseId = c.Id, OrgId = c.OrgId, Step = code, FileName = AttachmentSniffer.SafeName(file!.FileName, kind), ContentType = kind.ContentType,
            Size = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Data = bytes, UploadedBy = user.UserName, UploadedAt = clock.GetUtcNow(),
        };
        db.Add(d);
        await db.SaveChangesAsync(ct);
        return d.Id;
    }

    public async Task<IReadOnlyList<Row>> ListAsync(long caseId, CancellationToken ct = default)
    {
        var rows = await db.Set<DevelopmentDocument>().AsNoTracking().Where(d => d.CaseId == caseId).OrderBy(d => d.Id)
            .Select(d => new Row(d.Id, d.Step, d.FileName, d.ContentType, d.Size, d.UploadedBy, d.UploadedAt)).ToListAsync(ct);
        var person = await DevelopmentFacts.PeopleAsync(db, rows.Select(r => r.UploadedBy), ct);
        return [.. rows.Select(r => r with { UploadedBy = person(r.UploadedBy) })];
    }

    public async Task<File?> GetAsync(long caseId, long documentId, CancellationToken ct = default) =>
        await db.Set<DevelopmentDocument>().AsNoTracking().Where(d => d.Id == documentId && d.CaseId == caseId)
            .Select(d => new File(d.Data, d.ContentType, d.FileName)).FirstOrDefaultAsync(ct);
}
