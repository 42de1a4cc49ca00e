using System.Net;
using Bastion.Data;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bastion.IntegrationTests.Security;

/// <summary>Who writes the audit checkpoints (the timer, the shutdown) and who shows their result (audit verify, the audit page).</summary>
public sealed class AuditCheckpointTests(AppFactory app) : AppTest(app)
{
    private AuditCheckpointWriter Writer => App.Services.GetRequiredService<AuditCheckpointWriter>();
    private AuditCheckpointSettings Settings => App.Services.GetRequiredService<AuditCheckpointSettings>();

    /// <summary>A clock whose timers fire only when the test says so; <see cref="Armed"/> counts the timers created.</summary>
    private sealed class ManualTimers : TimeProvider
    {
        private readonly List<(TimerCallback Callback, object? State)> _timers = [];
        public SemaphoreSlim Armed { get; } = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_timers) _timers.Add((callback, state));
            Armed.Release();
            return new Inert();
        }

        public void FireLast()
        {
            (TimerCallback Callback, object? State) t;
            lock (_timers) t = _timers[^1];
            t.Callback(t.State);
        }

        private sealed class Inert : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task The_job_writes_a_checkpoint_each_time_its_timer_fires_and_once_more_at_shutdown()
    {
        var timers = new ManualTimers();
        var job = new AuditCheckpointJob(Writer, timers, NullLogger<AuditCheckpointJob>.Instance);
        await job.StartAsync(CancellationToken.None);
        (await timers.Armed.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue("the job waits for its interval");
        (await App.ScalarAsync("SELECT count(*) FROM audit_checkpoints")).ShouldBe(0, "nothing written before the interval has passed");

        await App.SignedInAsync("mem");
        timers.FireLast();
        (await timers.Armed.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue("after writing, the job waits for the next interval");
        var last = await App.ScalarAsync("SELECT max(id) FROM audit_log");
        (await App.ScalarAsync("SELECT max(audit_id) FROM audit_checkpoints")).ShouldBe(last);

        timers.FireLast(); // nothing new: no second checkpoint of the same row
        (await timers.Armed.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();
        (await App.ScalarAsync("SELECT count(*) FROM audit_checkpoints")).ShouldBe(1);

        await App.SignedInAsync("orgadmin");
        await job.StopAsync(CancellationToken.None);
        (await App.ScalarAsync("SELECT count(*) FROM audit_checkpoints")).ShouldBe(2, "shutdown writes the last checkpoint");
        (await App.ScalarAsync("SELECT max(audit_id) FROM audit_checkpoints")).ShouldBe(await App.ScalarAsync("SELECT max(id) FROM audit_log"));
        File.ReadAllLines(Settings.CopyFile).Length.ShouldBe(2);
        var r = await AuditChain.VerifyAsync(App.ConnectionString, Settings);
        r.Ok.ShouldBeTrue(r.Message);
        r.Checkpoints.ShouldBe(2);
    }

    [Fact]
    public async Task The_checkpoint_table_is_append_only()
    {
        await App.SignedInAsync("mem");
        await Writer.WriteAsync();
        foreach (var sql in new[] { "UPDATE audit_checkpoints SET row_count = 1", "DELETE FROM audit_checkpoints", "TRUNCATE audit_checkpoints" })
            (await Should.ThrowAsync<Npgsql.PostgresException>(() => App.ExecAsync(sql))).MessageText.ShouldContain("只能追加");
    }

    /// <summary>The app as <c>dotnet Bastion.dll audit verify …</c> builds it (named Bastion, as in its own process, not testhost).</summary>
    private WebApplication CliApp(params string[] extra) => Program.Build([
        "audit", "verify", "--applicationName=Bastion", $"--ConnectionStrings:Bastion={App.ConnectionString}", .. extra]);

    [Fact]
    public async Task Audit_verify_prints_each_finding_in_chinese_and_english_and_returns_3()
    {
        await App.SignedInAsync("mem");
        var c = (await Writer.WriteAsync())!;
        await using var app = CliApp($"--Bastion:Audit:CheckpointKey={AppFactory.CheckpointKey}", $"--Bastion:Audit:CheckpointCopy={App.CheckpointCopy}");

        var ok = new StringWriter();
        (await Cli.AuditVerifyAsync(app, ok)).ShouldBe(0, ok.ToString());
        ok.ToString().ShouldContain("1 个签名检查点均相符");

        await App.ExecAsync($"SET session_replication_role = replica; DELETE FROM audit_log WHERE id = {c.AuditId}; SET session_replication_role = origin;");
        var bad = new StringWriter();
        (await Cli.AuditVerifyAsync(app, bad)).ShouldBe(3);
        var text = bad.ToString();
        text.ShouldContain($"所指的第 {c.AuditId} 号记录已不存在；检查点记录 {c.RowCount} 行，现只有 {c.RowCount - 1} 行：有 1 行被删除");
        text.ShouldContain($"audit row {c.AuditId} named by the checkpoint at audit row {c.AuditId}");
        text.ShouldContain(App.CheckpointCopy);
    }

    [Fact]
    public async Task Audit_verify_against_an_external_database_without_a_configured_key_refuses_with_a_clear_message()
    {
        await using var app = CliApp();
        var e = await Should.ThrowAsync<StartupException>(() => Cli.AuditVerifyAsync(app, new StringWriter()));
        e.Chinese.ShouldContain("必须配置审计检查点的签名密钥");
    }

    [Fact]
    public async Task The_audit_page_shows_the_checkpoints_verified_and_names_what_was_found()
    {
        await App.SignedInAsync("mem");
        var c = (await Writer.WriteAsync())!;
        var auditor = await App.SignedInAsync("aud");
        var verify = await AppFactory.PostFormAsync(auditor, "/Audit?handler=Verify", new(), "/Audit");
        verify.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await verify.Content.ReadAsStringAsync()).ShouldContain("1 个签名检查点均相符（数据库 1 个，副本文件 1 个）");

        await App.ExecAsync($"SET session_replication_role = replica; DELETE FROM audit_checkpoints; SET session_replication_role = origin;");
        var bad = await AppFactory.PostFormAsync(auditor, "/Audit?handler=Verify", new(), "/Audit");
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        html.ShouldContain("审计日志校验未通过");
        html.ShouldContain($"副本文件中的检查点（截至第 {c.AuditId} 号记录，{c.When}）在数据库检查点表中缺失：检查点表被删改");
    }
}
