using System.Net;
using Bastion.Data;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bastion.IntegrationTests.Data;

/// <summary>An app instance over a database of the test's choosing, with extra settings.</summary>
public sealed class InstanceFactory(string connectionString, params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
{
    /// <summary>What this instance printed for its operator.</summary>
    public StringWriter Printed { get; } = new();

    private sealed class CapturingConsole(StringWriter into) : Bastion.Web.OperatorConsole
    {
        public override void WriteLine(string line = "") { lock (into) into.WriteLine(line); }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Bastion", TestCluster.AppConnectionString(connectionString));
        builder.UseSetting("ConnectionStrings:BastionOwner", connectionString);
        // an external database needs the audit checkpoint key configured; the copy file beside the test's temp files
        builder.UseSetting("Bastion:Audit:CheckpointKey", Infrastructure.AppFactory.CheckpointKey);
        builder.UseSetting("Bastion:Audit:CheckpointCopy", Path.Combine(Path.GetTempPath(), "bastion-it-checkpoints-" + Guid.NewGuid().ToString("N")[..12] + ".jsonl"));
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(s =>
        {
            s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
            s.AddSingleton<Bastion.Web.OperatorConsole>(new CapturingConsole(Printed));
        });
    }
}

/// <summary>
/// The demo as <c>--demo</c> seeds it, once, on a database of its own: the tests that read what the demo holds share it
/// (each seeding took 15–40 s of the run).
/// </summary>
public sealed class DemoInstance : IAsyncLifetime
{
    public const string Password = "Demo@Pass2026";
    public InstanceFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var cs = await TestCluster.NewDatabaseAsync("demo");
        Environment.SetEnvironmentVariable(DemoData.PasswordVariable, Password);
        // no jobs: the tests look at the demo as seeded, and DemoTermsTests runs the term reminders itself
        App = new InstanceFactory(cs, ("Bastion:Demo", "true"), ("Bastion:Jobs:Enabled", "false"));
        try { _ = App.Services; }
        finally { Environment.SetEnvironmentVariable(DemoData.PasswordVariable, null); }
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Seeding the demo reads the process-wide BASTION_DEMO_PASSWORD, which these tests set: they must not run side by side.</summary>
[CollectionDefinition(Name)]
public sealed class DemoPasswordCollection : ICollectionFixture<DemoInstance>
{
    public const string Name = "demo-password";
}

[Collection(DemoPasswordCollection.Name)]
public sealed class StartupTests(DemoInstance demo)
{
    [Fact]
    public async Task Two_instances_started_at_once_on_an_empty_database_migrate_once_and_both_serve()
    {
        var cs = await TestCluster.NewDatabaseAsync("two");
        await using var one = new InstanceFactory(cs);
        await using var two = new InstanceFactory(cs);
        var clients = await Task.WhenAll(Task.Run(() => one.CreateClient()), Task.Run(() => two.CreateClient()));
        foreach (var c in clients) (await c.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var applied = new[] { one, two }.Select(f => f.Services.GetRequiredService<MigrationRunner>().LastApplied).ToList();
        applied.Count(a => a > 0).ShouldBe(1);
        applied.Sum().ShouldBe(MigrationRunner.Embedded().Count);
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM users", conn);
        ((long)(await cmd.ExecuteScalarAsync())!).ShouldBe(1, "exactly one initial administrator");
    }

    [Fact]
    public async Task The_first_run_creates_the_initial_administrator_from_configuration()
    {
        var cs = await TestCluster.NewDatabaseAsync("first");
        await using var app = new InstanceFactory(cs, ("Bastion:InitialAdmin:UserName", "chief"), ("Bastion:InitialAdmin:Password", "Lead@Pass2026x"));
        var c = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var r = await AppFactory.PostFormAsync(c, "/Account/Login", new() { ["UserName"] = "chief", ["Password"] = "Lead@Pass2026x" });
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await c.GetAsync("/Admin/Users")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_configuration_the_initial_administrator_gets_a_one_time_password_that_must_be_changed()
    {
        var cs = await TestCluster.NewDatabaseAsync("otp");
        await using var app = new InstanceFactory(cs);
        _ = app.Services;
        var printed = System.Text.RegularExpressions.Regex.Match(app.Printed.ToString(), @"one-time password:\s+(\S+)");
        printed.Success.ShouldBeTrue(app.Printed.ToString());
        var c = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await AppFactory.PostFormAsync(c, "/Account/Login", new() { ["UserName"] = "admin", ["Password"] = printed.Groups[1].Value })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await c.GetAsync("/")).Headers.Location!.ToString().ShouldStartWith("/Account/ChangePassword");
    }

    [Fact]
    public async Task Demo_data_is_a_realistic_group_with_valid_people_and_one_account_per_role()
    {
        var app = demo.App;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var orgs = db.Organizations.ToList();
        orgs.Count(o => o.ParentId == null).ShouldBe(1);
        orgs.Single(o => o.ParentId == null).Name.ShouldBe("集团公司党委");
        orgs.Count(o => o.Type == OrgType.党委 && o.ParentId != null).ShouldBe(3);
        orgs.ShouldContain(o => o.Type == OrgType.联合党支部);
        orgs.ShouldContain(o => o.Type == OrgType.临时党支部);
        orgs.ShouldContain(o => o.Type == OrgType.党总支);
        orgs.ShouldContain(o => o.Type == OrgType.党小组);
        foreach (var o in orgs.Where(o => o.ParentId != null))
            OrgRules.CanBeChildOf(o.Type, orgs.Single(p => p.Id == o.ParentId).Type).ShouldBeTrue(o.Name);

        var members = db.Members.ToList();
        members.Count.ShouldBeInRange(570, 680);
        members.Select(m => m.IdNumber).Distinct().Count().ShouldBe(members.Count);
        foreach (var m in members)
        {
            var parsed = ChineseIdNumber.TryParse(m.IdNumber, out var error);
            parsed.ShouldNotBeNull(error);
            parsed.BirthDate.ShouldBe(m.BirthDate);
            parsed.Gender.ShouldBe(m.Gender);
            m.JoinedAt.ShouldBeGreaterThanOrEqualTo(m.BirthDate.AddYears(18), m.Name);
            m.Name.Length.ShouldBeInRange(2, 3);
            OrgRules.IsBranch(orgs.Single(o => o.Id == m.OrgId).Type).ShouldBeTrue();
        }
        members.ShouldContain(m => m.Category == MemberCategory.预备党员);

        // every demo account's home (Web/Home.cs) answers 200, and so does the 返回首页 of a page it is refused
        foreach (var (user, home) in new[] { ("admin", "/Admin/Users"), ("secadmin", "/Admin/Grants"), ("auditor", "/Audit"), ("org", "/"), ("inspector", "/"),
                     ("jijian", "/"), ("secretary", "/"), ("member", "/Me/Home") })
        {
            var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var r = await AppFactory.PostFormAsync(client, "/Account/Login", new() { ["UserName"] = user, ["Password"] = DemoInstance.Password });
            r.StatusCode.ShouldBe(HttpStatusCode.Redirect, user);
            r.Headers.Location!.ToString().ShouldBe(home, user);
            (await client.GetAsync(home)).StatusCode.ShouldBe(HttpStatusCode.OK, user);
            var refused = await client.GetAsync(user == "auditor" ? "/Admin/Users" : "/Audit");
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden, user);
            var back = System.Text.RegularExpressions.Regex.Match(await refused.Content.ReadAsStringAsync(), "href=\"([^\"]*)\" id=\"error-home\"").Groups[1].Value;
            back.ShouldBe(home, user);
            (await client.GetAsync(back)).StatusCode.ShouldBe(HttpStatusCode.OK, user);
        }
    }
}
