using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Plans;

/// <summary>Creates a planned meeting (state 计划) of a branch, or edits one that is still planned.</summary>
public sealed class SavePlan(AppDbContext db, TimeProvider clock)
{
    public sealed record Request(IReadOnlyList<string>? Types, DateOnly? Date, TimeOnly? Time, string? Topic, string? Place);

    /// <summary>The branch was authorized by the caller. <paramref name="planId"/> null creates; returns the plan's id or field errors.</summary>
    public async Task<Result<long>> Handle(Organization org, long? planId, Request req, string? by, CancellationToken ct = default)
    {
        if (PlansFeature.CheckBranch(org) is { } orgError) return PlansFeature.OrgError(orgError);
        var (kinds, unknown) = MeetingRules.Parse(req.Types);
        var now = clock.GetUtcNow();
        var errors = PlanRules.Validate(kinds, unknown, req.Date, req.Time, req.Topic, req.Place, ChineseDates.DayOf(now), isNew: planId is null);
        if (errors.Count > 0) return Result.Invalid(errors);

        Meeting plan;
        if (planId is { } id)
        {
            var found = await db.Set<Meeting>().FirstOrDefaultAsync(m => m.Id == id && m.OrgId == org.Id, ct);
            if (found is null) return Result.Invalid("id", "计划不存在或不属于本支部");
            if (found.State != MeetingState.计划) return Result.Invalid("id", $"该会议{found.State}，只能修改计划中的会议");
            plan = found;
            plan.UpdatedAt = now;
        }
        else
        {
            plan = new Meeting { OrgId = org.Id, State = MeetingState.计划, Topic = "", CreatedAt = now, CreatedBy = by };
            db.Add(plan);
        }
        plan.Kinds = kinds;
        plan.HeldAt = PlanRules.At(req.Date!.Value, req.Time!.Value);
        plan.Topic = req.Topic!.Trim();
        plan.Place = string.IsNullOrWhiteSpace(req.Place) ? null : req.Place.Trim();
        await db.SaveChangesAsync(ct);
        return plan.Id;
    }

    /// <summary>The API's body: <c>{"types":["支部党员大会","主题党日"],"date":"2026-12-15","time":"14:30","topic":"…","place":"…"}</c>.</summary>
    public sealed record Body(IReadOnlyList<string>? Types, DateOnly? Date, TimeOnly? Time, string? Topic, string? Place);

    /// <summary><c>POST /api/v1/plans?org=&lt;branch&gt;</c>: the same rules as the calendar page.</summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/plans", async (Body body, UserContext user, SavePlan save, CancellationToken ct) =>
                (await save.Handle(user.CurrentOrg!, null, new Request(body.Types, body.Date, body.Time, body.Topic, body.Place), user.UserName, ct))
                    .ToHttp(id => Results.Created($"/api/v1/plans/{id}", new { id })))
           .Require(Permission.MeetingManage)
           .WithSummary("新建组织生活计划（?org= 党支部；与工作计划页面同样的校验）");
}
