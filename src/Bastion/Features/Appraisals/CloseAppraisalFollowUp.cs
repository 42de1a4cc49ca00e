using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Appraisals;

/// <summary>
/// Closes the follow-up of a 不合格 grade with its result (已完成). When a 劝退 or 除名 has been carried out
/// (<c>memberLeft</c>), the member's 党籍状态 becomes 出党 on that day, with the reason, kept in the member's
/// change history — in the same transaction.
/// </summary>
public sealed class CloseAppraisalFollowUp(AppDbContext db, TimeProvider clock)
{
    /// <summary>Closed, or field errors ("followUp", "resultNote", "memberLeft").</summary>
    public async Task<Result> Handle(Organization org, long followUpId, string? resultNote, string? by, CancellationToken ct = default,
        bool memberLeft = false)
    {
        var f = await db.Set<AppraisalFollowUp>().FirstOrDefaultAsync(x => x.Id == followUpId && x.OrgId == org.Id, ct);
        if (f is null) return AppraisalsFeature.Error("followUp", "处置记录不存在或不属于本支部");
        if (f.State == FollowUpState.已完成) return AppraisalsFeature.Error("followUp", "该处置已经办结");
        if (string.IsNullOrWhiteSpace(resultNote)) return AppraisalsFeature.Error("resultNote", "请填写处置结果");
        if (resultNote.Trim().Length > 1000) return AppraisalsFeature.Error("resultNote", "处置结果不能超过1000个字");
        if (memberLeft && f.Kind == FollowUpKind.限期改正)
            return AppraisalsFeature.Error("memberLeft", "限期改正不涉及出党；劝退或除名办结时才更新党籍状态");
        f.State = FollowUpState.已完成;
        f.ResultNote = resultNote.Trim();
        f.ClosedAt = clock.GetUtcNow();
        f.ClosedBy = by;
        if (memberLeft)
        {
            var m = await db.Members.FirstAsync(x => x.Id == f.MemberId, ct);
            if (m.PartyStatus == PartyStatus.出党) return AppraisalsFeature.Error("memberLeft", $"{m.Name}的党籍状态已是出党");
            var reason = $"民主评议不合格，{f.Kind}：{f.ResultNote}";
            db.MemberChanges.Add(new MemberChange
            {
                MemberId = m.Id, OrgId = m.OrgId, Field = "党籍状态", OldValue = m.PartyStatus.ToString(), NewValue = nameof(PartyStatus.出党),
                Reason = reason.Length > 500 ? reason[..500] : reason, ChangedBy = by, ChangedAt = f.ClosedAt.Value,
            });
            m.PartyStatus = PartyStatus.出党;
            m.PartyStatusDate = ChineseDates.DayOf(f.ClosedAt.Value);
            m.PartyStatusReason = reason.Length > 500 ? reason[..500] : reason;
            await Terms.EndPostsOnLeaving.EndAsync(db, m.Id, null, m.PartyStatusDate.Value, ct);
            await Members.MemberAccess.ApplyAsync(db, m.Id, AccountAccessChange.Disable, null, "党籍状态：出党", f.ClosedAt.Value, ct);
        }
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
