using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Appraisals;

/// <summary>
/// Finishes a round once every member has a grade and every 不合格 its follow-up, and writes each grade to the
/// member record (民主评议 section).
/// </summary>
public sealed class FinishAppraisalRound(AppDbContext db, TimeProvider clock)
{
    /// <summary>The field of the problems that keep a round from finishing (every one listed).</summary>
    public const string ProblemsField = "round";

    /// <summary>Finished, or invalid <see cref="ProblemsField"/> with every problem that keeps the round open.</summary>
    public async Task<Result> Handle(Organization org, long roundId, string? by, CancellationToken ct = default)
    {
        var round = await db.Set<AppraisalRound>().FirstOrDefaultAsync(r => r.Id == roundId && r.OrgId == org.Id, ct);
        if (round is null) return Result.Invalid(ProblemsField, "民主评议不存在或不属于本支部");
        if (round.State == AppraisalState.已完成) return Result.Invalid(ProblemsField, "本年度民主评议已完成");
        var entries = await (
            from e in db.Set<AppraisalEntry>()
            join m in db.Members on e.MemberId equals m.Id
            where e.RoundId == round.Id
            select new { Entry = e, m.Name, HasFollowUp = db.Set<AppraisalFollowUp>().Any(f => f.EntryId == e.Id) }).ToListAsync(ct);
        var problems = AppraisalRules.CheckFinish(entries.Select(x => new AppraisalRules.EntryState(x.Name, x.Entry.Grade, x.HasFollowUp)).ToList());
        if (problems.Count > 0) return Result.Invalid(new Dictionary<string, string[]> { [ProblemsField] = [.. problems] });

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        round.State = AppraisalState.已完成;
        round.FinishedAt = now;
        round.FinishedBy = by;
        var memberIds = entries.Select(x => x.Entry.MemberId).ToList();
        var existing = await db.Set<MemberAppraisal>().Where(a => a.Year == round.Year && memberIds.Contains(a.MemberId)).ToListAsync(ct);
        foreach (var x in entries)
        {
            var record = existing.FirstOrDefault(a => a.MemberId == x.Entry.MemberId);
            if (record is null) db.Add(record = new MemberAppraisal { MemberId = x.Entry.MemberId, Year = round.Year });
            record.OrgId = round.OrgId;
            record.RoundId = round.Id;
            record.Grade = x.Entry.Grade!.Value;
            record.RecordedAt = now;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }
}
