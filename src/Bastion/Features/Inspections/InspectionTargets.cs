using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>The inspected organizations of a round: which organization may be one, and adding one in 准备 with its first phase entry.</summary>
public static class InspectionTargets
{
    /// <summary>An organization the round may inspect: strictly under the running 党委, in operation (else the Chinese reason).</summary>
    public static async Task<(Organization?, string?)> CheckOrgAsync(AppDbContext db, Organization roundOrg, long orgId, CancellationToken ct)
    {
        var o = await db.UnderOrg(roundOrg).AsNoTracking().FirstOrDefaultAsync(x => x.Id == orgId, ct);
        if (o is null || o.Id == roundOrg.Id) return (null, $"被巡察党组织须是{roundOrg.Name}的下级党组织");
        if (o.Status != OrgStatus.正常) return (null, $"{o.Name}已撤销，不能列为被巡察党组织");
        if (o.Type == OrgType.党小组) return (null, $"{o.Name}是党小组，不能单独列为被巡察党组织");
        return (o, null);
    }

    /// <summary>Adds the organization to the round in 准备 (saved, in the caller's transaction).</summary>
    public static async Task<InspectionTarget> AddAsync(AppDbContext db, InspectionRound r, Organization o, DateTimeOffset now, string recordedBy, CancellationToken ct)
    {
        var t = new InspectionTarget { RoundId = r.Id, OrgId = o.Id, Phase = InspectionPhase.准备, PhaseChangedAt = now, CreatedAt = now };
        db.Add(t);
        await db.SaveChangesAsync(ct);
        db.Add(new InspectionPhaseEntry
        {
            TargetId = t.Id, Phase = InspectionPhase.准备, EnteredOn = ChineseDates.DayOf(now), RecordedAt = now, RecordedBy = recordedBy, Note = "列为被巡察党组织",
        });
        await db.SaveChangesAsync(ct);
        return t;
    }
}
