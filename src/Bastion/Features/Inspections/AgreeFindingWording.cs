using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>定稿: the team records the final wording, agreed with the inspected leadership (the last of its people who took part).</summary>
public sealed class AgreeFindingWording(AppDbContext db, InspectionAccess access, InspectionNotifier notify, TimeProvider clock)
{
    public async Task<Result> Handle(long id, string? wording, CancellationToken ct)
    {
        var f = await db.Set<InspectionFinding>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return Result.Invalid("id", "问题不存在");
        var viewer = await access.ViewerAsync(f.OrgId, ct);
        if (!viewer.HasFlag(InspectionViewer.Inspection)) return Result.Forbidden("只有巡察组可以定稿");
        var phase = await access.PhaseAsync(f.TargetId, ct);
        if (InspectionRules.CheckMessage(viewer, f.Category, f.State, phase) is { } refused) return Result.Invalid("agreedWording", refused);
        if (f.State == FindingState.已定稿) return Result.Invalid("agreedWording", "该问题已定稿");
        var w = InspectionInput.Clean(wording);
        if (w is null) return Result.Invalid("agreedWording", "请填写定稿表述");
        if (w.Length > FindingInput.WordingMax) return Result.Invalid("agreedWording", $"定稿表述不超过{FindingInput.WordingMax}字");
        var inspected = await db.Set<InspectionFindingMessage>().AsNoTracking().Where(m => m.FindingId == f.Id && m.Side == InspectionRules.SideInspected)
            .OrderByDescending(m => m.Id).Select(m => m.AuthorName).FirstOrDefaultAsync(ct);
        if (inspected is null) return Result.Invalid("agreedWording", "被巡察党组织领导班子尚未发表意见，不能定稿");
        var now = clock.GetUtcNow();
        f.AgreedWording = w;
        f.AgreedBy = $"{await access.MyNameAsync(ct)}（{InspectionRules.SideTeam}）、{inspected}（{InspectionRules.SideInspected}）";
        if (f.AgreedBy.Length > 200) f.AgreedBy = f.AgreedBy[..200];
        f.AgreedAt = now;
        f.State = FindingState.已定稿;
        await notify.InspectedLeadershipAsync(f.OrgId, "同题共答：已定稿", $"“{f.Title}”的表述已定稿。", $"/Inspections/Finding/{f.Id}", ct);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
