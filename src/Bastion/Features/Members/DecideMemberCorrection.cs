using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
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
    /// Status 200 with no errors when decided. Refusals with messages to show beside the request carry them under
    /// "decision" or "decisionReason"; a refusal without messages (403 out of scope, 404) is answered with its status.
    /// </summary>
    public sealed record Outcome(int Status, Dictionary<string, string[]> Errors)
    {
        public bool Ok => Status == 200 && Errors.Count == 0;
        public static Outcome Fail(int status, string message) => new(status, new() { ["decision"] = [message] });
    }

    public async Task<Outcome> ApproveAsync(long requestId, CancellationToken ct = default)
    {
        var (request, member, denied) = await LoadAsync(requestId, ct);
        if (denied is not null) return denied;
        var field = MemberCorrectionRules.Find(request!.Field);
        if (field is null) return Outcome.Fail(400, "该更正项目已不受支持，请驳回");

        var input = field.Apply(MemberForm.From(member!).ToInput(), request.Proposed);
        var oldValue = field.Current(member!);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var saved = await save.UpdateAsync(member!.Id, new SaveMember.Request(input, request.Reason), ct);
        if (!saved.IsOk)
        {
            await tx.RollbackAsync(ct);
            var messages = saved.Status.Errors!.SelectMany(e => e.Value).Distinct().ToArray();
            return new Outcome(400, new() { ["decision"] = messages });
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
        return new Outcome(200, []);
    }

    public async Task<Outcome> RejectAsync(long requestId, string? reason, CancellationToken ct = default)
    {
        var (request, _, denied) = await LoadAsync(requestId, ct);
        if (denied is not null) return denied;
        var errors = MemberCorrectionRules.CheckRejection(reason);
        if (errors.Count > 0) return new Outcome(400, errors);
        Decide(request!, CorrectionState.已驳回, reason!.Trim());
        await db.SaveChangesAsync(ct);
        return new Outcome(200, []);
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

    private async Task<(MemberCorrection? Request, Member? Member, Outcome? Denied)> LoadAsync(long requestId, CancellationToken ct)
    {
        var request = await db.Set<MemberCorrection>().FirstOrDefaultAsync(c => c.Id == requestId, ct);
        if (request is null) return (null, null, new Outcome(404, []));
        var member = await db.Members.AsNoTracking().FirstAsync(m => m.Id == request.MemberId, ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == member.OrgId, ct);
        if (!await user.HasAsync(Permission.MemberManage, org, ct))
            return (null, null, new Outcome(Access.RecordRefusal(await user.GrantsAsync(ct), Permission.MemberManage, org.Path), []));
        if (request.State != CorrectionState.待审核) return (null, null, Outcome.Fail(409, $"该申请已处理（{request.State}）"));
        if (request.RequestedByUserId is { } requester && requester == user.UserId)
            return (null, null, Outcome.Fail(403, "不能审核本人提交的更正申请，请由其他支委审核"));
        return (request, member, null);
    }
}
