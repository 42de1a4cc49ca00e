using System.Diagnostics;
using Bastion.Data;
using Npgsql;

namespace Bastion.IntegrationTests.Data;

public sealed class LocalPostgresTests
{
    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "bastion-lp-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_private_cluster_is_created_listens_only_on_a_socket_and_is_reused_on_the_next_start()
    {
        var root = TempFolder();
        var first = new LocalPostgres(Path.Combine(root, "pg"));
        try
        {
            var cs = await first.EnsureStartedAsync("bastion");
            first.StartedByUs.ShouldBeTrue();
            File.Exists(Path.Combine(first.DataFolder, "PG_VERSION")).ShouldBeTrue();
            await using (var conn = new NpgsqlConnection(cs))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("SHOW listen_addresses", conn);
                ((string)(await cmd.ExecuteScalarAsync())!).ShouldBe("");
            }
            var second = new LocalPostgres(Path.Combine(root, "pg"));
            await second.EnsureStartedAsync("bastion");
            second.StartedByUs.ShouldBeFalse("a running cluster is reused, not started twice");
            second.Stop(); // not its to stop
            await using (var conn = new NpgsqlConnection(cs)) await conn.OpenAsync();
        }
        finally
        {
            first.Stop();
            Directory.Delete(root, recursive: true);
        }
        // after a stop the same folder starts again with its data
        var again = new LocalPostgres(Path.Combine(root, "pg2"));
        try { (await again.EnsureStartedAsync()).ShouldNotBeNullOrEmpty(); }
        finally { again.Stop(); Directory.Delete(root, recursive: true); }
    }

    private static (int Code, string Out, string Err) RunApp(string workDir, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Bastion.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = workDir, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("app did not exit"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Missing_postgresql_binaries_give_a_clear_bilingual_message_and_a_non_zero_exit()
    {
        var dir = TempFolder();
        Directory.CreateDirectory(dir);
        try
        {
            var (code, _, err) = RunApp(dir, "--Bastion:PostgresBin=/nonexistent/bin", $"--Bastion:DataFolder={Path.Combine(dir, "pg")}");
            code.ShouldBe(1);
            err.ShouldContain("未找到 PostgreSQL");
            err.ShouldContain("PostgreSQL server binaries");
            err.ShouldNotContain("   at ");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_server_that_cannot_start_gives_a_clear_message_and_a_non_zero_exit()
    {
        var dir = TempFolder();
        var data = Path.Combine(dir, "pg");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "PG_VERSION"), "15\n"); // looks initialised, is not
        try
        {
            var (code, _, err) = RunApp(dir, $"--Bastion:DataFolder={data}");
            code.ShouldBe(1);
            err.ShouldContain("本地 PostgreSQL 启动失败");
            err.ShouldContain("could not start");
            err.ShouldNotContain("   at ");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public async Task The_audit_verify_command_checks_the_chain_and_names_the_first_broken_row()
    {
        var cs = await Infrastructure.TestCluster.NewDatabaseAsync("cli");
        var dir = TempFolder();
        Directory.CreateDirectory(dir);
        try
        {
            await new MigrationRunner(Microsoft.Extensions.Logging.Abstractions.NullLogger<MigrationRunner>.Instance).MigrateAsync(cs);
            await using (var conn = new NpgsqlConnection(cs))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("INSERT INTO audit_log (at, action, result) SELECT now(), 'test' || g, 'success' FROM generate_series(1, 5) g", conn);
                await cmd.ExecuteNonQueryAsync();
            }
            // an external database: the checkpoint key file must be configured (made here at the first run)
            var key = $"--Bastion:Audit:CheckpointKeyFile={Path.Combine(dir, "audit", "checkpoint.key")}";
            var ok = RunApp(dir, "audit", "verify", $"--ConnectionStrings:Bastion={cs}", key);
            ok.Code.ShouldBe(0, ok.Err);
            ok.Out.ShouldContain("哈希链完整，共 5 行");

            await using (var conn = new NpgsqlConnection(cs))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("SET session_replication_role = replica; UPDATE audit_log SET action = 'forged' WHERE id = 3", conn);
                await cmd.ExecuteNonQueryAsync();
            }
            var bad = RunApp(dir, "audit", "verify", $"--ConnectionStrings:Bastion={cs}", key);
            bad.Code.ShouldBe(3);
            bad.Out.ShouldContain("第 3 行");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
