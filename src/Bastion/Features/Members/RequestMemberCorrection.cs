using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// 申请更正: the signed-in account asks for a field of its own member record (users.member_id) to be corrected.
/// The request waits (待审核) for the branch to approve or reject it (<see cref="DecideMemberCorrection"/>).
/// </summary>
public sealed class RequestMemberCorrection(AppDbContext db, UserContext user, TimeProvider clock)
{
    /// <summary>The member record linked to the signed-in account, or null.</summary>
    public static async Task<Member?> OwnMemberAsync(AppDbContext db, UserContext user, CancellationToken ct = default)
    {
        // read with the session (UserContext), not asked of the database again
        var memberId = await user.MemberIdAsync(ct);
        return memberId is null ? null : await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, ct);
    }

    /// <summary>Ok when the request was recorded; Invalid with field errors (keys field, proposedValue, reason).</summary>
    public async Task<Result> HandleAsync(Member own, string? field, string? proposedValue, string? reason, CancellationToken ct = default)
    {
        var errors = MemberCorrectionRules.CheckRequest(field, proposedValue, reason, own);
        var key = field?.Trim() ?? "";
        if (errors.Count == 0 && await db.Set<MemberCorrection>().AnyAsync(c => c.MemberId == own.Id && c.Field == key && c.State == CorrectionState.待审核, ct))
            errors["field"] = [$"{MemberCorrectionRules.Label(key)}已有待审核的更正申请，请等待支部审核后再提交"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var f = MemberCorrectionRules.Find(key)!;
        var request = new MemberCorrection
        {
            MemberId = own.Id, OrgId = own.OrgId, RequestedByUserId = user.UserId, RequestedBy = user.UserName ?? "",
            Field = f.Key, CurrentValue = f.Current(own), Reason = reason!.Trim(), State = CorrectionState.待审核, CreatedAt = clock.GetUtcNow(),
        };
        request.Propose(proposedValue!);
        db.Set<MemberCorrection>().Add(request);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>The account's own requests, newest first.</summary>
    public static Task<List<MemberCorrection>> MineAsync(AppDbContext db, long memberId, CancellationToken ct) =>
        db.Set<MemberCorrection>().AsNoTracking().Where(c => c.MemberId == memberId).OrderByDescending(c => c.Id).Take(50).ToListAsync(ct);

    /// <summary>How a proposed value is shown: ID numbers and phones masked unless the viewer may see them in full.</summary>
    public static string Display(MemberCorrection c, bool full) => full ? c.Proposed : c.Field switch
    {
        "idNumber" => Masking.IdNumber(c.IdNumber),
        "phone" => Masking.Phone(c.Phone),
        _ => c.Proposed,
    };
}
