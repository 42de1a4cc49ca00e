using System.Collections.Concurrent;
using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dashboard;

/// <summary>
/// The dashboard's figures of an organization, computed once and shown again until anything is written (issue 12: the
/// dashboard ran about twenty queries per view and collapsed under 100 connections). The version is PostgreSQL's
/// current snapshot (xmin:xmax:in-progress ids): it stays the same while nothing writes and changes as soon as any
/// writing transaction starts or ends — audited or not, from this instance or another — so the figures shown are those
/// a fresh computation would show. A view reads it (one query that touches no table), and reuses the figures computed
/// under the same snapshot, the same day, less than <see cref="MaxAge"/> ago; concurrent views of a new version wait
/// for one computation. One entry per organization and set of sections, so memory stays bounded by the tree.
/// </summary>
public sealed class DashboardCache(TimeProvider clock)
{
    [Flags]
    public enum Sections { Ledger = 1, Leave = 2, Compliance = 4 }

    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private sealed record Entry(string Version, DateOnly Today, string Path, Period Period, DateTimeOffset At, Lazy<Task<IndexModel.Figures>> Figures);

    private readonly ConcurrentDictionary<(long Org, Sections Sections), Entry> _entries = new();

    public async Task<IndexModel.Figures> GetAsync(AppDbContext db, Organization root, Sections sections, Period period,
        Func<Task<IndexModel.Figures>> compute, CancellationToken ct)
    {
        var version = await DatabaseSnapshot.VersionAsync(db, ct);
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var key = (root.Id, sections);
        while (true)
        {
            if (_entries.TryGetValue(key, out var e) && e.Version == version && e.Today == today && e.Path == root.Path
                && e.Period == period && now - e.At < MaxAge && !(e.Figures.IsValueCreated && (e.Figures.Value.IsFaulted || e.Figures.Value.IsCanceled)))
                return await e.Figures.Value.WaitAsync(ct);
            // the computation starts only in the view whose entry was stored, on that view's own DbContext
            var mine = new Entry(version, today, root.Path, period, now, new Lazy<Task<IndexModel.Figures>>(compute));
            if (e is null ? _entries.TryAdd(key, mine) : _entries.TryUpdate(key, mine, e))
                return await mine.Figures.Value; // not cancelled: its DbContext must outlive the computation others wait for
            // another view stored an entry meanwhile: use it if it fits
        }
    }
}
