using System.Diagnostics;
using Bastion.Data;
using Bastion.IntegrationTests.Data;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Web;

/// <summary>
/// Typed settings are checked when the host starts: a bad value stops the start with a Chinese message naming the key.
/// The application names every bad value at once, so one start with all of them (<see cref="RefusedStart"/>) answers
/// each test below.
/// </summary>
public sealed class SettingsStartupTests(SettingsStartupTests.RefusedStart start) : IClassFixture<SettingsStartupTests.RefusedStart>
{
    // never reached: the settings are checked before the database is started
    private const string Unreachable = "Host=127.0.0.1;Port=1;Database=none;Username=nobody;Timeout=1";

    /// <summary>
    /// The application started once as an operator does (its own process, settings on the command line) with one bad
    /// value of each kind the tests name; what it printed on stderr, once it has refused to start.
    /// </summary>
    public sealed class RefusedStart
    {
        public static readonly (string Key, string Value)[] BadSettings =
        [
            ("Bastion:Compliance:WarningDays", "十五"), ("Bastion:Ledger:DueSoonDays", "90"), ("Bastion:KnownProxies:0", "proxy.intranet"),
            ("Bastion:CheckIn:TokenMinutes", "0"), ("Bastion:Jobs:Enabled", "maybe"),
        ];

        public int ExitCode { get; }
        public string Output { get; }
        public string Errors { get; }

        public RefusedStart()
        {
            var dir = Directory.CreateTempSubdirectory("bastion-settings-").FullName;
            try
            {
                var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = dir, UseShellExecute = false };
                psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bastion.dll"));
                psi.ArgumentList.Add($"--ConnectionStrings:Bastion={Unreachable}");
                psi.ArgumentList.Add($"--Bastion:Audit:CheckpointKey={AppFactory.CheckpointKey}");
                psi.ArgumentList.Add($"--Bastion:Audit:CheckpointCopy={Path.Combine(dir, "copy.jsonl")}");
                foreach (var (k, v) in BadSettings) psi.ArgumentList.Add($"--{k}={v}");
                psi.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
                psi.Environment.Remove("ConnectionStrings__Bastion");
                psi.Environment.Remove("ConnectionStrings__BastionOwner");
                using var p = Process.Start(psi)!;
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEndAsync();
                if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("the application did not stop"); }
                (ExitCode, Output, Errors) = (p.ExitCode, stdout.Result, stderr.Result);
            }
            finally { Directory.Delete(dir, recursive: true); }
        }
    }

    /// <summary>The start was refused (exit code 1, the Chinese heading, the database untouched); what it printed on stderr.</summary>
    private string StartFails()
    {
        start.ExitCode.ShouldBe(1, start.Output + start.Errors);
        start.Errors.ShouldContain("启动失败：配置有误");
        start.Output.ShouldNotContain("正在准备数据库", customMessage: "refused before the database is touched");
        return start.Errors;
    }

    [Fact]
    public void A_host_started_as_the_tests_start_it_refuses_a_bad_value()
    {
        using var app = new InstanceFactory(Unreachable, ("Bastion:Compliance:WarningDays", "十五"));
        Should.Throw<Exception>(() => app.Services);
    }

    [Fact]
    public void A_value_that_is_not_a_number_stops_the_start_with_a_message_naming_the_key()
    {
        StartFails().ShouldContain("配置项 Bastion:Compliance:WarningDays 的值“十五”无效：应为整数。");
    }

    [Fact]
    public void A_value_out_of_range_stops_the_start()
    {
        StartFails().ShouldContain("配置项 Bastion:Ledger:DueSoonDays 须在 0 到 60 之间，现为“90”。");
    }

    [Fact]
    public void A_known_proxy_that_is_not_an_address_stops_the_start()
    {
        StartFails().ShouldContain("配置项 Bastion:KnownProxies 中的“proxy.intranet”不是 IP 地址");
    }

    [Fact]
    public void Every_bad_value_is_named_at_once()
    {
        var printed = StartFails();
        foreach (var (key, _) in RefusedStart.BadSettings)
            printed.ShouldContain(key.Replace(":0", "", StringComparison.Ordinal));
        printed.ShouldContain("Bastion:CheckIn:TokenMinutes");
        printed.ShouldContain("Bastion:Jobs:Enabled");
    }
}

/// <summary>One data source for the application's role, one for the owner; EF Core and raw SQL take their connections from the first.</summary>
[Collection(AppCollection.Name)]
public sealed class DataSourceTests(AppFactory app) : AppTest(app)
{
    [Fact]
    public async Task The_application_connects_as_its_own_role_through_the_one_data_source_and_the_owner_through_another()
    {
        var database = App.Services.GetRequiredService<Database>();
        await using (var conn = await database.DataSource.OpenConnectionAsync())
            conn.UserName.ShouldBe(DatabaseRoles.AppRole);
        await using (var conn = await database.OwnerDataSource.OpenConnectionAsync())
            conn.UserName.ShouldNotBe(DatabaseRoles.AppRole);
        database.OwnerDataSource.ShouldNotBeSameAs(database.DataSource);
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.Database.SqlQuery<string>($"SELECT current_user AS \"Value\"").SingleAsync()).ShouldBe(DatabaseRoles.AppRole);
    }

    [Fact]
    public async Task The_audit_chain_verifies_on_the_application_data_source()
    {
        var database = App.Services.GetRequiredService<Database>();
        (await AuditChain.VerifyAsync(database.DataSource, App.Services.GetRequiredService<AuditCheckpointSettings>())).Ok.ShouldBeTrue();
    }
}
