using System.Diagnostics;
using System.Net;
using Bastion.Data;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bastion.IntegrationTests.Data;

/// <summary>The app on its own private cluster under a data folder: the default, shipped configuration.</summary>
public sealed class LocalInstanceFactory(string dataFolder) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Bastion:DataFolder", dataFolder);
        builder.UseSetting("Bastion:Jobs:Enabled", "false");
        builder.ConfigureTestServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000));
    }
}

/// <summary>backup and restore as the operator runs them: the published commands, real pg_dump/pg_restore, a fresh cluster.</summary>
public sealed class BackupRestoreTests
{
    private const string AdminPassword = "Lead@Pass2026x";

    [Fact]
    public async Task A_backup_restores_into_a_fresh_data_folder_with_every_row_a_verified_chain_and_working_sign_in()
    {
        var root = Path.Combine(Path.GetTempPath(), "bastion-br-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var restored = Path.Combine(root, "restored", "pg");
        try
        {
            // the source: a database with the test world and some signed-in history
            var source = await TestCluster.NewDatabaseAsync("bk");
            await using (var app = new InstanceFactory(source, ("Bastion:InitialAdmin:UserName", "chief"), ("Bastion:InitialAdmin:Password", AdminPassword)))
            {
                _ = app.Services;
                await Exec(source, "DELETE FROM role_policies"); // TestWorld seeds its own
                await TestWorld.SeedAsync(app.Services);
                var c = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
                (await AppFactory.PostFormAsync(c, "/Account/Login", new() { ["UserName"] = "chief", ["Password"] = AdminPassword })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            }
            // the checkpoint key travels with the operator, not with the backup: every command is given the same one
            string[] key = [$"--Bastion:Audit:CheckpointKey={AppFactory.CheckpointKey}", $"--Bastion:Audit:CheckpointCopy={Path.Combine(root, "audit-checkpoints.jsonl")}"];
            var file = Path.Combine(root, "backups", "bastion.dump");
            var backup = RunApp(root, ["backup", file, $"--ConnectionStrings:Bastion={TestCluster.AppConnectionString(source)}", $"--ConnectionStrings:BastionOwner={source}", .. key]);
            backup.Code.ShouldBe(0, backup.Out + backup.Err);
            backup.Out.ShouldContain("检查点"); // written now, or the one the source wrote at its shutdown
            backup.Out.ShouldContain("备份完成");
            var expected = await CountsAsync(source);
            expected["audit_log"].ShouldBeGreaterThan(10);
            expected["audit_checkpoints"].ShouldBeGreaterThan(0);
            expected["members"].ShouldBeGreaterThan(0);
            File.Exists(file).ShouldBeTrue();
            File.ReadAllText(file + ".sha256").ShouldStartWith(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));

            // a corrupted copy (one byte flipped) is refused before anything is created
            var corrupt = Path.Combine(root, "corrupt.dump");
            var bytes = File.ReadAllBytes(file);
            bytes[bytes.Length / 2] ^= 0x01;
            File.WriteAllBytes(corrupt, bytes);
            File.Copy(file + ".sha256", corrupt + ".sha256");
            var untouched = Path.Combine(root, "untouched", "pg");
            var refused = RunApp(root, ["restore", corrupt, $"--Bastion:DataFolder={untouched}", .. key]);
            refused.Code.ShouldBe(4, refused.Out + refused.Err);
            refused.Err.ShouldContain("校验失败");
            Directory.Exists(untouched).ShouldBeFalse();

            // without the original checkpoint key a restore is refused before anything is created (a new key would make
            // every restored checkpoint read as forged)
            var keyless = RunApp(root, "restore", file, $"--Bastion:DataFolder={untouched}");
            keyless.Code.ShouldBe(2, keyless.Out + keyless.Err);
            keyless.Err.ShouldContain("CheckpointKeyFile");
            Directory.Exists(untouched).ShouldBeFalse();
            Directory.Exists(untouched + "-audit").ShouldBeFalse();

            // the restore drill: a fresh data folder, its private cluster made by the restore itself
            var restore = RunApp(root, ["restore", file, $"--Bastion:DataFolder={restored}", .. key]);
            restore.Code.ShouldBe(0, restore.Out + restore.Err);
            restore.Out.ShouldContain("恢复完成");
            restore.Out.ShouldContain($"哈希链完整，共 {expected["audit_log"]} 行");
            restore.Out.ShouldContain("个签名检查点均相符");

            // the application on the restored folder, exactly as shipped
            await using (var app = new LocalInstanceFactory(restored))
            {
                _ = app.Services;
                var database = app.Services.GetRequiredService<Database>();
                new NpgsqlConnectionStringBuilder(database.ConnectionString).Username.ShouldBe(DatabaseRoles.AppRole);
                var actual = await CountsAsync(database.OwnerConnectionString);
                actual.ShouldBe(expected);
                (await AuditChain.VerifyAsync(database.OwnerConnectionString, AuditCheckpointSettings.Resolve(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Bastion:Audit:CheckpointKey"] = AppFactory.CheckpointKey,
                    ["Bastion:Audit:CheckpointCopy"] = Path.Combine(root, "audit-checkpoints.jsonl"),
                }).Build()))).Ok.ShouldBeTrue();
                (await ScalarAsync(database.OwnerConnectionString, $"SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '{DatabaseRoles.OwnerRole}'")).ShouldBe(0);
                var c = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
                (await AppFactory.PostFormAsync(c, "/Account/Login", new() { ["UserName"] = "chief", ["Password"] = AdminPassword })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
                (await c.GetAsync("/Admin/Users")).StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            // restoring again into the now non-empty database is refused, and changes nothing
            var again = RunApp(root, ["restore", file, $"--Bastion:DataFolder={restored}", .. key]);
            again.Code.ShouldBe(5, again.Out + again.Err);
            again.Err.ShouldContain("不是空的");
        }
        finally
        {
            StopCluster(restored);
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [Fact]
    public async Task WAL_archiving_is_a_setting_the_private_cluster_applies()
    {
        var root = Path.Combine(Path.GetTempPath(), "bastion-wal-" + Guid.NewGuid().ToString("N")[..8]);
        var wal = Path.Combine(root, "wal");
        Directory.CreateDirectory(wal);
        if (Environment.UserName == "root") Process.Start("chown", ["postgres:postgres", wal])!.WaitForExit();
        var pg = new LocalPostgres(Path.Combine(root, "pg"))
        {
            ArchiveCommand = $"test ! -f {wal}/%f && cp %p {wal}/%f",
            ArchiveTimeout = "2min",
        };
        try
        {
            var cs = await pg.EnsureStartedAsync("bastion");
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            async Task<string> Show(string setting)
            {
                await using var cmd = new NpgsqlCommand("SHOW " + setting, conn);
                return (string)(await cmd.ExecuteScalarAsync())!;
            }
            (await Show("archive_mode")).ShouldBe("on");
            (await Show("archive_timeout")).ShouldBe("2min");
            await using (var cmd = new NpgsqlCommand("CREATE TABLE t (x int); INSERT INTO t VALUES (1); SELECT pg_switch_wal()", conn))
                await cmd.ExecuteNonQueryAsync();
            // the archiver is a separate process: wait (bounded) for it to copy the switched segment
            var until = DateTime.UtcNow.AddSeconds(60);
            while (Directory.GetFiles(wal).Length == 0 && DateTime.UtcNow < until) await Task.Delay(200);
            Directory.GetFiles(wal).ShouldNotBeEmpty();
        }
        finally
        {
            pg.Stop();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<Dictionary<string, long>> CountsAsync(string cs)
    {
        var tables = new List<string>();
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using (var cmd = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", conn))
        await using (var rd = await cmd.ExecuteReaderAsync())
            while (await rd.ReadAsync()) tables.Add(rd.GetString(0));
        var counts = new Dictionary<string, long>();
        foreach (var t in tables)
        {
            await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM \"{t}\"", conn);
            counts[t] = (long)(await cmd.ExecuteScalarAsync())!;
        }
        return counts;
    }

    private static async Task<long> ScalarAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task Exec(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static (int Code, string Out, string Err) RunApp(string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = workDir, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bastion.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        psi.Environment.Remove("ConnectionStrings__Bastion");
        psi.Environment.Remove("ConnectionStrings__BastionOwner");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("app did not exit"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Should an assertion fail while the restored cluster runs, it must not outlive the test.</summary>
    private static void StopCluster(string dataFolder)
    {
        if (!File.Exists(Path.Combine(dataFolder, "postmaster.pid"))) return;
        try
        {
            var pg = new LocalPostgres(dataFolder);
            var psi = new ProcessStartInfo(Environment.UserName == "root" ? "/usr/sbin/runuser" : Path.Combine(pg.BinFolder, "pg_ctl")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
            if (Environment.UserName == "root") foreach (var a in new[] { "-u", "postgres", "--", Path.Combine(pg.BinFolder, "pg_ctl") }) psi.ArgumentList.Add(a);
            foreach (var a in new[] { "stop", "-m", "immediate", "-D", pg.DataFolder }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.WaitForExit(30_000);
        }
        catch (StartupException) { }
    }
}
