using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>移交 of a clue (after 反馈) to 纪检监察机构 or 组织部门; the receiving side is notified.</summary>
public sealed class TransferClue(AppDbContext db, UserContext user, InspectionAccess access, InspectionNotifier notify, TimeProvider clock)
{
    public async Task<Result> Handle(long id, string? department, string? note, CancellationToken ct)
    {
        var f = await db.Set<InspectionFinding>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return Result.Invalid("id", "问题不存在");
        if (!(await access.ViewerAsync(f.OrgId, ct)).HasFlag(InspectionViewer.Inspection)) return Result.Forbidden("只有巡察组可以移交问题线索");
        if (!InspectionRules.IsClue(f.Category)) return Result.Invalid("department", "只有问题线索需要移交；其他问题按整改任务落实");
        if (!InspectionRules.IsLocked(await access.PhaseAsync(f.TargetId, ct))) return Result.Invalid("department", "问题线索在反馈后（或移交阶段）移交");
        var dep = department?.Trim();
        if (dep is null || !InspectionRules.Departments.Contains(dep)) return Result.Invalid("department", "请选择移交对象：纪检监察机构或组织部门");
        var n = InspectionInput.Clean(note);
        if (n is { Length: > FindingInput.NoteMax }) return Result.Invalid("note", $"移交说明不超过{FindingInput.NoteMax}字");
        if (await db.Set<InspectionClueTransfer>().AnyAsync(x => x.FindingId == f.Id, ct)) return Result.Invalid("department", "该问题线索已移交");
        db.Add(new InspectionClueTransfer { FindingId = f.Id, Department = dep, TransferredAt = clock.GetUtcNow(), TransferredBy = user.UserName ?? "", Note = n });
        var receiver = dep == "纪检监察机构" ? Role.Discipline : Role.OrgAdmin;
        await notify.RoleOverAsync(receiver, f.OrgId, "巡察移交问题线索", $"巡察组向{dep}移交了一条问题线索，请登记回执。", "/Inspections/Clues", ct);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
