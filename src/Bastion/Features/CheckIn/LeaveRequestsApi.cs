using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.CheckIn;

/// <summary>
/// 请假审批 over HTTP: GET /api/v1/meetings/leave-requests (the subtree's requests, the list page's query) and
/// POST /api/v1/meetings/{id}/leave-requests/{requestId}/decision (the same <see cref="DecideLeave"/> as the pages), and
/// the member's own side: POST /api/v1/meetings/{id}/leave-requests (the same <see cref="RequestLeave"/> as 我的组织生活).
/// </summary>
public static class LeaveRequestsApi
{
    public sealed record DecisionBody(bool Approve, string? RejectionReason);

    public sealed record LeaveBody(string? Reason);

    public sealed record LeaveResponse(long Id, long MeetingId, string State, string Reason, DateTimeOffset RequestedAt);

    public sealed record DecisionResponse(long Id, long MeetingId, string State, string? RejectionReason, string? DecidedBy, DateTimeOffset? DecidedAt);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/meetings/leave-requests", List).Require(Permission.MeetingManage)
           .WithSummary("请假审批列表（?org= 组织及其下级；state=待审批（默认）|已批准|已驳回|已撤回|全部；from、to 为会议日期 yyyy-MM-dd；branch 为其下某一组织；name 党员姓名；page、pageSize）")
           .Produces<ListLeaveRequests.Paged>();
        api.MapPost("/meetings/{id:long}/leave-requests", Request).RequireSignedIn()
           .WithSummary("本人请假（reason 请假理由；仅限应参加该会议的党员：支部委员会只限支委会成员）")
           .Produces<LeaveResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/meetings/{id:long}/leave-requests/{requestId:long}/decision", Decide).RequireRecord(Permission.MeetingManage, typeof(Meeting))
           .WithSummary("审批请假申请（approve=true 批准；false 驳回，须填 rejectionReason，将通知本人）")
           .Produces<DecisionResponse>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
    }

    private static async Task<IResult> List(UserContext user, AppDbContext db, TimeProvider clock, string? state, DateOnly? from, DateOnly? to, long? branch, string? name,
        int? page, int? pageSize, CancellationToken ct) =>
        Results.Ok(await ListLeaveRequests.PageAsync(db, user.CurrentOrg!, ListLeaveRequests.Parse(state, from, to, branch, name), page ?? 1,
            Math.Clamp(pageSize ?? 20, 1, 200), clock.GetUtcNow(), ct));

    private static async Task<IResult> Request(long id, LeaveBody? body, RequestLeave leave, UserContext user, AppDbContext db, CancellationToken ct)
    {
        var own = await user.MemberIdAsync(ct);
        var failure = await leave.HandleAsync(own, id, body?.Reason, ct);
        if (failure is { } f)
            return f.Key switch
            {
                "reason" => ErrorResponses.Validation(new Dictionary<string, string[]> { ["reason"] = [f.Message] }),
                RequestLeave.NotFound => ErrorResponses.Problem(404, f.Message),
                RequestLeave.NotExpected => ErrorResponses.Problem(403, f.Message),
                _ => ErrorResponses.Problem(409, f.Message),
            };
        var r = await db.Set<MeetingLeaveRequest>().AsNoTracking().Where(x => x.MeetingId == id && x.MemberId == own!.Value)
            .OrderByDescending(x => x.Id).FirstAsync(ct);
        return Results.Created($"/api/v1/meetings/{id}/leave-requests/{r.Id}", new LeaveResponse(r.Id, r.MeetingId, r.State.ToString(), r.Reason, r.RequestedAt));
    }

    private static async Task<IResult> Decide(long id, long requestId, DecisionBody body, DecideLeave decide, AppDbContext db, CancellationToken ct)
    {
        var failure = await decide.HandleAsync(requestId, body.Approve, body.RejectionReason, id, ct);
        if (failure is { NotFound: true }) return ErrorResponses.Problem(404, failure.Message);
        if (failure is { Field: "reason" }) return ErrorResponses.Validation(new Dictionary<string, string[]> { ["rejectionReason"] = [failure.Message] });
        if (failure is not null) return ErrorResponses.Problem(409, failure.Message);
        var r = await db.Set<MeetingLeaveRequest>().AsNoTracking().FirstAsync(x => x.Id == requestId, ct);
        return Results.Ok(new DecisionResponse(r.Id, r.MeetingId, r.State.ToString(), r.RejectionReason, r.DecidedBy, r.DecidedAt));
    }
}
