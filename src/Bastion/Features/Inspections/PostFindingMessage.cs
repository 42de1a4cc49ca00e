using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>A message of the 同题共答 exchange (kept, never edited); the other side is notified.</summary>
public sealed class PostFindingMessage(AppDbContext db, UserContext user, InspectionAccess access, InspectionNotifier notify, TimeProvider clock)
{
    public sealed record Request(string? Body, string? ProposedWording);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/inspections/findings/{id:long}/messages", async (long id, Request body, PostFindingMessage handler, CancellationToken ct) =>
                (await handler.Handle(id, body, ct)).ToHttp(m => Results.Created($"/api/v1/inspections/findings/{id}", new { id = m })))
           .RequireRecord(Permission.InspectionRead, typeof(InspectionFinding))
           .WithSummary("同题共答留言（body、proposedWording 建议表述）").Produces(201).ProducesValidationProblem();

    /// <summary>The new message's id.</summary>
    public async Task<Result<long>> Handle(long id, Request req, CancellationToken ct)
    {
        var f = await db.Set<InspectionFinding>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return Result.Invalid("id", "问题不存在");
        var viewer = await access.ViewerAsync(f.OrgId, ct);
        var phase = await access.PhaseAsync(f.TargetId, ct);
        if (!InspectionRules.CanRead(viewer, f.Category, f.State, phase)) return Result.Forbidden("您无权查看该问题");
        if (InspectionRules.CheckMessage(viewer, f.Category, f.State, phase) is { } refused) return Result.Invalid("body", refused);
        if (f.State == FindingState.已定稿) return Result.Invalid("body", "该问题的表述已定稿，同题共答已结束");
        var body = InspectionInput.Clean(req.Body);
        var wording = InspectionInput.Clean(req.ProposedWording);
        if (body is null) return Result.Invalid("body", "请填写意见");
        if (body.Length > FindingInput.BodyMax) return Result.Invalid("body", $"意见不超过{FindingInput.BodyMax}字");
        if (wording is { Length: > FindingInput.WordingMax }) return Result.Invalid("proposedWording", $"建议表述不超过{FindingInput.WordingMax}字");
        var team = viewer.HasFlag(InspectionViewer.Inspection);
        var m = new InspectionFindingMessage
        {
            FindingId = f.Id, AuthorUserId = user.UserId, AuthorName = await access.MyNameAsync(ct), Side = team ? InspectionRules.SideTeam : InspectionRules.SideInspected,
            Body = body, ProposedWording = wording, At = clock.GetUtcNow(),
        };
        db.Add(m);
        var url = $"/Inspections/Finding/{f.Id}#exchange";
        if (team) await notify.InspectedLeadershipAsync(f.OrgId, "同题共答：巡察组回复", $"“{f.Title}”：{InspectionInput.Clip(body, 100)}", url, ct);
        else await notify.TeamAsync(f.RoundId, f.OrgId, user.UserId, "同题共答：被巡察党组织回复", $"“{f.Title}”：{InspectionInput.Clip(body, 100)}", url, ct);
        await db.SaveChangesAsync(ct);
        return m.Id;
    }
}
