using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// The tabs of one member record (党内职务, 奖惩, 家庭成员, photo). 惩处 rows are read only for an account with full
/// access to personal data on the member's organization, and each such view is written to the audit trail; other
/// accounts learn only how many there are.
/// </summary>
public sealed class GetMemberRecord(AppDbContext db, UserContext user)
{
    public sealed record PhotoInfo(DateTimeOffset UploadedAt, string? UploadedBy);

    public sealed record Tabs(
        IReadOnlyList<MemberPost> Posts, IReadOnlyList<MemberRewardPenalty> RewardsPenalties, bool PenaltiesVisible, int HiddenPenalties,
        IReadOnlyList<MemberFamilyMember> Family, PhotoInfo? Photo)
    {
        public static readonly Tabs Empty = new([], [], false, 0, [], null);
    }

    /// <param name="org">The member's organization (already authorized for reading the member).</param>
    /// <param name="via">Where the view happened, for the audit row (page, api).</param>
    public async Task<Tabs> HandleAsync(Member m, Organization org, string via, CancellationToken ct = default)
    {
        var penaltiesVisible = await user.HasAsync(Permission.PersonalDataFull, org, ct);
        var rows = db.Set<MemberRewardPenalty>().AsNoTracking().Where(r => r.MemberId == m.Id);
        var visible = await (penaltiesVisible ? rows : rows.Where(r => r.Kind == RewardPenaltyKind.奖励))
            .OrderByDescending(r => r.Date).ThenByDescending(r => r.Id).ToListAsync(ct);
        var hidden = penaltiesVisible ? 0 : await rows.CountAsync(r => r.Kind == RewardPenaltyKind.惩处, ct);
        var shownPenalties = visible.Count(r => r.Kind == RewardPenaltyKind.惩处);
        if (shownPenalties > 0) await DisciplineRecords.RecordViewAsync(db, m, via, shownPenalties, ct);

        return new Tabs(
            await PostsAsync(db, m.Id, ct),
            visible, penaltiesVisible, hidden,
            await db.Set<MemberFamilyMember>().AsNoTracking().Where(f => f.MemberId == m.Id).OrderBy(f => f.Id).ToListAsync(ct),
            await db.Set<MemberPhoto>().AsNoTracking().Where(p => p.MemberId == m.Id).Select(p => new PhotoInfo(p.UploadedAt, p.UploadedBy)).FirstOrDefaultAsync(ct));
    }

    /// <summary>Party posts, current ones (no end date) first, then the latest.</summary>
    public static Task<List<MemberPost>> PostsAsync(AppDbContext db, long memberId, CancellationToken ct) =>
        db.Set<MemberPost>().AsNoTracking().Where(p => p.MemberId == memberId)
            .OrderBy(p => p.EndDate != null).ThenByDescending(p => p.StartDate).ThenByDescending(p => p.Id).ToListAsync(ct);
}

/// <summary>Views of 惩处 (disciplinary) records are audited like full views of personal data, under their own action.</summary>
public static class DisciplineRecords
{
    public const string ViewAction = "personal.view_discipline";

    public static async Task RecordViewAsync(AppDbContext db, Member m, string via, int count, CancellationToken ct)
    {
        AuditEvents.Add(db, ViewAction, "members", m.Id, m.OrgId, new { via, name = m.Name, count });
        await db.SaveChangesAsync(ct);
    }
}
