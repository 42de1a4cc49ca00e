using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Talks;

/// <summary>Records (or changes) the follow-up of a talk of the branch.</summary>
public sealed class UpdateTalkFollowUp(AppDbContext db)
{
    public async Task<Dictionary<string, string[]>?> Handle(Organization org, long talkId, string? followUp, CancellationToken ct = default)
    {
        var talk = await db.Set<Talk>().FirstOrDefaultAsync(t => t.Id == talkId && t.OrgId == org.Id, ct);
        if (talk is null) return new() { ["talk"] = ["谈话记录不存在或不属于本支部"] };
        if (followUp?.Trim().Length > TalksFeature.MaxText) return new() { ["followUp"] = [$"后续跟进不能超过{TalksFeature.MaxText}个字"] };
        talk.FollowUp = string.IsNullOrWhiteSpace(followUp) ? null : followUp.Trim();
        await db.SaveChangesAsync(ct);
        return null;
    }
}
