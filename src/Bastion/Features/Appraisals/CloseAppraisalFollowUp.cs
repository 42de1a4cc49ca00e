using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Appraisals;

/// <summary>Closes the follow-up of a 不合格 grade with its result (已完成).</summary>
public sealed class CloseAppraisalFollowUp(AppDbContext db)
{
    public async Task<Dictionary<string, string[]>?> Handle(Organization org, long followUpId, string? resultNote, string? by, CancellationToken ct = default)
    {
        var f = await db.Set<AppraisalFollowUp>().FirstOrDefaultAsync(x => x.Id == followUpId && x.OrgId == org.Id, ct);
        if (f is null) return AppraisalsFeature.Error("followUp", "处置记录不存在或不属于本支部");
        if (f.State == FollowUpState.已完成) return AppraisalsFeature.Error("followUp", "该处置已经办结");
        if (string.IsNullOrWhiteSpace(resultNote)) return AppraisalsFeature.Error("resultNote", "请填写处置结果");
        if (resultNote.Trim().Length > 1000) return AppraisalsFeature.Error("resultNote", "处置结果不能超过1000个字");
        f.State = FollowUpState.已完成;
        f.ResultNote = resultNote.Trim();
        f.ClosedAt = DateTimeOffset.UtcNow;
        f.ClosedBy = by;
        await db.SaveChangesAsync(ct);
        return null;
    }
}
