using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Development;

/// <summary>
/// The stored "what is due next" of each case (0049_development_queue.sql): the list filters and counts on it in SQL.
/// Triggers mark a row stale when its case's steps or state change (whoever changes them); <see cref="RefreshAsync"/>
/// recomputes the stale rows of the cases asked for with the one rule (<see cref="DevelopmentQueueFacts.Of"/>) before a
/// read. A derived value, like a cache: written without audit rows.
/// </summary>
public static class DevelopmentQueue
{
    private const int Batch = 500;

    /// <summary>Recomputes the rows of these cases that are stale or no longer hold today (locked, so a parallel step waits or is seen).</summary>
    public static async Task RefreshAsync(AppDbContext db, IQueryable<long> caseIds, DateOnly today, CancellationToken ct)
    {
        var queue = db.Set<DevelopmentQueueEntry>();
        while (true)
        {
            var candidates = await queue.AsNoTracking()
                .Where(q => caseIds.Contains(q.CaseId) && (q.Stale || q.FreshFrom > today || q.FreshUntil <= today))
                .OrderBy(q => q.CaseId).Select(q => q.CaseId).Take(Batch).ToListAsync(ct);
            if (candidates.Count == 0) return;
            var ownTx = db.Database.CurrentTransaction is null;
            await using var tx = ownTx ? await db.Database.BeginTransactionAsync(ct) : null;
            // a row a step is being written for is skipped: that transaction marks it stale again when it commits
            var ids = await db.Database.SqlQuery<long>($"""
                SELECT case_id AS "Value" FROM development_queue
                WHERE case_id = ANY({candidates.ToArray()}) AND (stale OR fresh_from > {today} OR fresh_until <= {today})
                ORDER BY case_id FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
            if (ids.Count == 0) return;
            var cases = await db.Set<DevelopmentCase>().AsNoTracking().Where(c => ids.Contains(c.Id))
                .Select(c => new { c.Id, c.State, c.PackVersion }).ToListAsync(ct);
            var steps = (await db.Set<DevelopmentStep>().AsNoTracking().Where(s => ids.Contains(s.CaseId)).OrderBy(s => s.Id).ToListAsync(ct))
                .GroupBy(s => s.CaseId).ToDictionary(g => g.Key, g => DevelopmentFacts.Timeline(g.ToList()).Select(r => r.Entry).ToList());
            var facts = cases.Select(c => (c.Id, F: DevelopmentQueueFacts.Of(DevelopmentRulePacks.Get(c.PackVersion), c.State, steps.GetValueOrDefault(c.Id) ?? [], today))).ToList();
            // one statement for the batch
            await db.Database.ExecuteSqlAsync($"""
                UPDATE development_queue q
                SET next_step = v.step, next_due = v.due, probation_ends_on = v.probation, fresh_from = v.fresh_from, fresh_until = v.fresh_until, stale = false
                FROM unnest({facts.Select(x => x.Id).ToArray()}, {facts.Select(x => x.F.NextStep).ToArray()}, {facts.Select(x => x.F.NextDue).ToArray()},
                            {facts.Select(x => x.F.ProbationEndsOn).ToArray()}, {facts.Select(x => x.F.FreshFrom).ToArray()}, {facts.Select(x => x.F.FreshUntil).ToArray()})
                     AS v(case_id, step, due, probation, fresh_from, fresh_until)
                WHERE q.case_id = v.case_id
                """, ct);
            if (tx is not null) await tx.CommitAsync(ct);
            if (ids.Count < Batch && candidates.Count < Batch) return;
        }
    }
}

public sealed class DevelopmentQueueEntryConfiguration : IEntityTypeConfiguration<DevelopmentQueueEntry>
{
    public void Configure(EntityTypeBuilder<DevelopmentQueueEntry> e)
    {
        e.ToTable("development_queue");
        e.HasKey(q => q.CaseId);
        e.Property(q => q.CaseId).ValueGeneratedNever();
        e.Property(q => q.NextStep).HasMaxLength(3);
        e.HasOne<DevelopmentCase>().WithOne().HasForeignKey<DevelopmentQueueEntry>(q => q.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
