using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.VolunteerBooks;

/// <summary>
/// 使用登记: gives a development case its 入党志愿书 number after 预审合格 — the lowest number not used or spoiled of the
/// committee's open ranges (oldest range first), taken under the range row's lock so that two assignments never get
/// the same number. One person, one number: a case that holds a live number is refused; after its form is registered
/// 作废/遗失 it gets a new number, never the old one.
/// </summary>
public static class VolunteerBookNumbers
{
    public const string Rule = "入党志愿书一人一号";

    /// <summary>
    /// The 党委 that keeps the 志愿书 numbers of a branch: the nearest 党委 at or above it. Null when it keeps no ranges on
    /// the platform (then the number written on the form is recorded as entered).
    /// </summary>
    public static async Task<long?> KeeperOfAsync(AppDbContext db, long orgId, CancellationToken ct)
    {
        var path = await db.Organizations.Where(o => o.Id == orgId).Select(o => o.Path).SingleAsync(ct);
        var ids = path.Split('.').Select(long.Parse).ToList();
        var committees = await db.Organizations.AsNoTracking()
            .Where(o => ids.Contains(o.Id) && o.Type == OrgType.党委 && o.Status == OrgStatus.正常)
            .Select(o => o.Id).ToListAsync(ct);
        var nearest = ids.AsEnumerable().Reverse().FirstOrDefault(committees.Contains);
        if (nearest == 0) return null;
        return await db.VolunteerBookRanges.AnyAsync(r => r.OrgId == nearest, ct) ? nearest : null;
    }

    /// <summary>
    /// Assigns the number and writes the 使用登记 row (audited). Works inside the caller's transaction when one is open
    /// (the 预审 step), else in its own. A refusal (422: no range, used up, the case already holds a number) changes
    /// nothing; after a refusal inside the caller's transaction the caller rolls back.
    /// </summary>
    public static async Task<Result<string>> AssignAsync(AppDbContext db, long committeeOrgId, long developmentCaseId, string personName, DateOnly on, CancellationToken ct)
    {
        var name = personName?.Trim() ?? "";
        if (name.Length == 0) return Result.Invalid("personName", "请填写发展对象姓名");
        if (name.Length > VolunteerBookRules.PersonNameMaxLength) return Result.Invalid("personName", $"姓名不能超过{VolunteerBookRules.PersonNameMaxLength}个字");
        var committee = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == committeeOrgId, ct);
        if (committee is null) return Result.NotFound("未找到该党委");
        if (VolunteerBookRules.CannotHoldRanges(committee) is { } why) return Result.Refused(Rule, why, field: "volunteerBookNo");

        var ownTx = db.Database.CurrentTransaction is null;
        await using var tx = ownTx ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var taken = await TakeAsync(db, committee, developmentCaseId, name, on, ct);
            if (!taken.IsOk) return taken;
            if (tx is not null) await tx.CommitAsync(ct);
            return taken;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // the last guard (a live number per case): the check under the lock normally answers first
            if (tx is not null) await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Result.Refused(Rule, $"{name}已领取入党志愿书编号，一人只能使用一个编号", field: "volunteerBookNo");
        }
    }

    /// <summary>The take itself, inside an open transaction: locks the committee's open ranges in order, refuses a case that
    /// holds a live number, skips spoiled numbers, and saves the 使用登记 row with the range's new next number.</summary>
    internal static async Task<Result<string>> TakeAsync(AppDbContext db, Organization committee, long developmentCaseId, string name, DateOnly on, CancellationToken ct)
    {
        var candidates = await db.VolunteerBookRanges.AsNoTracking()
            .Where(r => r.OrgId == committee.Id && r.NextNumber <= r.EndNumber && r.IssuedOn <= on)
            .OrderBy(r => r.IssuedOn).ThenBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        var usedUp = $"{committee.Name}没有可用的入党志愿书编号，请先登记省委组织部发放的编号段（发放登记）";
        if (candidates.Count == 0) return Result.Refused(Rule, usedUp, field: "volunteerBookNo");

        var checkedHolder = false;
        foreach (var id in candidates)
        {
            // waits for any other assignment or 作废登记 on this range, then re-reads the row as committed by it
            var range = await db.VolunteerBookRanges.FromSql($"SELECT * FROM volunteer_book_ranges WHERE id = {id} AND next_number <= end_number FOR UPDATE").SingleOrDefaultAsync(ct);
            if (range is null) continue;
            if (!checkedHolder)
            {
                // under the lock: a parallel assignment for the same case has committed by now
                var held = await db.VolunteerBookUses.AsNoTracking().Where(u => u.DevelopmentCaseId == developmentCaseId && u.SpoiledOn == null)
                    .Select(u => u.NumberText).FirstOrDefaultAsync(ct);
                if (held is not null)
                    return Result.Refused(Rule, $"{name}已领取入党志愿书编号 {held}，一人只能使用一个编号；志愿书作废或遗失的，请先登记作废后再补发新编号", field: "volunteerBookNo");
                checkedHolder = true;
            }
            var spoiled = await db.VolunteerBookSpoils.AsNoTracking().Where(s => s.RangeId == id && s.Number >= range.NextNumber).Select(s => s.Number).ToListAsync(ct);
            if (VolunteerBookRules.NextFree(range.NextNumber, range.EndNumber, spoiled.ToHashSet()) is not { } number)
            {
                range.NextNumber = range.EndNumber + 1; // only spoiled numbers were left: the range is used up
                continue;
            }
            range.NextNumber = number + 1;
            var use = new VolunteerBookUse
            {
                RangeId = range.Id, OrgId = committee.Id, Number = number, NumberText = VolunteerBookRules.Format(range, number),
                DevelopmentCaseId = developmentCaseId, PersonName = name, UsedOn = on, CreatedBy = db.ActorName,
            };
            db.VolunteerBookUses.Add(use);
            await db.SaveChangesAsync(ct);
            return use.NumberText;
        }
        await db.SaveChangesAsync(ct);
        return Result.Refused(Rule, usedUp, field: "volunteerBookNo");
    }
}
