using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Appraisals;

/// <summary>
/// Opens a branch's 民主评议党员 of a year: the grade set (四档 by default, or 三档), the number of voters in the
/// 民主测评, and one entry for every member on the roster (预备党员 included) on the year's last day or today.
/// </summary>
public sealed class OpenAppraisalRound(AppDbContext db, BranchRoster roster, TimeProvider clock)
{
    public sealed record Request(int? Year, string? GradeSet, int? Voters);

    /// <summary>The new round's id, or field errors.</summary>
    public async Task<Result<long>> Handle(Organization org, Request req, string? by, CancellationToken ct = default)
    {
        if (AppraisalsFeature.CheckBranch(org) is { } e) return AppraisalsFeature.Error("orgId", e);
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var errors = new Dictionary<string, string[]>();
        if (req.Year is not { } year) errors["year"] = ["请填写评议年度"];
        else if (year > today.Year || year < today.Year - 1) errors["year"] = ["只能组织今年或上一年度的民主评议"];
        var set = string.IsNullOrWhiteSpace(req.GradeSet) ? AppraisalGradeSet.四档 : AppraisalRules.ParseGradeSet(req.GradeSet);
        if (set is null) errors["gradeSet"] = ["等次设置只能是四档或三档"];
        if (req.Voters is not { } voters) errors["voters"] = ["请填写参加民主测评的人数"];
        else if (voters < 1 || voters > 100_000) errors["voters"] = ["参加测评人数应为正整数"];
        if (errors.Count > 0) return Result.Invalid(errors);

        if (await db.Set<AppraisalRound>().AnyAsync(r => r.OrgId == org.Id && r.Year == req.Year, ct))
            return AppraisalsFeature.Error("year", $"{req.Year}年度的民主评议已经建立");
        var yearEnd = new DateOnly(req.Year!.Value, 12, 31);
        var members = await roster.OnAsync(org, today < yearEnd ? today : yearEnd, ct);
        if (members.Count == 0) return AppraisalsFeature.Error("orgId", "本支部没有可参加评议的党员");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var round = new AppraisalRound
        {
            OrgId = org.Id, Year = req.Year.Value, GradeSet = set!.Value, State = AppraisalState.进行中, Voters = req.Voters!.Value,
            CreatedAt = now, CreatedBy = by,
        };
        db.Add(round);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return AppraisalsFeature.Error("year", $"{req.Year}年度的民主评议已经建立");
        }
        db.AddRange(members.Select(m => new AppraisalEntry { RoundId = round.Id, OrgId = org.Id, MemberId = m.MemberId }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return round.Id;
    }
}
