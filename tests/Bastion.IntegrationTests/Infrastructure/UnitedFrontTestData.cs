using Bastion.Data;
using Bastion.Domain;

namespace Bastion.IntegrationTests.Infrastructure;

/// <summary>统战 records in <see cref="TestWorld"/>: one 党外人士 filed under each organization, for record-scoped pages (policy matrix).</summary>
public static class UnitedFrontTestData
{
    public static async Task<IReadOnlyDictionary<long, long>> SeedAsync(AppDbContext db, IReadOnlyList<Organization> orgs, DateTimeOffset now)
    {
        var result = new Dictionary<long, long>();
        foreach (var o in orgs)
        {
            var p = new UnitedFrontPerson
            {
                OrgId = o.Id, Name = "测试党外人士", Gender = Gender.女, Category = UnitedFrontCategory.党外知识分子, Employer = "测试单位",
                Phone = "13800000000", CreatedAt = now, UpdatedAt = now,
            };
            db.Set<UnitedFrontPerson>().Add(p);
            await db.SaveChangesAsync();
            result[o.Id] = p.Id;
        }
        return result;
    }
}
