using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// Adds and removes rows of a member record's tabs (党内职务, 奖惩, 家庭成员). The caller has authorized the member
/// for MemberManage; 惩处 rows further need full access to personal data on the member's organization.
/// Every row is audited by the data context.
/// </summary>
public sealed class EditMemberRecord(AppDbContext db, UserContext user, TimeProvider clock)
{
    public const string PostsTab = "posts", RewardsTab = "rewards", FamilyTab = "family";

    /// <summary>Ok when saved; Invalid with the form's field errors.</summary>
    public async Task<Result> AddPostAsync(Member m, MemberPostDraft draft, CancellationToken ct = default)
    {
        var (row, errors) = MemberRecordRules.CheckPost(draft, clock.Today());
        if (row is null) return Result.Invalid(errors);
        row.MemberId = m.Id;
        row.OrgId = m.OrgId;
        row.CreatedAt = clock.GetUtcNow();
        db.Set<MemberPost>().Add(row);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    public async Task<Result> AddRewardPenaltyAsync(Member m, Organization org, MemberRewardPenaltyDraft draft, CancellationToken ct = default)
    {
        var (row, errors) = MemberRecordRules.CheckRewardPenalty(draft, clock.Today());
        if (row is null) return Result.Invalid(errors);
        if (row.Kind == RewardPenaltyKind.惩处 && !await user.HasAsync(Permission.PersonalDataFull, org, ct))
            return Result.Invalid("kind", "惩处记录属于个人敏感信息，您没有录入权限");
        row.MemberId = m.Id;
        row.OrgId = m.OrgId;
        row.CreatedAt = clock.GetUtcNow();
        db.Set<MemberRewardPenalty>().Add(row);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    public async Task<Result> AddFamilyAsync(Member m, MemberFamilyDraft draft, CancellationToken ct = default)
    {
        var (row, errors) = MemberRecordRules.CheckFamily(draft);
        if (row is null) return Result.Invalid(errors);
        row.MemberId = m.Id;
        row.OrgId = m.OrgId;
        row.CreatedAt = clock.GetUtcNow();
        db.Set<MemberFamilyMember>().Add(row);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>Removes one row of the given tab, only when it belongs to this member (else NotFound).</summary>
    public async Task<Result> RemoveAsync(Member m, Organization org, string tab, long rowId, CancellationToken ct = default)
    {
        object? row = tab switch
        {
            PostsTab => await db.Set<MemberPost>().FirstOrDefaultAsync(r => r.Id == rowId && r.MemberId == m.Id, ct),
            RewardsTab => await db.Set<MemberRewardPenalty>().FirstOrDefaultAsync(r => r.Id == rowId && r.MemberId == m.Id, ct),
            FamilyTab => await db.Set<MemberFamilyMember>().FirstOrDefaultAsync(r => r.Id == rowId && r.MemberId == m.Id, ct),
            _ => null,
        };
        if (row is null) return Result.NotFound();
        if (row is MemberRewardPenalty { Kind: RewardPenaltyKind.惩处 } && !await user.HasAsync(Permission.PersonalDataFull, org, ct))
            return Result.Forbidden("惩处记录属于个人敏感信息，您没有删除权限");
        db.Remove(row);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}

/// <summary>The add-row forms of the record tabs as posted (strings, checked by <see cref="MemberRecordRules"/>).</summary>
public sealed class MemberPostForm
{
    public string? Title { get; set; }
    public string? OrgName { get; set; }
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
    public MemberPostDraft ToDraft() => new(Title, OrgName, StartDate, EndDate);
}

public sealed class MemberRewardPenaltyForm
{
    public string? Kind { get; set; } = "奖励";
    public string? Date { get; set; }
    public string? Title { get; set; }
    public string? Issuer { get; set; }
    public string? DocNo { get; set; }
    public MemberRewardPenaltyDraft ToDraft() => new(Kind, Date, Title, Issuer, DocNo);
}

public sealed class MemberFamilyForm
{
    public string? Name { get; set; }
    public string? Relation { get; set; }
    public string? Employer { get; set; }
    public string? Post { get; set; }
    public string? PoliticalStatus { get; set; }
    public MemberFamilyDraft ToDraft() => new(Name, Relation, Employer, Post, PoliticalStatus);
}
