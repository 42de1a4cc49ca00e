using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// A member's photo: uploaded as JPEG or PNG up to 2 MB, the type recognised from the file's content (its name
/// and declared type are ignored); one per member, kept in member_photos. GET /api/v1/members/{id}/photo serves
/// it under the same authorization as the member record.
/// </summary>
public sealed class MemberPhotos(AppDbContext db, UserContext user, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/members/{id:long}/photo", Get).RequireRecord(Permission.MemberRead, typeof(Member))
           .WithSummary("党员照片（JPEG 或 PNG）").Produces(200, contentType: "image/jpeg").Produces(404);

    private static async Task<IResult> Get(long id, MemberPhotos photos, CancellationToken ct) =>
        (await photos.GetAsync(id, ct)).ToHttp(p => Results.File(p.Bytes, p.ContentType));

    public sealed record Photo(byte[] Bytes, string ContentType);

    /// <summary>The member's photo; NotFound when none was uploaded.</summary>
    public async Task<Result<Photo>> GetAsync(long memberId, CancellationToken ct = default)
    {
        var p = await db.Set<MemberPhoto>().AsNoTracking().Where(x => x.MemberId == memberId)
            .Select(x => new { x.Content, x.ContentType }).FirstOrDefaultAsync(ct);
        if (p is null) return Result.NotFound("该党员尚未上传照片。");
        return new Photo(p.Content.ToArray(), p.ContentType);
    }

    /// <summary>Stores (or replaces) the member's photo; Invalid on "photo" with the Chinese reason when refused.</summary>
    public async Task<Result> UploadAsync(Member m, IFormFile? file, CancellationToken ct = default)
    {
        // refuse by the length before reading anything large
        if (MemberRecordRules.CheckPhotoSize(file?.Length ?? 0) is { } tooBig) return Result.Invalid("photo", tooBig);
        using var buffer = new MemoryStream((int)file!.Length);
        await using (var s = file.OpenReadStream()) await s.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var (type, error) = MemberRecordRules.CheckPhoto(bytes);
        if (type is null) return Result.Invalid("photo", error!);

        var photo = await db.Set<MemberPhoto>().FirstOrDefaultAsync(x => x.MemberId == m.Id, ct);
        if (photo is null)
        {
            photo = new MemberPhoto { MemberId = m.Id, OrgId = m.OrgId, ContentType = type, Content = new ImageBytes(bytes) };
            db.Set<MemberPhoto>().Add(photo);
        }
        photo.OrgId = m.OrgId;
        photo.ContentType = type;
        photo.Content = new ImageBytes(bytes);
        photo.UploadedBy = user.UserName;
        photo.UploadedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>Removes the member's photo; NotFound when there is none.</summary>
    public async Task<Result> RemoveAsync(Member m, CancellationToken ct = default)
    {
        var photo = await db.Set<MemberPhoto>().FirstOrDefaultAsync(x => x.MemberId == m.Id, ct);
        if (photo is null) return Result.NotFound();
        db.Remove(photo);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
