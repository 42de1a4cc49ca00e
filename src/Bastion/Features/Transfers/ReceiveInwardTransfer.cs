using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Members;
using Bastion.Security;

namespace Bastion.Features.Transfers;

/// <summary>
/// 转入: a member comes from outside the platform with the sender's 介绍信. The member is created through
/// <see cref="SaveMember"/> (every member rule applies, with the carried-over 入党/转正 dates) together with the
/// transfer record and a history row, in one transaction.
/// </summary>
public sealed class ReceiveInwardTransfer(AppDbContext db, UserContext user, SaveMember save)
{
    public sealed record Request(MemberInput Member, string? FromOrgName, string? LetterNo, DateOnly? LetterDate, string? DuesPaidTo, string? Reason);

    /// <summary>The branch was authorized by the caller (MemberManage).</summary>
    public async Task<(Member? Member, Dictionary<string, string[]> Errors)> Handle(Organization branch, Request req, DateOnly today, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (TransferRules.CheckText(req.FromOrgName, TransferRules.OrgNameMaxLength, "原所在党组织", required: true) is { } fe) errors["fromOrgName"] = [fe];
        if (TransferRules.CheckText(req.LetterNo, TransferRules.LetterNoMaxLength, "介绍信编号", required: true) is { } le) errors["letterNo"] = [le];
        if (req.LetterDate is not { } ld) errors["letterDate"] = ["请填写介绍信开具日期"];
        else if (ld > today) errors["letterDate"] = ["开具日期不能晚于今天"];
        if (TransferRules.CheckDuesPaidTo(req.DuesPaidTo, today) is { } de) errors["duesPaidTo"] = [de];
        if (TransferRules.CheckText(req.Reason, TransferRules.ReasonMaxLength, "备注", required: false) is { } re) errors["reason"] = [re];
        if (errors.Count > 0)
        {
            // show the member's own field errors at the same time, without writing anything
            foreach (var (k, v) in MemberRules.Validate(req.Member, today)) errors[k] = v;
            return (null, errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await save.CreateAsync(branch, new SaveMember.Request(req.Member), ct);
        if (!created.Ok) return (null, created.Errors);
        var m = created.Member!;
        var now = DateTimeOffset.UtcNow;
        db.MemberTransfers.Add(new MemberTransfer
        {
            OrgId = branch.Id, MemberId = m.Id, Kind = TransferKind.转入, State = TransferState.已转入,
            FromOrgName = req.FromOrgName!.Trim(), ToOrgId = branch.Id, ToOrgName = branch.Name, Reason = string.IsNullOrWhiteSpace(req.Reason) ? null : req.Reason.Trim(),
            CreatedAt = now, CreatedBy = user.UserName, LetterNo = req.LetterNo!.Trim(), LetterDate = req.LetterDate, DuesPaidTo = TransferRules.ParseMonth(req.DuesPaidTo),
        });
        db.MemberChanges.Add(new MemberChange
        {
            MemberId = m.Id, OrgId = branch.Id, Field = "所在党支部", OldValue = req.FromOrgName.Trim(), NewValue = branch.Name,
            Reason = $"组织关系转入（介绍信{req.LetterNo.Trim()}）", ChangedBy = user.UserName, ChangedAt = now,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (m, errors);
    }
}
