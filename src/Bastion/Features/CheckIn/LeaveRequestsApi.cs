using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.CheckIn;

/// <summary>
/// 请假审批 over HTTP: GET /api/v1/meetings/leave-requests (the subtree's requests, the list page's query) and
/// POST /api/v1/meetings/{id}/leave-requests/{requestId}/decision (the same <see cref="DecideLeave"/> as the pages).
/// </summary>
public static class LeaveRequestsApi
{
    public sealed record DecisionBody(bool Approve, string? RejectionReason);

    public sealed record DecisionResponse(long Id, long MeetingId, string State, string? RejectionReason, string? DecidedBy, DateTimeOffset? DecidedAt);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/meetings/leave-requests", List).Require(Permission.MeetingManage)
           .WithSummary("请假审批列表（?org= 组织及其下级；state=待审批（默认）|已批准|已驳回|已撤回|全部；from、to 为会议日期 yyyy-MM-dd；branch 为其下某一组织；name 党员姓名；page、pageSize）")
           .Produces<ListLeaveRequests.Paged>();
        api.MapPost("/meetings/{id:long}/leave-requests/{requestId:long}/decision", Decide).RequireRecord(Permission.MeetingManage, typeof(Meeting))
           .WithSummary("审批请假申请（approve=true 批准；false 驳回，须填 rejectionReason，将通知本人）")
           .Produces<DecisionResponse>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
    }

    private static async Task<IResult> List(UserContext user, AppDbContext db, TimeProvider clock, string? state, DateOnly? from, DateOnly? to, long? branch, string? name,
        int? page, int? pageSize, CancellationToken ct) =>
        Results.Ok(await ListLeaveRequests.PageAsync(db, user.CurrentOrg!, ListLeaveRequests.Parse(state, from, to, branch, name), page ?? 1,
            Math.Clamp(pageSize ?? 20, 1, 200), clock.GetUtcNow(), ct));

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
