using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Bastion.Data;

/// <summary>
/// Applies the versioned SQL files embedded under Data/Migrations, each in its own transaction,
/// under a PostgreSQL advisory lock so that two instances starting together never both migrate.
/// Applied files are recorded with a SHA-256 checksum; an edited, already-applied file is refused.
/// </summary>
public sealed class MigrationRunner(ILogger<MigrationRunner> log)
{
    public sealed record Migration(string Version, string Name, string Sql, string Checksum);

    public static IReadOnlyList<Migration> Embedded()
    {
        var asm = typeof(MigrationRunner).Assembly;
        const string prefix = "Bastion.Migrations.";
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                using var s = asm.GetManifestResourceStream(n)!;
                using var r = new StreamReader(s, Encoding.UTF8);
                var sql = r.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
                var file = n[prefix.Length..^4];
                var version = file.Split('_', 2)[0];
                return new Migration(version, file, sql, Checksum(sql));
            })
            .OrderBy(m => m.Version, StringComparer.Ordinal)
            .ToList();
    }

    public static string Checksum(string sql) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));

    /// <summary>How many migrations the last call applied (0 when another instance had already migrated).</summary>
    public int LastApplied { get; private set; }

    /// <summary>
    /// Who owns what the migrations create. <paramref name="SetRole"/>: the owner role the (superuser) connection
    /// switches to after giving it every existing object; null when the connection's own login is the owner.
    /// <paramref name="AppRole"/>: the application's role, granted its privileges after the migrations.
    /// </summary>
    public sealed record Ownership(string? SetRole, string AppRole);

    /// <summary>Returns how many migrations this call applied (a database given by its connection string: tests, tools).</summary>
    public Task<int> MigrateAsync(string connectionString, IReadOnlyList<Migration>? migrations = null, CancellationToken ct = default)
        => MigrateAsync(connectionString, null, migrations, ct);

    /// <summary>As <see cref="MigrateAsync(NpgsqlDataSource, Ownership?, IReadOnlyList{Migration}?, CancellationToken)"/>, for a connection string.</summary>
    public async Task<int> MigrateAsync(string connectionString, Ownership? ownership, IReadOnlyList<Migration>? migrations = null, CancellationToken ct = default)
    {
        await using var source = Database.Create(connectionString);
        return await MigrateAsync(source, ownership, migrations, ct);
    }

    /// <summary>Returns how many migrations this call applied; with <paramref name="ownership"/>, also (re)applies the owner and the application's grants.</summary>
    public async Task<int> MigrateAsync(NpgsqlDataSource ownerSource, Ownership? ownership, IReadOnlyList<Migration>? migrations = null, CancellationToken ct = default)
    {
        migrations ??= Embedded();
        await using var conn = await ownerSource.OpenConnectionAsync(ct);
        await Exec(conn, $"SELECT pg_advisory_lock({AdvisoryLocks.Migrations})", ct);
        try
        {
            if (ownership?.SetRole is { } owner)
            {
                await DatabaseRoles.TakeOwnershipAsync(conn, ct);
                await Exec(conn, $"SET ROLE {DatabaseRoles.Quote(owner)}", ct);
            }
            await using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", conn))
                if (await exists.ExecuteScalarAsync(ct) is not true) await Exec(conn, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    text PRIMARY KEY,
                    name       text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, ct);
            var applied = new Dictionary<string, (string Name, string Checksum)>();
            await using (var cmd = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations", conn))
            await using (var rd = await cmd.ExecuteReaderAsync(ct))
                while (await rd.ReadAsync(ct)) applied[rd.GetString(0)] = (rd.GetString(1), rd.GetString(2));

            foreach (var m in migrations)
                if (applied.TryGetValue(m.Version, out var a) && a.Checksum != m.Checksum)
                    throw new MigrationException(
                        $"数据库迁移 {m.Name} 已执行，但文件内容已被修改（校验和不一致）。已执行的迁移不能修改，请新增一个迁移文件。" +
                        $" / Migration {m.Name} was already applied but its file has changed (checksum {a.Checksum[..12]}… ≠ {m.Checksum[..12]}…). Add a new migration instead.");

            var count = 0;
            foreach (var m in migrations.Where(m => !applied.ContainsKey(m.Version)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                try
                {
                    await using (var cmd = new NpgsqlCommand(m.Sql, conn, tx)) await cmd.ExecuteNonQueryAsync(ct);
                    await using (var rec = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", conn, tx))
                    {
                        rec.Parameters.AddWithValue(m.Version);
                        rec.Parameters.AddWithValue(m.Name);
                        rec.Parameters.AddWithValue(m.Checksum);
                        await rec.ExecuteNonQueryAsync(ct);
                    }
                    await tx.CommitAsync(ct);
                }
                catch (PostgresException e)
                {
                    throw new MigrationException($"数据库迁移 {m.Name} 执行失败：{e.MessageText} / Migration {m.Name} failed: {e.MessageText}", e);
                }
                log.LogInformation("Applied migration {Migration}", m.Name);
                count++;
            }
            if (ownership is not null) await DatabaseRoles.ApplyGrantsAsync(conn, ownership.AppRole, ct);
            if (count > 0) await conn.ReloadTypesAsync(ct);
            return LastApplied = count;
        }
        finally
        {
            if (ownership?.SetRole is not null && conn.State == System.Data.ConnectionState.Open)
                await Exec(conn, "RESET ROLE", CancellationToken.None);
            await Exec(conn, $"SELECT pg_advisory_unlock({AdvisoryLocks.Migrations})", CancellationToken.None);
        }
    }

    /// <summary>True when every embedded migration is recorded with a matching checksum.</summary>
    public static async Task<bool> IsUpToDateAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var expected = Embedded();
        await using var cmd = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", conn);
        var applied = new Dictionary<string, string>();
        try
        {
            await using var rd = await cmd.ExecuteReaderAsync(ct);
            while (await rd.ReadAsync(ct)) applied[rd.GetString(0)] = rd.GetString(1);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
        return expected.All(m => applied.TryGetValue(m.Version, out var c) && c == m.Checksum);
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

public sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);
