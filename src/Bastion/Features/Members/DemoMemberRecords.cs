using Bastion.Data;
using Bastion.Domain;

namespace Bastion.Features.Members;

/// <summary>
/// A few filled record tabs for the demo branch 一采区党支部: party posts of its committee (the first member is the
/// demo secretary, the second the demo member), a reward, family members, and one disciplinary record that only
/// accounts with full access to personal data see. Call after the members are saved.
/// </summary>
public static class DemoMemberRecords
{
    public static async Task SeedAsync(AppDbContext db, Organization branch, IReadOnlyList<Member> members, DateTimeOffset now, CancellationToken ct = default)
    {
        if (members.Count < 5) return;
        DateOnly After(Member m, DateOnly d) => d > m.JoinedAt ? d : m.JoinedAt.AddMonths(1);
        void Post(Member m, string title, DateOnly start, DateOnly? end = null) =>
            db.Set<MemberPost>().Add(new MemberPost { MemberId = m.Id, OrgId = m.OrgId, Title = title, OrgName = branch.Name, StartDate = After(m, start), EndDate = end is { } e ? After(m, e) : null, CreatedAt = now });

        Post(members[0], "组织委员", new DateOnly(2020, 6, 30), new DateOnly(2023, 6, 29));
        Post(members[0], "支部书记", new DateOnly(2023, 6, 30));
        Post(members[2], "组织委员", new DateOnly(2023, 6, 30));
        Post(members[3], "宣传委员", new DateOnly(2023, 6, 30));
        Post(members[1], "党小组组长", new DateOnly(2024, 3, 1));

        db.Set<MemberRewardPenalty>().Add(new MemberRewardPenalty
        {
            MemberId = members[1].Id, OrgId = branch.Id, Kind = RewardPenaltyKind.奖励, Date = After(members[1], new DateOnly(2024, 6, 28)),
            Title = "优秀共产党员", Issuer = "矿业公司党委", DocNo = "矿党〔2024〕21号", CreatedAt = now,
        });
        db.Set<MemberRewardPenalty>().Add(new MemberRewardPenalty
        {
            MemberId = members[4].Id, OrgId = branch.Id, Kind = RewardPenaltyKind.惩处, Date = After(members[4], new DateOnly(2023, 9, 12)),
            Title = "党内警告（违反安全生产规定）", Issuer = "矿业公司纪委", DocNo = "矿纪〔2023〕7号", CreatedAt = now,
        });
        db.Set<MemberFamilyMember>().Add(new MemberFamilyMember
        {
            MemberId = members[1].Id, OrgId = branch.Id, Name = "刘静", Relation = "配偶", Employer = "矿区职工医院", Post = "护士", PoliticalStatus = "群众", CreatedAt = now,
        });
        db.Set<MemberFamilyMember>().Add(new MemberFamilyMember
        {
            MemberId = members[1].Id, OrgId = branch.Id, Name = "王子涵", Relation = "子女", Employer = "矿区第一小学", Post = "学生", PoliticalStatus = "群众", CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
    }
}
