using System.Collections.Concurrent;
using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bastion.Features.Compliance;

/// <summary>
/// Every branch of a subtree evaluated for a period: the outcomes, for each the root's direct child it lies under (0 for
/// the root itself), and the root's direct children.
/// </summary>
public sealed record ComplianceEvaluation(IReadOnlyList<BranchOutcome> Outcomes, IReadOnlyList<long> ChildOf, IReadOnlyList<Organization> Children);

/// <summary>
/// Keeps the evaluations of large subtrees (at least <c>Bastion:Compliance:CacheMinBranches</c> branches, default 1000)
/// per root, period and day, and brings them up to date on every read from <c>compliance_changes</c> (migration 0022:
/// rows written by triggers whenever a branch's facts change — meetings through meeting_month_stats, memberships,
/// 谈心谈话, 党籍状态 — or, with no organization, whenever anything may change: the tree, exemptions, rule overrides).
/// A read asks PostgreSQL for the changes since the xmin of the snapshot it last read under (every transaction below
/// it had ended, so nothing is missed; a change seen twice is only re-evaluated twice), re-loads and re-evaluates just
/// those branches, and reloads everything after a change of the second kind. Each instance keeps its own entries and
/// reads the same table, so several instances stay correct. A province-wide year is evaluated once a day instead of
/// on every request.
/// </summary>
public sealed class ComplianceCache(IOptions<ComplianceSettings> settings, TimeProvider clock)
{
    private sealed class Entry
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public ComplianceEvaluation? Evaluation;
        public Dictionary<long, int> Index = [];
        public long Watermark;
        public long LastUsedTicks;
    }

    // the root's path is part of the key: a request that loaded the root before a move commits must not store what it
    // finds under the old path for the requests that come after the move
    private readonly ConcurrentDictionary<(long Root, string Path, Period Period, DateOnly Today, int WarningDays), Entry> _entries = new();

    private readonly bool _disabled;

    /// <summary>A cache that keeps nothing: every rollup is evaluated afresh.</summary>
    public static ComplianceCache None(IOptions<ComplianceSettings> settings) => new(settings, TimeProvider.System, disabled: true);

    private ComplianceCache(IOptions<ComplianceSettings> settings, TimeProvider clock, bool disabled) : this(settings, clock) => _disabled = disabled;

    /// <summary>Subtrees with fewer branches are evaluated on every request (fast anyway) and not kept.</summary>
    public int MinBranches => _disabled ? int.MaxValue
        : settings.Value.CacheMinBranches;

    /// <summary>An entry not read for this long is dropped.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);

    /// <summary>How many evaluations are kept (for tests and the operator).</summary>
    public int Count => _entries.Count(e => e.Value.Evaluation is not null);

    /// <summary>
    /// The evaluation of <paramref name="root"/>'s subtree: from the cache brought up to date, or from
    /// <paramref name="evaluate"/> (null: every branch; otherwise only the given organizations' branches, and no children).
    /// </summary>
    public async Task<ComplianceEvaluation> GetAsync(AppDbContext db, Organization root, Period period, DateOnly today, int warningDays,
        Func<long[]?, CancellationToken, Task<ComplianceEvaluation>> evaluate, CancellationToken ct)
    {
        if (_disabled) return await evaluate(null, ct);
        var now = clock.GetUtcNow().UtcTicks;
        Evict(today, now);
        var key = (root.Id, root.Path, period, today, warningDays);
        var entry = _entries.GetOrAdd(key, _ => new Entry());
        await entry.Gate.WaitAsync(ct);
        try
        {
            entry.LastUsedTicks = now;
            if (entry.Evaluation is null)
            {
                // only the snapshot's xmin: no change row has an xid this large
                var (xmin, _, _) = await ChangesSinceAsync(db, long.MaxValue, ct);
                var full = await evaluate(null, ct);
                if (full.Outcomes.Count < MinBranches)
                {
                    _entries.TryRemove(key, out _);
                    return full;
                }
                Store(entry, full, xmin);
                return full;
            }

            var (mark, changed, everything) = await ChangesSinceAsync(db, entry.Watermark, ct);
            if (everything)
            {
                Store(entry, await evaluate(null, ct), mark);
                return entry.Evaluation!;
            }
            if (changed.Length > 0)
            {
                var part = await evaluate(changed, ct);
                var outcomes = entry.Evaluation.Outcomes.ToArray();
                var complete = true;
                for (var i = 0; i < part.Outcomes.Count; i++)
                    if (entry.Index.TryGetValue(part.Outcomes[i].OrgId, out var at)) outcomes[at] = part.Outcomes[i];
                    else complete = false; // a branch the entry did not know: only a change of the tree adds one, but be safe
                if (complete) entry.Evaluation = entry.Evaluation with { Outcomes = outcomes };
                else Store(entry, await evaluate(null, ct), mark);
            }
            entry.Watermark = mark;
            return entry.Evaluation!;
        }
        // a failed or cancelled refresh assigns nothing: the entry keeps its evaluation and the watermark that goes with it
        finally { entry.Gate.Release(); }
    }

    private static void Store(Entry entry, ComplianceEvaluation evaluation, long watermark)
    {
        var index = new Dictionary<long, int>(evaluation.Outcomes.Count);
        for (var i = 0; i < evaluation.Outcomes.Count; i++) index[evaluation.Outcomes[i].OrgId] = i;
        entry.Index = index;
        entry.Evaluation = evaluation;
        entry.Watermark = watermark;
    }

    private void Evict(DateOnly today, long nowTicks)
    {
        foreach (var (key, entry) in _entries)
            if (key.Today != today || nowTicks - Volatile.Read(ref entry.LastUsedTicks) > Idle.Ticks)
                if (entry.Gate.Wait(0))
                    try { _entries.TryRemove(key, out _); }
                    finally { entry.Gate.Release(); }
    }

    private sealed record Changes(long Mark, long[] Changed, bool Everything);

    /// <summary>The new watermark, the organizations changed since <paramref name="watermark"/>, and whether anything may have.</summary>
    private static async Task<(long Mark, long[] Changed, bool Everything)> ChangesSinceAsync(AppDbContext db, long watermark, CancellationToken ct)
    {
        // the xmin is taken before the rows are read (same statement, same snapshot): a transaction that ends later has
        // an xid at or above it and is read again next time ('{{}}' is the empty array: the text is a format string)
        var c = await db.Database.SqlQueryRaw<Changes>("""
            SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS "Mark",
                   coalesce(array_agg(DISTINCT c.org_id) FILTER (WHERE c.org_id IS NOT NULL), '{{}}') AS "Changed",
                   coalesce(bool_or(c.xid IS NOT NULL AND c.org_id IS NULL), false) AS "Everything"
            FROM (SELECT 1) one LEFT JOIN compliance_changes c ON c.xid >= {0}::text::xid8
            """, watermark.ToString(CultureInfo.InvariantCulture)).SingleAsync(ct);
        return (c.Mark, c.Changed, c.Everything);
    }

    /// <summary>Removes change rows no cache entry can still need (entries live one day at most).</summary>
    public static Task<int> PruneAsync(AppDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("DELETE FROM compliance_changes WHERE changed_at < now() - interval '3 days'", ct);
}
