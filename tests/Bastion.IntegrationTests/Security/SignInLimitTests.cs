using System.Net;
using System.Net.Http.Json;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Security;

/// <summary>
/// The test server gives requests no peer address, and ASP.NET Core applies X-Forwarded-For from a peer it does not
/// know at all. These hosts give every request the loopback peer a real local proxy (or a local attacker) would have.
/// </summary>
internal static class LoopbackPeer
{
    private sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((ctx, n) => { ctx.Connection.RemoteIpAddress ??= IPAddress.Loopback; return n(ctx); });
            next(app);
        };
    }

    /// <summary>The app with a loopback peer, and with <paramref name="knownProxy"/> as Bastion:KnownProxies when given.</summary>
    public static WebApplicationFactory<Program> Host(AppFactory app, string? knownProxy = null) => app.WithWebHostBuilder(b =>
    {
        b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, Filter>());
        if (knownProxy is not null) b.UseSetting("Bastion:KnownProxies:0", knownProxy);
    });

    public static HttpClient Client(WebApplicationFactory<Program> host, string? forwardedFor = null)
    {
        var c = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (forwardedFor is not null) c.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return c;
    }
}

public sealed class SignInLimitTests(AppFactory app) : AppTest(app)
{
    private static Task<HttpResponseMessage> Login(HttpClient c, string user, string password) =>
        AppFactory.PostFormAsync(c, "/Account/Login", new() { ["UserName"] = user, ["Password"] = password });

    private Task<long> SignInAuditRowsAsync() => App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'signin%'");

    [Fact]
    public async Task The_sign_in_page_is_throttled_per_address_with_429_the_form_and_a_chinese_message_and_no_audit_row()
    {
        for (var i = 0; i < SignInThrottle.PerAddress; i++)
            (await Login(App.Client(), i % 4 == 0 ? "mem" : $"nobody{i}", "Wrong@Pass1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var rows = await SignInAuditRowsAsync();
        var r = await Login(App.Client(), "orgadmin", AppFactory.Password);
        r.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        r.Headers.RetryAfter.ShouldNotBeNull();
        r.Headers.RetryAfter!.Delta!.Value.ShouldBeInRange(TimeSpan.FromSeconds(1), SignInThrottle.Window);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("登录尝试过于频繁");
        html.ShouldContain("id=\"login-form\"");
        (await SignInAuditRowsAsync()).ShouldBe(rows, "a refused attempt writes no audit row");

        App.Clock.Advance(SignInThrottle.Window);
        (await Login(App.Client(), "orgadmin", AppFactory.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Successful_sign_ins_do_not_use_up_the_address_budget()
    {
        for (var i = 0; i < SignInThrottle.PerAddress + 5; i++)
            (await Login(App.Client(), i % 2 == 0 ? "orgadmin" : "mem", AppFactory.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect, $"sign-in {i}");
        (await App.ScalarAsync("SELECT coalesce(max(n), 0) FROM sign_in_counters")).ShouldBe(0);
    }

    [Fact]
    public async Task Upper_and_lower_case_user_names_count_as_one_account_on_page_and_api()
    {
        for (var i = 0; i < SignInThrottle.PerAccount; i++)
        {
            var name = i % 2 == 0 ? "MEM" : " mem ";
            var r = i % 3 == 0
                ? await Login(App.Client(), name, "Wrong@Pass1")
                : await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = name, password = "Wrong@Pass1" });
            r.StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests, $"attempt {i}");
        }
        (await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = "Mem", password = AppFactory.Password })).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await Login(App.Client(), "mem", AppFactory.Password)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await App.ScalarAsync("SELECT n FROM sign_in_counters WHERE key = 'account:MEM'")).ShouldBe(SignInThrottle.PerAccount + 2);
        // another account from the same address is still let in
        (await Login(App.Client(), "orgadmin", AppFactory.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Unknown_user_names_are_audited_once_per_address_and_window_and_then_in_aggregate()
    {
        for (var i = 0; i < 7; i++)
            (await (await Login(App.Client(), $"nobody{i}", "Wrong@Pass1")).Content.ReadAsStringAsync()).ShouldContain("用户名或密码错误");
        for (var i = 0; i < 3; i++)
            (await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = $"ghost{i}", password = "Wrong@Pass1" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE actor_id IS NULL AND result = 'failure'")).ShouldBe(1);
        // a failure for an existing account keeps its own row: it is the evidence
        await Login(App.Client(), "mem", "Wrong@Pass1");
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'signin' AND result = 'failure'")).ShouldBe(2);

        App.Clock.Advance(SignInThrottle.Window * 2);
        (await Login(App.Client(), "mem", AppFactory.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE after->>'detail' LIKE '10次未知用户名登录失败%' AND (after->>'count')::int = 10")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM sign_in_counters WHERE key LIKE 'unknown:%'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_lockout_ends_when_the_clock_passes_fifteen_minutes()
    {
        for (var i = 0; i < 5; i++) await Login(App.Client(), "mem", "Wrong@Pass1");
        (await (await Login(App.Client(), "mem", AppFactory.Password)).Content.ReadAsStringAsync()).ShouldContain("账号已锁定");
        App.Clock.Advance(TimeSpan.FromMinutes(14));
        (await (await Login(App.Client(), "mem", AppFactory.Password)).Content.ReadAsStringAsync()).ShouldContain("账号已锁定");
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        (await Login(App.Client(), "mem", AppFactory.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync("SELECT count(*) FROM users WHERE user_name = 'mem' AND (access_failed_count <> 0 OR lockout_end IS NOT NULL)")).ShouldBe(0);
    }

    [Fact]
    public async Task X_forwarded_for_from_a_loopback_peer_is_ignored_unless_the_peer_is_a_configured_proxy()
    {
        await using (var host = LoopbackPeer.Host(App))
        {
            var r = await Login(LoopbackPeer.Client(host, "203.0.113.9"), "mem", AppFactory.Password);
            r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'signin' AND result = 'success' AND client_ip = '127.0.0.1'")).ShouldBe(1);
            (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE client_ip = '203.0.113.9'")).ShouldBe(0);
        }
        await using (var proxied = LoopbackPeer.Host(App, knownProxy: "127.0.0.1"))
        {
            // (the token endpoint: behind a proxy the page's cookies are Secure, which this plain-HTTP client would not send back)
            (await LoopbackPeer.Client(proxied, "203.0.113.9").PostAsJsonAsync("/api/v1/tokens", new { userName = "mem", password = AppFactory.Password }))
                .StatusCode.ShouldBe(HttpStatusCode.OK);
            (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'api.token' AND result = 'success' AND client_ip = '203.0.113.9'")).ShouldBe(1);
        }
    }
}
