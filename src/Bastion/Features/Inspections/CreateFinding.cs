using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>Records a finding about an inspected organization (the inspection team only; after 反馈 only new clues).</summary>
public sealed class CreateFinding(AppDbContext db, UserContext user, InspectionAccess access, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/inspections/findings", async (FindingInput.Request body, UserContext user, CreateFinding handler, CancellationToken ct) =>
                (await handler.Handle(body, user.CurrentOrg, ct)).ToHttp(id => Results.Created($"/api/v1/inspections/findings/{id}", new { id })))
           .Require(Permission.InspectionManage)
           .WithSummary("记录巡察发现的问题（正文 targetId 指明被巡察党组织；category 为四个落实之一或问题线索）").Produces(201).ProducesValidationProblem();

    /// <summary>The new finding's id. <paramref name="scope"/>: the authorized organization the target must lie under (the API's ?org=), null when the page's record check did it.</summary>
    public async Task<Result<long>> Handle(FindingInput.Request req, Organization? scope, CancellationToken ct)
    {
        if (scope is not null && req.TargetId is { } tid)
        {
            var orgId = await db.Set<InspectionTarget>().AsNoTracking().Where(t => t.Id == tid).Select(t => (long?)t.OrgId).FirstOrDefaultAsync(ct);
            if (orgId is { } o && !await db.UnderOrg(scope).AnyAsync(x => x.Id == o, ct))
                return Result.Invalid("targetId", "被巡察党组织不在您的管理范围内");
        }
        if (req.TargetId is not { } targetId) return Result.Invalid("targetId", "请指明被巡察党组织（targetId）");
        var t = await db.Set<InspectionTarget>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == targetId, ct);
        if (t is null) return Result.Invalid("targetId", "被巡察党组织不存在");
        var viewer = await access.ViewerAsync(t.OrgId, ct);
        if (!viewer.HasFlag(InspectionViewer.Inspection)) return Result.Forbidden("只有负责该单位的巡察组可以记录问题");
        var category = InspectionRules.ParseCategory(req.Category);
        if (InspectionRules.IsLocked(t.Phase) && category is not null && !InspectionRules.IsClue(category.Value))
            return Result.Invalid("category", $"已进入{t.Phase}阶段，不能再新增问题（整改任务已按反馈生成）；新发现的问题线索仍可记录");
        var (errors, f) = await FindingInput.ValidateAsync(db, req, t, ct);
        if (errors.Count > 0) return Result.Invalid(errors);
        f!.RoundId = t.RoundId;
        f.TargetId = t.Id;
        f.OrgId = t.OrgId;
        f.CreatedAt = clock.GetUtcNow();
        f.CreatedBy = user.UserName;
        db.Add(f);
        await db.SaveChangesAsync(ct);
        return f.Id;
    }
}
