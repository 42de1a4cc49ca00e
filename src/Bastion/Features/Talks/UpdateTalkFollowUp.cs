using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Talks;

/// <summary>Records (or changes) the follow-up of a talk of the branch.</summary>
public sealed class UpdateTalkFollowUp(AppDbContext db)
{
    /// <summary>Saved; invalid "talk" when the talk is not one of the branch's, "followUp" when the text is too long.</summary>
    public async Task<Result> Handle(Organization org, long talkId, string? followUp, CancellationToken ct = default)
    {
        var talk = await db.Set<Talk>().FirstOrDefaultAsync(t => t.Id == talkId && t.OrgId == org.Id, ct);
        if (talk is null) return Result.Invalid("talk", "谈话记录不存在或不属于本支部");
        if (followUp?.Trim().Length > TalksFeature.MaxText) return Result.Invalid("followUp", $"后续跟进不能超过{TalksFeature.MaxText}个字");
        talk.FollowUp = string.IsNullOrWhiteSpace(followUp) ? null : followUp.Trim();
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
