using Bastion.Data;
using Bastion.Domain;

namespace Bastion.IntegrationTests.Infrastructure;

/// <summary>Transfers in <see cref="TestWorld"/>: one withdrawn (已撤销) transfer kept by each organization, for record-scoped pages.</summary>
public static class TransferTestData
{
    public static async Task<IReadOnlyDictionary<long, long>> SeedAsync(AppDbContext db, IReadOnlyList<Organization> keepers, Organization a1, Organization b1,
        IReadOnlyDictionary<long, long> memberIn, DateTimeOffset now)
    {
        var result = new Dictionary<long, long>();
        foreach (var o in keepers)
        {
            // received by A1 (inside the scoped roles' A), so an {id} that happens to be A's organization id stays decidable there
            var to = o.Id == a1.Id ? b1 : a1;
            var t = new MemberTransfer
            {
                OrgId = o.Id, MemberId = memberIn[o.Id], Kind = TransferKind.系统内, State = TransferState.已撤销, FromOrgId = o.Id, FromOrgName = o.Name,
                ToOrgId = to.Id, ToOrgName = to.Name, Reason = "测试数据", CreatedAt = now, CreatedBy = "test-seed", DecidedAt = now, DecidedBy = "test-seed",
            };
            db.Set<MemberTransfer>().Add(t);
            await db.SaveChangesAsync();
            result[o.Id] = t.Id;
        }
        return result;
    }
}
