using System.Collections.Concurrent;
using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// The member list API's total for one filter in one organization's subtree, counted once per PostgreSQL snapshot
/// (issue 12: the count was half the list's database work under 100 connections); a total reused under the same
/// <see cref="DatabaseSnapshot"/> version is the total a fresh count would give.
/// Bounded: cleared when it holds <see cref="MaxEntries"/> filters.
/// </summary>
public sealed class MemberCountCache
{
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<(long Org, string Path, MemberFilter Filter, DateOnly Today), (string Version, int Count)> _counts = new();

    public async Task<int> CountAsync(AppDbContext db, Organization org, MemberFilter filter, DateOnly today, IQueryable<Member> query, CancellationToken ct)
    {
        var version = await DatabaseSnapshot.VersionAsync(db, ct);
        var key = (org.Id, org.Path, filter, today);
        if (_counts.TryGetValue(key, out var hit) && hit.Version == version) return hit.Count;
        var count = await query.CountAsync(ct);
        if (_counts.Count >= MaxEntries) _counts.Clear();
        _counts[key] = (version, count);
        return count;
    }
}
