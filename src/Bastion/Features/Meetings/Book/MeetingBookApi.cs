using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Meetings.Book;

/// <summary>
/// GET /api/v1/meetings/{id}/record.docx (one meeting's 三会一课 record, as reading the meeting) and
/// GET /api/v1/meetings/records.docx?org=&amp;year= (a branch's year bound in one file).
/// </summary>
public static class MeetingBookApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/meetings/{id:long}/record.docx", Meeting).RequireRecord(Permission.MeetingRead, typeof(Meeting))
           .WithSummary("导出一次会议的“三会一课”会议记录（Word，会议记录本格式：基本情况、会议记录、决议、签到表、照片）")
           .Produces(200, contentType: WordDocument.ContentType).Produces(404).ProducesProblem(400);
        api.MapGet("/meetings/records.docx", Year).Require(Permission.MeetingRead)
           .WithSummary("导出党支部全年会议记录（Word，含封面、目录，每次会议另起一页；?org= 党支部，year= 年度，默认今年）")
           .Produces(200, contentType: WordDocument.ContentType).ProducesProblem(400);
    }

    private static async Task<IResult> Meeting(long id, ExportMeetingRecords export, CancellationToken ct) =>
        Send(await export.MeetingAsync(id, ct));

    private static async Task<IResult> Year(int? year, UserContext user, ExportMeetingRecords export, CancellationToken ct) =>
        Send(await export.YearAsync(user.CurrentOrg!, year, ct));

    private static IResult Send(ExportMeetingRecords.Result r) => r.File is { } f
        ? Results.File(f.Content, WordDocument.ContentType, f.FileName)
        : r.Status == 400 ? ErrorResponses.Validation(new Dictionary<string, string[]> { ["year"] = [r.Error!] }, r.Error) : ErrorResponses.Problem(r.Status, r.Error);
}
