using Bastion.Data;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Bastion.IntegrationTests.Data;

public sealed class MigrationRunnerTests
{
    private static MigrationRunner Runner() => new(NullLogger<MigrationRunner>.Instance);

    private static async Task<long> CountAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Every_migration_is_applied_once_and_recorded_with_its_checksum()
    {
        var cs = await TestCluster.NewDatabaseAsync("mig");
        var all = MigrationRunner.Embedded();
        (await Runner().MigrateAsync(cs)).ShouldBe(all.Count);
        (await Runner().MigrateAsync(cs)).ShouldBe(0);
        (await CountAsync(cs, "SELECT count(*) FROM schema_migrations")).ShouldBe(all.Count);
        (await CountAsync(cs, $"SELECT count(*) FROM schema_migrations WHERE checksum = '{all[0].Checksum}'")).ShouldBe(1);
    }

    [Fact]
    public async Task An_edited_migration_that_was_already_applied_is_refused()
    {
        var cs = await TestCluster.NewDatabaseAsync("mig");
        await Runner().MigrateAsync(cs);
        var edited = MigrationRunner.Embedded().Select((m, i) => i == 0 ? m with { Sql = m.Sql + "\n-- edited", Checksum = MigrationRunner.Checksum(m.Sql + "\n-- edited") } : m).ToList();
        var e = await Should.ThrowAsync<MigrationException>(() => Runner().MigrateAsync(cs, edited));
        e.Message.ShouldContain("已执行");
        e.Message.ShouldContain(edited[0].Name);
    }

    [Fact]
    public async Task A_failing_migration_leaves_nothing_half_written()
    {
        var cs = await TestCluster.NewDatabaseAsync("mig");
        var broken = MigrationRunner.Embedded().Append(new MigrationRunner.Migration("9999", "9999_broken",
            "CREATE TABLE half_written (id int); SELECT no_such_function();", "x")).ToList();
        await Should.ThrowAsync<MigrationException>(() => Runner().MigrateAsync(cs, broken));
        (await CountAsync(cs, "SELECT count(*) FROM pg_tables WHERE tablename = 'half_written'")).ShouldBe(0);
        (await CountAsync(cs, "SELECT count(*) FROM schema_migrations WHERE version = '9999'")).ShouldBe(0);
        (await CountAsync(cs, "SELECT count(*) FROM schema_migrations")).ShouldBe(MigrationRunner.Embedded().Count);
    }

    [Fact]
    public async Task Two_runners_starting_together_on_an_empty_database_migrate_exactly_once()
    {
        var cs = await TestCluster.NewDatabaseAsync("mig");
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Runner().MigrateAsync(cs))));
        results.Sum().ShouldBe(MigrationRunner.Embedded().Count);
        results.Count(r => r > 0).ShouldBe(1);
    }
}
