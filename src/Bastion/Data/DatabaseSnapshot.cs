using Microsoft.EntityFrameworkCore;

namespace Bastion.Data;

/// <summary>
/// PostgreSQL's current snapshot (xmin:xmax:in-progress ids) as a version: it stays the same while nothing writes and
/// changes as soon as any writing transaction starts or ends, audited or not, from any instance — so a figure computed
/// under one version is the figure a fresh computation would give while the version holds. One query touching no table.
/// </summary>
public static class DatabaseSnapshot
{
    public static Task<string> VersionAsync(AppDbContext db, CancellationToken ct) =>
        db.Database.SqlQuery<string>($"SELECT pg_current_snapshot()::text AS \"Value\"").SingleAsync(ct);
}
