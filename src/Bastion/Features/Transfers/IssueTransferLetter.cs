using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>
/// 转出: the member's membership goes to an organization outside the platform with a numbered 介绍信. The number
/// is the next of the nearest committee (党委) above the branch that has a number range; the range row is
/// locked (SELECT … FOR UPDATE) so numbers are taken in order, never twice and without gaps. The member record
/// is kept and listed as 已转出; from the letter's day the member no longer belongs to the branch (their membership
/// period ends, so 应到 stops counting them) nor sits on its committee (posts end that day).
/// </summary>
public sealed class IssueTransferLetter(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record Request(string? ToOrgName, string? DuesPaidTo, int? ValidDays, string? Reason);

    /// <summary>The member's organization was authorized by the caller (MemberManage); returns the letter's transfer or field errors.</summary>
    public async Task<Result<MemberTransfer>> Handle(Member member, Organization from, Request req, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var errors = new Dictionary<string, string[]>();
        if (TransferRules.CheckText(req.ToOrgName, TransferRules.OrgNameMaxLength, "接收党组织名称", required: true) is { } te) errors["toOrgName"] = [te];
        if (TransferRules.CheckDuesPaidTo(req.DuesPaidTo, today) is { } de) errors["duesPaidTo"] = [de];
        if (TransferRules.CheckValidDays(req.ValidDays) is { } ve) errors["validDays"] = [ve];
        if (TransferRules.CheckText(req.Reason, TransferRules.ReasonMaxLength, "转出原因", required: false) is { } re) errors["reason"] = [re];
        if (await TransferScope.BusyAsync(db, member, ct) is { } busy) errors["memberId"] = [busy];

        // the nearest committee above (or at) the branch that has configured any range issues the letter
        var chain = TransfersDb.SelfAndAncestors(from);
        var ranges = await db.LetterNumberRanges.AsNoTracking().Where(r => chain.Contains(r.OrgId)).ToListAsync(ct);
        var issuer = chain.FirstOrDefault(id => ranges.Any(r => r.OrgId == id));
        var candidates = ranges.Where(r => r.OrgId == issuer && TransferRules.Remaining(r) > 0).OrderBy(r => r.Id).Select(r => r.Id).ToList();
        if (issuer == 0) errors["letterNo"] = ["上级党委尚未设置介绍信编号段，请党委管理员在“介绍信”页设置"];
        else if (candidates.Count == 0) errors["letterNo"] = [$"{await OrgNameAsync(issuer, ct)}的介绍信编号已用完，请设置新的编号段"];
        if (errors.Count > 0) return Result.Invalid(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        LetterNumberRange? range = null;
        foreach (var id in candidates)
        {
            // waits for any other issue on this range, then re-reads the row as committed by it
            range = await db.LetterNumberRanges.FromSql($"SELECT * FROM letter_number_ranges WHERE id = {id} AND next_number <= end_number FOR UPDATE").SingleOrDefaultAsync(ct);
            if (range is not null) break;
        }
        if (range is null) return Result.Invalid("letterNo", $"{await OrgNameAsync(issuer, ct)}的介绍信编号已用完，请设置新的编号段");

        var number = range.NextNumber;
        range.NextNumber = number + 1;
        var t = new MemberTransfer
        {
            OrgId = from.Id, MemberId = member.Id, Kind = TransferKind.转出, State = TransferState.已转出,
            FromOrgId = from.Id, FromOrgName = from.Name, ToOrgName = req.ToOrgName!.Trim(), Reason = string.IsNullOrWhiteSpace(req.Reason) ? null : req.Reason.Trim(),
            CreatedAt = now, CreatedBy = user.UserName,
            LetterNo = TransferRules.FormatLetterNo(range.Prefix, number, range.EndNumber), IssuingOrgId = range.OrgId, LetterDate = today,
            ValidDays = req.ValidDays ?? TransferRules.DefaultValidDays, DuesPaidTo = TransferRules.ParseMonth(req.DuesPaidTo),
        };
        await TransfersDb.LeavePlatformAsync(db, member.Id, today, now, ct);
        try
        {
            db.MemberTransfers.Add(t);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // the number is given back with the rollback: no gap
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Result.Invalid("memberId", TransferScope.BusyConflict);
        }
        return t;
    }

    private Task<string> OrgNameAsync(long id, CancellationToken ct) =>
        db.Organizations.AsNoTracking().Where(o => o.Id == id).Select(o => o.Name).FirstAsync(ct);
}
