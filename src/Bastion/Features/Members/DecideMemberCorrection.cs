using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// The branch approves or rejects a member's correction request. Approving applies the change through
/// <see cref="SaveMember.UpdateAsync"/> (every member rule applies, the request's reason is the change reason);
/// when the rules refuse, their messages come back and the request stays 待审核. A rejection needs a reason.
/// Whoever decides needs MemberManage on the member's organization and may not decide their own request.
/// </summary>
public sealed class DecideMemberCorrection(AppDbContext db, UserContext user, SaveMember save, TimeProvider clock)
{
    /// <summary>
    /// Ok when decided. Refusals to show beside the request are Invalid under "decision" or "decisionReason" (a member
    /// rule, a missing reason, one's own request) or a Conflict (already decided); NotFound and Forbidden (outside the
    /// caller's scope) are answered with their status.
    /// </summary>
    public async Task<Result> ApproveAsync(long requestId, CancellationToken ct = default)
    {
        var (request, member, denied) = await LoadAsync(requestId, ct);
        if (denied is not null) return denied;
        var field = MemberCorrectionRules.Find(request!.Field);
        if (field is null) return Result.Invalid("decision", "该更正项目已不受支持，请驳回");

        var input = field.Apply(MemberForm.From(member!).ToInput(), request.Proposed);
        var oldValue = field.Current(member!);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var saved = await save.UpdateAsync(member!.Id, new SaveMember.Request(input, request.Reason), ct);
        if (!saved.IsOk)
        {
            await tx.RollbackAsync(ct);
            var messages = saved.Status.Errors!.SelectMany(e => e.Value).Distinct().ToArray();
            return Result.Invalid(new Dictionary<string, string[]> { ["decision"] = messages });
        }
        // SaveMember keeps key dates, category, status and ID number in the history; any other field is kept here
        if (!db.ChangeTracker.Entries<MemberChange>().Any(e => e.Entity.MemberId == member.Id))
            db.MemberChanges.Add(new MemberChange
            {
                MemberId = member.Id, OrgId = saved.Value.OrgId, Field = field.Label, OldValue = oldValue, NewValue = field.Current(saved.Value),
                Reason = request.Reason, ChangedBy = user.UserName, ChangedAt = clock.GetUtcNow(),
            });
        Decide(request, CorrectionState.已同意, null);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }

    public async Task<Result> RejectAsync(long requestId, string? reason, CancellationToken ct = default)
    {
        var (request, _, denied) = await LoadAsync(requestId, ct);
        if (denied is not null) return denied;
        var errors = MemberCorrectionRules.CheckRejection(reason);
        if (errors.Count > 0) return Result.Invalid(errors);
        Decide(request!, CorrectionState.已驳回, reason!.Trim());
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    private void Decide(MemberCorrection request, CorrectionState state, string? reason)
    {
        request.State = state;
        request.DecidedBy = user.UserName;
        request.DecidedAt = clock.GetUtcNow();
        request.DecisionReason = reason;
        if (request.RequestedByUserId is { } requester)
            db.Notifications.Add(new Notification
            {
                UserId = requester, OrgId = request.OrgId, CreatedAt = clock.GetUtcNow(), Url = "/Me",
                Title = $"您的{MemberCorrectionRules.Label(request.Field)}更正申请{state}",
                Body = reason is null ? null : "驳回理由：" + reason,
            });
    }

    private async Task<(MemberCorrection? Request, Member? Member, Result? Denied)> LoadAsync(long requestId, CancellationToken ct)
    {
        var request = await db.Set<MemberCorrection>().FirstOrDefaultAsync(c => c.Id == requestId, ct);
        if (request is null) return (null, null, Result.NotFound());
        var member = await db.Members.AsNoTracking().FirstAsync(m => m.Id == request.MemberId, ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == member.OrgId, ct);
        if (!await user.HasAsync(Permission.MemberManage, org, ct))
            return (null, null, Access.RecordRefusal(await user.GrantsAsync(ct), Permission.MemberManage, org.Path) == StatusCodes.Status404NotFound
                ? Result.NotFound() : Result.Forbidden("您没有管理该党员的权限"));
        if (request.State != CorrectionState.待审核) return (null, null, Result.Conflict($"该申请已处理（{request.State}）"));
        if (request.RequestedByUserId is { } requester && requester == user.UserId)
            return (null, null, Result.Invalid("decision", "不能审核本人提交的更正申请，请由其他支委审核"));
        return (request, member, null);
    }
}
