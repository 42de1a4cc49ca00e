using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Members;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>
/// 转入: a member comes from outside the platform with the sender's 介绍信, in one transaction with the transfer
/// record and a history row.
/// <list type="bullet">
/// <item>A new 公民身份号码: the member is created through <see cref="SaveMember"/> (every member rule applies, with
/// the carried-over 入党/转正 dates).</item>
/// <item>The ID of a member who left the platform with an outward letter and has not come back
/// (<see cref="ReturnStanding.可转回"/>): that record is re-activated in the receiving branch with all its history
/// (earlier memberships, 党内职务, 奖惩, status history). The letter's dates are cross-checked against it
/// (<see cref="TransferRules.CheckReturn"/>): a difference is refused with both dates, never overwritten; other
/// key changes (e.g. 转正 while away) are kept in the history with the letter number, and the outward transfer
/// points at this registration.</item>
/// <item>The ID of someone 出党, or of a member still in the platform: refused, naming where the record is.</item>
/// </list>
/// Whoever can register an inward transfer may type any ID number: the kept record's organization, its 出党 and its
/// dates are named only to a caller who may read members there (<see cref="Permission.MemberRead"/>); anyone else is
/// told the number is registered and to ask the 上级党委组织部门, and a date difference without the stored date.
/// </summary>
public sealed class ReceiveInwardTransfer(AppDbContext db, UserContext user, SaveMember save, TimeProvider clock)
{
    public sealed record Request(MemberInput Member, string? FromOrgName, string? LetterNo, DateOnly? LetterDate, string? DuesPaidTo, string? Reason);

    /// <summary>The branch was authorized by the caller (MemberManage); returns the member registered (new or back) or field errors.</summary>
    public async Task<Result<Member>> Handle(Organization branch, Request req, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
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
            return Result.Invalid(errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var idNumber = string.IsNullOrWhiteSpace(req.Member.IdNumber) ? "" : MemberRules.Normalize(req.Member.IdNumber);
        // the earlier record of the same person, locked: a second registration of the same letter waits, then sees it back
        var kept = idNumber.Length == 0 ? null
            : await db.Members.FromSql($"SELECT * FROM members WHERE id_number = {idNumber} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (kept is not null) return await ReturnAsync(kept, branch, req, now, ct);

        var created = await save.CreateAsync(branch, new SaveMember.Request(req.Member), ct);
        if (!created.IsOk) return created.Status;
        var m = created.Value;
        // the relationship arrives today: the member belongs to the branch from today, not from the 入党日期 the new
        // record's membership period starts at (应到 of earlier meetings, 谈心谈话 owed this year)
        var period = await db.Set<MemberMembership>().SingleAsync(ms => ms.MemberId == m.Id && ms.ToDate == null, ct);
        if (period.FromDate < today) period.FromDate = today;
        db.MemberTransfers.Add(Inward(branch, m.Id, req, now));
        db.MemberChanges.Add(new MemberChange
        {
            MemberId = m.Id, OrgId = branch.Id, Field = "所在党支部", OldValue = req.FromOrgName!.Trim(), NewValue = branch.Name,
            Reason = $"组织关系转入（介绍信{req.LetterNo!.Trim()}）", ChangedBy = user.UserName, ChangedAt = now,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return m;
    }

    /// <summary>The ID number is known: re-activate a member who left with a letter, or say why not. Runs inside the caller's transaction.</summary>
    private async Task<Result<Member>> ReturnAsync(Member kept, Organization branch, Request req, DateTimeOffset now, CancellationToken ct)
    {
        var today = ChineseDates.DayOf(now);
        var keptOrg = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == kept.OrgId, ct);
        // the member's outward letters, locked: a void of the letter (CancelTransfer locks it too) waits for this
        // registration, or this one sees the letter voided and the member back in the platform
        var letters = await db.MemberTransfers
            .FromSql($"SELECT * FROM member_transfers WHERE member_id = {kept.Id} AND kind = {nameof(TransferKind.转出)} FOR UPDATE").ToListAsync(ct);
        var outward = letters.Where(KeepsMemberOut).OrderByDescending(t => t.Id).FirstOrDefault();
        var masked = Masking.IdNumber(kept.IdNumber);
        var mayRead = await user.HasAsync(Permission.MemberRead, keptOrg, ct);
        var standing = TransferRules.StandingOf(kept.PartyStatus, outward is not null);
        if (standing != ReturnStanding.可转回 && !mayRead)
            return Result.Invalid("idNumber", NotYours);
        switch (standing)
        {
            case ReturnStanding.已出党:
                return Result.Invalid("idNumber", $"公民身份号码 {masked} 的人员已于{(kept.PartyStatusDate is { } d ? ChineseDates.Date(d) : "此前")}出党（档案在{keptOrg.Name}），"
                                                  + "不能凭介绍信登记转入；重新入党须按发展党员程序办理");
            case ReturnStanding.仍在平台:
                return Result.Invalid("idNumber", $"公民身份号码 {masked} 已是{keptOrg.Name}的党员，不能重复登记；"
                                                  + (kept.OrgId == branch.Id ? "该党员已在本支部" : $"如需转入本支部，请由{keptOrg.Name}发起系统内组织关系转接"));
        }

        // 可转回: the letter must agree with the kept record, and every member rule applies to the letter's data
        var errors = MemberRules.Validate(req.Member, today);
        foreach (var (k, v) in TransferRules.CheckReturn(kept.JoinedAt, kept.ConfirmedAt, kept.Category, req.Member.JoinedAt, req.Member.ConfirmedAt, req.Member.Category, showKept: mayRead))
            errors.TryAdd(k, v);
        if (!OrgRules.IsBranch(branch.Type)) errors["orgId"] = [$"党员应编入党支部，{branch.Name}是{branch.Type}"];
        else if (branch.Status != OrgStatus.正常) errors["orgId"] = [$"{branch.Name}已撤销，不能接收党员"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var letterNo = req.LetterNo!.Trim();
        var because = Truncate($"组织关系转回平台（转入介绍信{letterNo}，{req.FromOrgName!.Trim()}）", 500);
        // in the receiving branch first: the history rows of key changes (e.g. 转正 while away) belong to it, not to
        // the branch the member left (kept is the tracked entity UpdateAsync saves)
        kept.OrgId = branch.Id;
        // the letter's personal data and any key change are saved with the history kept as usual
        var saved = await save.UpdateAsync(kept.Id, new SaveMember.Request(req.Member, because), ct);
        if (!saved.IsOk) return saved.Status;
        var m = saved.Value;
        var previousOrg = keptOrg.Name;
        m.UpdatedAt = now;
        var inward = Inward(branch, m.Id, req, now);
        db.MemberTransfers.Add(inward);
        db.MemberChanges.Add(new MemberChange
        {
            MemberId = m.Id, OrgId = branch.Id, Field = "所在党支部", OldValue = Truncate($"{outward!.ToOrgName}（{previousOrg}介绍信{outward.LetterNo}转出）", 500),
            NewValue = branch.Name,
            Reason = Truncate($"组织关系转回平台：转入介绍信{letterNo}（{req.FromOrgName.Trim()}开具）；原转出介绍信{outward.LetterNo}，{(outward.LetterDate is { } od ? ChineseDates.Date(od) : "")}转往{outward.ToOrgName}", 500),
            ChangedBy = user.UserName, ChangedAt = now,
        });
        await db.SaveChangesAsync(ct);
        outward.ReturnedTransferId = inward.Id;
        // back in the platform: a membership period opens (the members trigger opened one if the branch changed)
        await TransfersDb.RejoinPlatformAsync(db, m.Id, branch.Id, today, ct);
        // a kept account's 普通党员 grant moves to the receiving branch; it stays disabled until the 系统管理员 enables it
        await Members.MemberAccess.ApplyAsync(db, m.Id, AccountAccessChange.MoveMemberGrant, branch, "组织关系转回平台", now, ct);
        await db.SaveChangesAsync(ct);
        await db.Database.CommitTransactionAsync(ct);
        return m;
    }

    private static readonly Func<MemberTransfer, bool> KeepsMemberOut = TransfersDb.KeepsMemberOut.Compile();

    /// <summary>The kept record is outside what the caller may read: no organization, status or date of it is named.</summary>
    private const string NotYours = "该公民身份号码已在平台登记，请联系上级党委组织部门核实";

    private MemberTransfer Inward(Organization branch, long memberId, Request req, DateTimeOffset now) => new()
    {
        OrgId = branch.Id, MemberId = memberId, Kind = TransferKind.转入, State = TransferState.已转入,
        FromOrgName = req.FromOrgName!.Trim(), ToOrgId = branch.Id, ToOrgName = branch.Name, Reason = string.IsNullOrWhiteSpace(req.Reason) ? null : req.Reason.Trim(),
        CreatedAt = now, CreatedBy = user.UserName, LetterNo = req.LetterNo!.Trim(), LetterDate = req.LetterDate, DuesPaidTo = TransferRules.ParseMonth(req.DuesPaidTo),
    };

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..n];
}
