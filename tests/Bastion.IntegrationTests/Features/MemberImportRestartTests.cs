using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Bastion.Domain;
using Bastion.Features.Members.Import;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using static Bastion.IntegrationTests.Infrastructure.RosterFileBuilder;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// The platform killed in the middle of a roster import — a real <c>dotnet Bastion.dll</c> process over its own
/// database, as shipped — and started again on the same database: the job reads 失败 with the reason, and none of its
/// members was written. Then a graceful stop (SIGTERM) in the middle of the next import ends that job the same way.
/// </summary>
/// <remarks>
/// "In the middle" is made certain rather than hoped for with a large roster: a transaction of the test holds,
/// uncommitted, a member with the roster's last ID number, so the import's COPY writes every row before it inside its
/// own transaction and then waits on that row's unique index. The test stops the platform only once it has seen the
/// import's connection wait on its transaction.
/// </remarks>
public sealed class MemberImportRestartTests : IAsyncLifetime
{
    private const int Rows = 1_000;
    private string _owner = "";
    private TestWorld _world = null!;
    private readonly string _checkpoints = Path.Combine(Path.GetTempPath(), "bastion-it-imprestart-" + Guid.NewGuid().ToString("N")[..8] + ".jsonl");

    public async Task InitializeAsync()
    {
        _owner = await TestCluster.NewDatabaseAsync("imprestart");
        // the schema and the test world, written by an in-process host that is gone before the platform starts
        await using var seeder = new Seeder(_owner, _checkpoints);
        _ = seeder.Services; // migrations run here, and the first start's role policies are written
        await Exec("TRUNCATE role_policies");
        _world = await TestWorld.SeedAsync(seeder.Services);
    }

    public Task DisposeAsync()
    {
        File.Delete(_checkpoints);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_platform_killed_while_importing_marks_the_job_failed_on_restart_and_writes_none_of_its_members()
    {
        var roster = Roster(_world.A1.Name);
        var before = await Scalar("SELECT count(*) FROM members");

        long job;
        await using (var first = await Platform.StartAsync(_owner, _checkpoints))
        {
            var c = await first.SignedInAsync("orgadmin");
            job = await UploadAsync(c, roster);
            (await WaitForAsync($"SELECT count(*) FROM import_jobs WHERE id = {job} AND state = '已校验'", TimeSpan.FromMinutes(4)))
                .ShouldBeTrue(await JobAsync(job));
            await using (var blocker = await Blocker.HoldAsync(_owner, _world.B1.Id, Id(Rows - 1)))
            {
                await CommitAsync(c, job);
                (await WaitForAsync(blocker.WaitedOnSql, TimeSpan.FromMinutes(1), poll: 20)).ShouldBeTrue(await JobAsync(job));
                (await Scalar($"SELECT count(*) FROM import_jobs WHERE id = {job} AND state = '导入中' AND started_at IS NOT NULL")).ShouldBe(1, await JobAsync(job));
                first.Kill();
                (await JobAsync(job)).ShouldBe("导入中|", "killed while importing");
            }
        }
        // the killed import's connection ends once its wait is over (the blocker rolled back): its transaction with it
        (await WaitForAsync("SELECT CASE WHEN count(*) = 0 THEN 1 ELSE 0 END FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", TimeSpan.FromMinutes(1)))
            .ShouldBeTrue("the killed platform's import lock is still held");
        (await JobAsync(job)).ShouldBe("导入中|", "nothing but a restart marks it failed");
        (await Scalar("SELECT count(*) FROM members")).ShouldBe(before);

        await using (var second = await Platform.StartAsync(_owner, _checkpoints))
        {
            (await WaitForAsync($"SELECT count(*) FROM import_jobs WHERE id = {job} AND state = '失败'", TimeSpan.FromSeconds(30)))
                .ShouldBeTrue(await JobAsync(job));
            (await JobAsync(job)).ShouldBe($"失败|{ImportWorker.ImportInterrupted}");
            (await Scalar("SELECT count(*) FROM members")).ShouldBe(before);
            (await Scalar($"SELECT count(*) FROM members WHERE id_number = '{Id(0)}' OR id_number = '{Id(Rows - 1)}'")).ShouldBe(0);
            (await Scalar("SELECT count(*) FROM audit_log WHERE action = 'members.import'")).ShouldBe(0);

            var c = await second.SignedInAsync("orgadmin");
            var status = await c.GetStringAsync($"/Members/Import?handler=Status&org={_world.A1.Id}&job={job}");
            status.ShouldContain("id=\"import-failed\"");
            status.ShouldContain(ImportWorker.ImportInterrupted);
            status.ShouldNotContain("hx-trigger", customMessage: "a failed job is not polled");

            // a graceful stop (SIGTERM) in the middle of the next import ends the job the same way at once
            var next = await UploadAsync(c, roster);
            (await WaitForAsync($"SELECT count(*) FROM import_jobs WHERE id = {next} AND state = '已校验'", TimeSpan.FromMinutes(4)))
                .ShouldBeTrue(await JobAsync(next));
            await using (var blocker = await Blocker.HoldAsync(_owner, _world.B1.Id, Id(Rows - 1)))
            {
                await CommitAsync(c, next);
                (await WaitForAsync(blocker.WaitedOnSql, TimeSpan.FromMinutes(1), poll: 20)).ShouldBeTrue(await JobAsync(next));
                (await Scalar($"SELECT count(*) FROM import_jobs WHERE id = {next} AND state = '导入中' AND started_at IS NOT NULL")).ShouldBe(1, await JobAsync(next));
                await second.StopAsync();
                (await JobAsync(next)).ShouldBe($"失败|{ImportWorker.ImportInterrupted}");
            }
            (await Scalar("SELECT count(*) FROM members")).ShouldBe(before);
            (await Scalar($"SELECT count(*) FROM members WHERE id_number = '{Id(0)}' OR id_number = '{Id(Rows - 1)}'")).ShouldBe(0);
        }
    }

    /// <summary>
    /// An open transaction of the test's own with a member of <paramref name="idNumber"/> (in another branch): an import
    /// writing that number waits on it. Rolled back on dispose.
    /// </summary>
    private sealed class Blocker : IAsyncDisposable
    {
        private readonly NpgsqlConnection _conn;
        private readonly NpgsqlTransaction _tx;
        private readonly int _pid;

        private Blocker(NpgsqlConnection conn, NpgsqlTransaction tx, int pid)
        {
            _conn = conn;
            _tx = tx;
            _pid = pid;
        }

        /// <summary>Counts the connections that wait on this transaction (an import's COPY stopped at the held number).</summary>
        public string WaitedOnSql => $"SELECT count(*) FROM pg_stat_activity WHERE {_pid} = ANY(pg_blocking_pids(pid))";

        public static async Task<Blocker> HoldAsync(string owner, long orgId, string idNumber)
        {
            var conn = new NpgsqlConnection(owner);
            await conn.OpenAsync();
            var tx = await conn.BeginTransactionAsync();
            await using (var cmd = new NpgsqlCommand("""
                INSERT INTO members (org_id, name, gender, ethnicity, id_number, birth_date, category, joined_at, created_at, party_status, is_mobile)
                VALUES ($1, '占位', '男', '汉族', $2, date '1960-01-01', '正式党员', date '1990-07-01', now(), '正常', false)
                """, conn, tx))
            {
                cmd.Parameters.AddWithValue(orgId);
                cmd.Parameters.AddWithValue(idNumber);
                await cmd.ExecuteNonQueryAsync();
            }
            return new Blocker(conn, tx, conn.ProcessID);
        }

        public async ValueTask DisposeAsync()
        {
            await _tx.RollbackAsync();
            await _conn.DisposeAsync();
        }
    }

    /// <summary>Rows that are all valid, each with its own ID number, for <paramref name="branch"/>.</summary>
    private static byte[] Roster(string branch) => Raw(w =>
    {
        w.Write(InlineRow(1, MemberImportTests.Header));
        for (var i = 0; i < Rows; i++)
            w.Write(InlineRow(i + 2, MemberImportTests.Row(i + 1, "导入" + i, Id(i), branch, "2010-07-01", "2011-07-01")
                .Select(v => v is null ? null : Convert.ToString(v, CultureInfo.InvariantCulture))));
    });

    private async Task CommitAsync(HttpClient c, long job)
    {
        var commit = await AppFactory.PostFormAsync(c, $"/Members/Import?handler=Commit&org={_world.A1.Id}&job={job}", new(), $"/Members/Import?org={_world.A1.Id}&job={job}");
        commit.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    /// <summary>An odd sequence (男, as the rows say) and a birth day per 500 rows.</summary>
    private static string Id(int i) => ChineseIdNumber.Compose("320106", new DateOnly(1960, 1, 1).AddDays(i / 500), i % 500 * 2 + 1);

    private async Task<long> UploadAsync(HttpClient c, byte[] roster)
    {
        var page = await c.GetStringAsync($"/Members/Import?org={_world.A1.Id}");
        var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"").Groups[1].Value);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new ByteArrayContent(roster), "file", "大花名册.xlsx");
        var upload = await c.PostAsync($"/Members/Import?handler=Upload&org={_world.A1.Id}", form);
        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect, await upload.Content.ReadAsStringAsync());
        return long.Parse(Regex.Match(upload.Headers.Location!.ToString(), @"job=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private async Task<bool> WaitForAsync(string countSql, TimeSpan timeout, int poll = 100)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (await Scalar(countSql) > 0) return true;
            await Task.Delay(poll);
        }
        return false;
    }

    private async Task<string> JobAsync(long job)
    {
        await using var conn = new NpgsqlConnection(_owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT state || '|' || coalesce(failure, '') FROM import_jobs WHERE id = {job}", conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task Exec(string sql)
    {
        await using var conn = new NpgsqlConnection(_owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<long> Scalar(string sql)
    {
        await using var conn = new NpgsqlConnection(_owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Migrates the database and serves <see cref="TestWorld.SeedAsync"/>; stopped before the platform starts.</summary>
    private sealed class Seeder(string owner, string checkpoints) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Bastion", TestCluster.AppConnectionString(owner));
            builder.UseSetting("ConnectionStrings:BastionOwner", owner);
            builder.UseSetting("Bastion:Jobs:Enabled", "false");
            builder.UseSetting("Bastion:Audit:CheckpointKey", AppFactory.CheckpointKey);
            builder.UseSetting("Bastion:Audit:CheckpointCopy", checkpoints);
            builder.UseSetting("Bastion:Audit:CheckpointInterval", "1.00:00:00");
        }
    }

    /// <summary><c>dotnet Bastion.dll</c> in Production over the test database, on a free port.</summary>
    private sealed class Platform : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly Uri _url;

        private Platform(Process process, Uri url)
        {
            _process = process;
            _url = url;
        }

        public static async Task<Platform> StartAsync(string owner, string checkpoints)
        {
            int port;
            using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = AppContext.BaseDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
                ArgumentList =
                {
                    Path.Combine(AppContext.BaseDirectory, "Bastion.dll"), $"--Urls=http://127.0.0.1:{port}",
                    $"--ConnectionStrings:Bastion={TestCluster.AppConnectionString(owner)}", $"--ConnectionStrings:BastionOwner={owner}",
                    "--Bastion:Jobs:Enabled=false", $"--Bastion:Audit:CheckpointKey={AppFactory.CheckpointKey}",
                    $"--Bastion:Audit:CheckpointCopy={checkpoints}", "--Bastion:Audit:CheckpointInterval=1.00:00:00",
                },
            };
            foreach (var v in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ConnectionStrings__Bastion", "ConnectionStrings__BastionOwner" })
                start.Environment.Remove(v);
            var platform = new Platform(new Process { StartInfo = start }, new Uri($"http://127.0.0.1:{port}/"));
            platform._process.OutputDataReceived += (_, e) => platform.Append(e.Data);
            platform._process.ErrorDataReceived += (_, e) => platform.Append(e.Data);
            platform._process.Start();
            platform._process.BeginOutputReadLine();
            platform._process.BeginErrorReadLine();
            using var probe = new HttpClient { BaseAddress = platform._url, Timeout = TimeSpan.FromSeconds(5) };
            for (var until = DateTime.UtcNow.AddMinutes(2); DateTime.UtcNow < until;)
            {
                if (platform._process.HasExited) break;
                try
                {
                    if ((await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return platform;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                await Task.Delay(250);
            }
            await platform.DisposeAsync();
            throw new InvalidOperationException("the platform did not start:\n" + platform.Output);
        }

        private string Output { get { lock (_output) return _output.ToString(); } }

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_output) _output.AppendLine(line);
        }

        public async Task<HttpClient> SignedInAsync(string userName)
        {
            var c = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = _url };
            var r = await AppFactory.PostFormAsync(c, "/Account/Login", new() { ["UserName"] = userName, ["Password"] = AppFactory.Password });
            r.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"sign-in of {userName}: {Output}");
            return c;
        }

        /// <summary>As a service manager stops it: SIGTERM, then the host's graceful shutdown.</summary>
        public async Task StopAsync()
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }

        /// <summary>As a crash: no graceful stop, nothing flushed.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) Kill();
            await Task.CompletedTask;
            _process.Dispose();
        }
    }
}
