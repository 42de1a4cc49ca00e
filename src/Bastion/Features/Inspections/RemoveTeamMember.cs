using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>Removes a member from a round's team.</summary>
public sealed class RemoveTeamMember(AppDbContext db)
{
    /// <summary>Ok, or the reason under "team".</summary>
    public async Task<Result> Handle(long roundId, long memberId, CancellationToken ct)
    {
        var m = await db.Set<InspectionTeamMember>().FirstOrDefaultAsync(x => x.Id == memberId && x.RoundId == roundId, ct);
        if (m is null) return Result.Invalid("team", "巡察组成员不存在");
        db.Remove(m);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
