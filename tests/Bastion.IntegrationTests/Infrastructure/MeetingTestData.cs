using Bastion.Data;
using Bastion.Domain;

namespace Bastion.IntegrationTests.Infrastructure;

/// <summary>Meetings in <see cref="TestWorld"/>: one planned (计划) meeting of each organization, for record-scoped pages and endpoints.</summary>
public static class MeetingTestData
{
    public static async Task<IReadOnlyDictionary<long, long>> SeedAsync(AppDbContext db, IReadOnlyList<Organization> orgs, DateTimeOffset now)
    {
        var result = new Dictionary<long, long>();
        foreach (var o in orgs)
        {
            var m = new Meeting
            {
                OrgId = o.Id, Kinds = MeetingKinds.主题党日, State = MeetingState.计划, HeldAt = now.AddDays(10), Topic = "测试计划会议", CreatedAt = now, CreatedBy = "test-seed",
            };
            db.Set<Meeting>().Add(m);
            await db.SaveChangesAsync();
            result[o.Id] = m.Id;
        }
        return result;
    }
}
