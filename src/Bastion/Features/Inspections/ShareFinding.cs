using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>草稿 → 共答中: the team shares a surface finding with the inspected leadership before 反馈.</summary>
public sealed class ShareFinding(AppDbContext db, InspectionAccess access, InspectionNotifier notify, TimeProvider clock)
{
    public async Task<Result> Handle(long id, CancellationToken ct)
    {
        var f = await db.Set<InspectionFinding>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return Result.Invalid("id", "问题不存在");
        if (!(await access.ViewerAsync(f.OrgId, ct)).HasFlag(InspectionViewer.Inspection)) return Result.Forbidden("只有巡察组可以提交同题共答");
        var phase = await access.PhaseAsync(f.TargetId, ct);
        if (InspectionRules.IsClue(f.Category)) return Result.Invalid("id", "问题线索不参与同题共答");
        if (InspectionRules.IsLocked(phase)) return Result.Invalid("id", "已反馈，同题共答已结束");
        if (f.State != FindingState.草稿) return Result.Invalid("id", "该问题已提交同题共答");
        f.State = FindingState.共答中;
        f.SharedAt = clock.GetUtcNow();
        await notify.InspectedLeadershipAsync(f.OrgId, "同题共答：巡察组提交了一个问题", $"请就“{f.Title}”的定性与表述发表意见。", $"/Inspections/Finding/{f.Id}", ct);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
