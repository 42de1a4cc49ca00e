using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Meetings.Book;

/// <summary>
/// Exports 三会一课 records as Word: one held meeting (the caller authorized its organization), or a branch's year
/// bound in one file (the branch with its 党小组; the caller authorized the branch). Photos are embedded up to
/// <see cref="PhotosPerMeeting"/> per meeting and <see cref="MaxPhotoBytesPerBook"/> per file (the rest are named);
/// a year's file is written to a temporary file that is deleted when the response has been sent. Every export writes an audit row.
/// </summary>
public sealed class ExportMeetingRecords(AppDbContext db, GetMeeting get, TimeProvider clock)
{
    public const int PhotosPerMeeting = 9;
    public const long MaxPhotoBytesPerBook = 80L * 1024 * 1024;
    /// <summary>A year of one branch is far below this; the bound keeps a file (and its generation) finite.</summary>
    public const int MaxMeetingsPerBook = 600;

    public sealed record Document(Stream Content, string FileName);

    /// <summary>
    /// GET /api/v1/meetings/{id}/record.docx (one meeting's 三会一课 record, as reading the meeting) and
    /// GET /api/v1/meetings/records.docx?org=&amp;year= (a branch's year bound in one file).
    /// </summary>
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/meetings/{id:long}/record.docx", async (long id, ExportMeetingRecords export, CancellationToken ct) => Send(await export.MeetingAsync(id, ct)))
           .RequireRecord(Permission.MeetingRead, typeof(Meeting))
           .WithSummary("导出一次会议的“三会一课”会议记录（Word，会议记录本格式：基本情况、会议记录、决议、签到表、照片）")
           .Produces(200, contentType: WordDocument.ContentType).Produces(404).ProducesProblem(400);
        api.MapGet("/meetings/records.docx", async (int? year, UserContext user, ExportMeetingRecords export, CancellationToken ct) =>
                Send(await export.YearAsync(user.CurrentOrg!, year, ct)))
           .Require(Permission.MeetingRead)
           .WithSummary("导出党支部全年会议记录（Word，含封面、目录，每次会议另起一页；?org= 党支部，year= 年度，默认今年）")
           .Produces(200, contentType: WordDocument.ContentType).ProducesProblem(400);
    }

    // a refusal names the year (or the meeting's state) in the problem's detail too, as it always has
    private static IResult Send(Result<Document> r) => r.Kind == ResultKind.Invalid
        ? ErrorResponses.Validation(r.Status.Errors!.ToDictionary(), r.Status.FirstMessage)
        : r.ToHttp(f => Results.File(f.Content, WordDocument.ContentType, f.FileName));

    /// <summary>The record of one held meeting, or why not (not found; invalid: not held).</summary>
    public async Task<Result<Document>> MeetingAsync(long id, CancellationToken ct)
    {
        var budget = new Budget();
        if (await LoadAsync(id, budget, ct) is not { } r) return Result.NotFound("会议不存在。");
        if (r.Meeting.State != nameof(MeetingState.已召开)) return Result.Invalid("year", "会议尚未召开，没有会议记录可以导出。");
        var bytes = MeetingRecordDocument.Single(r);
        AuditEvents.Add(db, "meetings.record.export", "meetings", id, r.Meeting.OrgId, new { meeting = id, photos = r.Photos.Count, bytes = bytes.Length });
        await db.SaveChangesAsync(ct);
        var name = $"会议记录-{r.Meeting.OrgName}-{MeetingTime.Local(r.Meeting.HeldAt):yyyyMMdd}-{r.Meeting.Topic}.docx";
        return new Document(new MemoryStream(bytes, writable: false), SafeFileName(name));
    }

    /// <summary>The held meetings of a branch (and its 党小组) in a calendar year, bound in one file.</summary>
    public async Task<Result<Document>> YearAsync(Organization branch, int? year, CancellationToken ct)
    {
        var today = clock.Today();
        if (!OrgRules.IsBranch(branch.Type))
            return Result.Invalid("year", $"{branch.Name}是{branch.Type}：全年会议记录按党支部装订，请先切换到党支部。");
        var y = year ?? today.Year;
        if (y < 2000 || y > today.Year) return Result.Invalid("year", $"年度应在2000年至{today.Year}年之间。");
        var first = MeetingTime.StartOf(new DateOnly(y, 1, 1));
        var next = MeetingTime.StartOf(new DateOnly(y + 1, 1, 1));
        var orgIds = db.UnderOrg(branch).Select(o => o.Id);
        var rows = await (from m in db.Set<Meeting>().AsNoTracking()
                          join o in db.Organizations on m.OrgId equals o.Id
                          where orgIds.Contains(m.OrgId) && m.State == MeetingState.已召开 && m.HeldAt >= first && m.HeldAt < next
                          orderby m.HeldAt, m.Id
                          select new { m.Id, m.HeldAt, m.Kinds, m.Topic, o.Name })
            .Take(MaxMeetingsPerBook + 1).ToListAsync(ct);
        if (rows.Count > MaxMeetingsPerBook)
            return Result.Invalid("year", $"{y}年的会议超过{MaxMeetingsPerBook}次，无法装订为一个文件。");
        var entries = rows.Select(x => new BookEntry(x.Id, x.HeldAt, MeetingRules.Display(x.Kinds), x.Topic, x.Name)).ToList();

        var path = Path.Combine(Path.GetTempPath(), "bastion-book-" + Guid.NewGuid().ToString("N") + ".docx");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        try
        {
            var budget = new Budget();
            await MeetingRecordDocument.YearAsync(file, branch.Name, y, entries, id =>
            {
                // each meeting's photos are read when it is written, and let go after
                db.ChangeTracker.Clear();
                return LoadAsync(id, budget, ct);
            }, today);
            file.Position = 0;
            AuditEvents.Add(db, "meetings.book.export", "meetings", null, branch.Id, new { year = y, meetings = entries.Count, photos = budget.Photos, bytes = file.Length });
            await db.SaveChangesAsync(ct);
            return new Document(file, SafeFileName($"{branch.Name}-{y}年度三会一课会议记录.docx"));
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private sealed class Budget
    {
        public long Bytes { get; set; }
        public int Photos { get; set; }
    }

    /// <summary>A meeting with its photos (within the budget) and the names of its other attachments.</summary>
    private async Task<MeetingRecord?> LoadAsync(long id, Budget budget, CancellationToken ct)
    {
        var found = await get.Handle(id, ct);
        if (!found.IsOk) return null;
        var m = found.Value;
        var photos = new List<MeetingRecord.Photo>();
        var others = new List<string>();
        foreach (var a in m.Attachments)
        {
            var image = a.ContentType is "image/jpeg" or "image/png";
            if (image && photos.Count < PhotosPerMeeting && budget.Bytes + a.Size <= MaxPhotoBytesPerBook)
            {
                var data = await db.Set<MeetingAttachment>().AsNoTracking().Where(x => x.Id == a.Id).Select(x => x.Data).FirstAsync(ct);
                budget.Bytes += data.Length;
                budget.Photos++;
                photos.Add(new MeetingRecord.Photo(a.FileName, data));
            }
            else others.Add(image ? $"{a.FileName}（照片，未嵌入）" : $"{a.FileName}（{Kind(a.ContentType)}）");
        }
        return new MeetingRecord(m, Enum.Parse<MeetingSource>(m.Source), photos, others);
    }

    private static string Kind(string contentType) => contentType switch
    {
        "application/pdf" => "PDF",
        _ when contentType.Contains("word", StringComparison.Ordinal) => "Word文档",
        _ => "文件",
    };

    private static string SafeFileName(string name)
    {
        var bad = Path.GetInvalidFileNameChars().Concat(['/', '\\', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        var s = new string(name.Select(c => bad.Contains(c) || char.IsControl(c) ? '_' : c).ToArray());
        return s.Length > 150 ? s[..145] + ".docx" : s;
    }
}
