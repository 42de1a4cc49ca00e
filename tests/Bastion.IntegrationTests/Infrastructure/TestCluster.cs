using Bastion.Data;

namespace Bastion.IntegrationTests.Infrastructure;

/// <summary>One throwaway PostgreSQL cluster per test run (made from the system binaries), removed at exit.</summary>
public static class TestCluster
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "bastion-it-" + Guid.NewGuid().ToString("N")[..8]);
    private static readonly Lazy<Task<LocalPostgres>> Cluster = new(StartAsync);

    private static async Task<LocalPostgres> StartAsync()
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var pg = new LocalPostgres(Path.Combine(Root, "pg"));
        await pg.EnsureStartedAsync("postgres");
        // a throwaway cluster, removed at exit: no commit waits for its WAL to reach the disk of a machine shared with
        // other builds (durability is never under test here; the backup and start-up tests make clusters of their own)
        await using (var source = Database.Create(pg.ConnectionString("postgres")))
            foreach (var sql in new[] { "ALTER SYSTEM SET fsync = off", "ALTER SYSTEM SET synchronous_commit = off", "ALTER SYSTEM SET full_page_writes = off", "SELECT pg_reload_conf()" })
            {
                await using var cmd = source.CreateCommand(sql);
                await cmd.ExecuteNonQueryAsync();
            }
        TestTiming.Write($"cluster start={sw.Elapsed.TotalMilliseconds:F0}ms");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            pg.Stop();
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return pg;
    }

    public static async Task<LocalPostgres> GetAsync() => await Cluster.Value;

    /// <summary>Creates (if needed) an empty database and returns its connection string.</summary>
    public static async Task<string> DatabaseAsync(string name)
    {
        var pg = await GetAsync();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await pg.EnsureDatabaseAsync(name);
        TestTiming.Write($"database {name} create={sw.Elapsed.TotalMilliseconds:F0}ms");
        return pg.ConnectionString(name);
    }

    /// <summary>
    /// The application's least-privileged connection to the same database (the role the app creates on its first start,
    /// as shipped): give it as ConnectionStrings:Bastion and the superuser one as ConnectionStrings:BastionOwner.
    /// </summary>
    public static string AppConnectionString(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Username = DatabaseRoles.AppRole }.ConnectionString;

    /// <summary>A fresh, empty database with a unique name.</summary>
    public static Task<string> NewDatabaseAsync(string prefix = "t") => DatabaseAsync(prefix + "_" + Guid.NewGuid().ToString("N")[..12]);
}
