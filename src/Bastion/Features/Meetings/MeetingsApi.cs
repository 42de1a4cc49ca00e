using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Meetings;

/// <summary>
/// POST /api/v1/meetings (record a held meeting; ?org= or the switcher names the authorized organization, the
/// body's orgId a branch under it), GET /api/v1/meetings (list of the subtree), GET /api/v1/meetings/{id},
/// and the meeting's attachments.
/// </summary>
public static class MeetingsApi
{
    public sealed record RecordedResponse(long Id, bool QuorumMet, string? QuorumNote, int Expected, int Present, int VotingExpected, int VotingPresent,
        int OnLeave, int Absent, bool Valid, bool? ResolutionPassed, string Message);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/meetings", Record).Require(Permission.MeetingManage)
           .WithSummary("录入已召开的组织生活（?org= 管理范围；正文 orgId 为其下的党支部或党小组；应到人员须逐一标记：attendeeIds 出席、leave 请假、absentIds 缺席，已签到者和计划上已批准的请假除外，未标记者拒绝录入；组织生活会、民主评议党员的 yearOf 为所属年度，默认1–2月为上一年）").Produces<RecordedResponse>(201).ProducesValidationProblem();
        api.MapGet("/meetings", List).Require(Permission.MeetingRead)
           .WithSummary("组织生活列表（?org= 组织及其下级；from、to 为日期 yyyy-MM-dd；type、state、valid=有效|无效；page、pageSize）").Produces<ListMeetings.Paged>();
        api.MapGet("/meetings/{id:long}", Get).RequireRecord(Permission.MeetingRead, typeof(Meeting))
           .WithSummary("组织生活详情（含出勤名单、附件）").Produces<GetMeeting.Details>();
        // the form is read by hand: an IFormFile parameter would let routing answer a wrong content type before authorization
        api.MapPost("/meetings/{id:long}/attachments", Upload).RequireRecord(Permission.MeetingManage, typeof(Meeting)).DisableAntiforgery()
           .WithMetadata(new UploadLimitAttribute(AttachmentSniffer.DefaultMaxBytes) { ConfigKey = MeetingAttachments.ConfigKey })
           .WithSummary("上传会议附件（multipart/form-data，文件字段 file；照片、PDF、Word，按内容识别）").Produces(201).ProducesValidationProblem();
        api.MapGet("/meetings/{id:long}/attachments", Download).RequireRecord(Permission.MeetingRead, typeof(Meeting))
           .WithSummary("下载会议附件（?file= 附件编号，见详情的 attachments）").Produces(200).Produces(404);
    }

    private static async Task<IResult> Record(RecordMeeting.Request body, UserContext user, RecordMeeting record, CancellationToken ct)
    {
        var (r, errors) = await record.Handle(user.CurrentOrg!, body, DateTimeOffset.UtcNow, ct);
        return r is null
            ? ErrorResponses.Validation(errors)
            : Results.Created($"/api/v1/meetings/{r.Id}", new RecordedResponse(r.Id, r.QuorumMet, r.QuorumNote, r.Expected, r.Present, r.VotingExpected,
                r.VotingPresent, r.OnLeave, r.Absent, r.Valid, r.ResolutionPassed, r.Message));
    }

    private static async Task<IResult> List(UserContext user, AppDbContext db, DateOnly? from, DateOnly? to, string? type, string? state, string? valid,
        int? page, int? pageSize, CancellationToken ct)
    {
        var filter = ListMeetings.Parse(type, state, from, to, valid);
        return Results.Ok(await ListMeetings.PageAsync(db, user.CurrentOrg!, filter, page ?? 1, Math.Clamp(pageSize ?? 20, 1, 200), ct));
    }

    private static async Task<IResult> Get(long id, AppDbContext db, CancellationToken ct) =>
        await GetMeeting.HandleAsync(db, id, ct) is { } d ? Results.Ok(d) : ErrorResponses.Problem(404);

    private static async Task<IResult> Upload(long id, HttpContext http, MeetingAttachments attachments, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType) return ErrorResponses.Problem(415, "请以 multipart/form-data 上传，文件字段名为 file。");
        var file = (await http.Request.ReadFormAsync(ct)).Files["file"];
        if (file?.Length > attachments.MaxBytes) return UploadLimit.Problem(attachments.MaxBytes);
        var (attachmentId, error) = await attachments.UploadAsync(id, file, ct);
        return attachmentId is { } a
            ? Results.Created($"/api/v1/meetings/{id}/attachments?file={a}", new { id = a })
            : ErrorResponses.Validation(new Dictionary<string, string[]> { ["file"] = [error!] });
    }

    private static async Task<IResult> Download(long id, long? file, HttpContext http, MeetingAttachments attachments, CancellationToken ct) =>
        file is { } attachmentId && await attachments.GetAsync(id, attachmentId, ct) is { } f ? MeetingAttachments.Download(http, f) : ErrorResponses.Problem(404, "附件不存在。");
}
