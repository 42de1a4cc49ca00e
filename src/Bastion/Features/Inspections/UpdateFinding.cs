using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>Edits a finding before 反馈; after 反馈 only with a reason: the previous text is kept as a version and the version goes up.</summary>
public sealed class UpdateFinding(AppDbContext db, UserContext user, InspectionAccess access, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPut("/inspections/findings/{id:long}", async (long id, FindingInput.Request body, UpdateFinding handler, CancellationToken ct) =>
                (await handler.Handle(id, body, ct)).ToHttp(() => Results.Ok(new { id })))
           .RequireRecord(Permission.InspectionManage, typeof(InspectionFinding))
           .WithSummary("修改问题（反馈后须填写 reason 修订，保留历次版本）").Produces(200).ProducesValidationProblem();

    public async Task<Result> Handle(long id, FindingInput.Request req, CancellationToken ct)
    {
        var f = await db.Set<InspectionFinding>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return Result.Invalid("id", "问题不存在");
        var t = await db.Set<InspectionTarget>().AsNoTracking().FirstAsync(x => x.Id == f.TargetId, ct);
        var viewer = await access.ViewerAsync(f.OrgId, ct);
        var reason = InspectionInput.Clean(req.Reason);
        if (InspectionRules.CheckEdit(viewer, t.Phase, reason) is { } refused)
            return viewer.HasFlag(InspectionViewer.Inspection) ? Result.Invalid("reason", refused) : Result.Forbidden(refused);
        if (reason is { Length: > FindingInput.ReasonMax }) return Result.Invalid("reason", $"修订理由不超过{FindingInput.ReasonMax}字");
        var (errors, edited) = await FindingInput.ValidateAsync(db, req, t, ct);
        if (errors.Count > 0) return Result.Invalid(errors);
        if (InspectionRules.IsLocked(t.Phase) && InspectionRules.IsClue(f.Category) != InspectionRules.IsClue(edited!.Category))
            return Result.Invalid("category", "已反馈的问题不能在问题线索与四个落实之间改变归类");
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (InspectionRules.IsLocked(t.Phase))
        {
            db.Add(new InspectionFindingVersion { FindingId = f.Id, Version = f.Version, Snapshot = FindingInput.Snapshot(f), Reason = reason!, ChangedBy = user.UserName ?? "", ChangedAt = now });
            f.Version++;
        }
        FindingInput.Copy(edited!, f);
        f.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
