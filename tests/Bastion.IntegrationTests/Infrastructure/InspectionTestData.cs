using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.IntegrationTests.Infrastructure;

/// <summary>
/// One 巡察 round run by each given organization, inspecting that same organization, past 反馈, with one surface
/// finding: records for the policy matrix (readable by every InspectionRead role over the organization).
/// </summary>
public static class InspectionTestData
{
    public static async Task<Dictionary<(Type, long), long>> SeedAsync(AppDbContext db, IEnumerable<Organization> orgs, DateTimeOffset now)
    {
        var result = new Dictionary<(Type, long), long>();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var o in orgs)
        {
            var r = new InspectionRound { OrgId = o.Id, Name = $"{o.Name}测试巡察", Year = today.Year, StartsOn = today.AddDays(-30), EndsOn = today, CreatedAt = now };
            db.Add(r);
            await db.SaveChangesAsync();
            var t = new InspectionTarget { RoundId = r.Id, OrgId = o.Id, Phase = InspectionPhase.反馈, PhaseChangedAt = now, FeedbackAt = now, CreatedAt = now };
            db.Add(t);
            await db.SaveChangesAsync();
            var f = new InspectionFinding
            {
                RoundId = r.Id, TargetId = t.Id, OrgId = o.Id, Title = "三会一课制度落实不到位", Facts = "支部委员会未按月召开", Category = FindingCategory.组织路线落实, CreatedAt = now,
            };
            db.Add(f);
            await db.SaveChangesAsync();
            result[(typeof(InspectionRound), o.Id)] = r.Id;
            result[(typeof(InspectionTarget), o.Id)] = t.Id;
            result[(typeof(InspectionFinding), o.Id)] = f.Id;
        }
        db.ChangeTracker.Clear();
        return result;
    }
}
