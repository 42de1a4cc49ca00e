using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.IntegrationTests.Security;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bastion.IntegrationTests.Abuse;

/// <summary>
/// The standing abuse suite for sign-in (issue 12, items 3 and 4): parallel wrong passwords on the page and the API,
/// parallel token requests from one address, upper/lower-case names, a burst of anonymous unknown-name sign-ins,
/// X-Forwarded-For varied to dodge the limit, a cookie replayed after 退出登录. Each asserts the refusal and that
/// nothing else broke: the real user signs in once the lock or the window has passed (the clock is moved, never
/// slept), and /health/ready answers 200.
/// </summary>
public sealed partial class SignInAbuseTests(AppFactory app) : AppTest(app)
{
    private const string Wrong = "Wrong@Pass1";

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>One client with its antiforgery token, posting the login form <paramref name="n"/> times at once.</summary>
    private static async Task<HttpResponseMessage[]> ParallelLoginsAsync(HttpClient c, int n, Func<int, string> user, string password)
    {
        var html = await (await c.GetAsync("/Account/Login")).Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        return await Task.WhenAll(Enumerable.Range(0, n).Select(i => c.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["UserName"] = user(i), ["Password"] = password, ["__RequestVerificationToken"] = token }))));
    }

    private static Task<HttpResponseMessage[]> ParallelTokensAsync(HttpClient c, int n, Func<int, string> user, string password) =>
        Task.WhenAll(Enumerable.Range(0, n).Select(i => c.PostAsJsonAsync("/api/v1/tokens", new { userName = user(i), password })));

    private Task<long> RowsAsync(string where) => App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE {where}");

    /// <summary>After the abuse: the platform answers, and the real user gets in once the clock passes the lock/window.</summary>
    private async Task StillWorksAsync(string user, TimeSpan wait)
    {
        (await App.Client().GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        App.Clock.Advance(wait);
        var c = await App.SignedInAsync(user);
        (await c.GetAsync("/Me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = user, password = AppFactory.Password })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.Client().GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Forty_parallel_wrong_passwords_on_the_page_check_at_most_five_and_lock_the_account()
    {
        var responses = await ParallelLoginsAsync(App.Client(), 40, _ => "mem", Wrong);

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.TooManyRequests);
        responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(40 - SignInThrottle.PerAccount);
        foreach (var r in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
            (await r.Content.ReadAsStringAsync()).ShouldMatch("用户名或密码错误|账号已锁定");
        // five passwords checked: four wrong, the fifth locks; the rest meet the lock
        (await RowsAsync("action = 'signin' AND after->>'detail' = 'wrong password'")).ShouldBe(4);
        (await RowsAsync("action = 'signin.lockout'")).ShouldBe(1);
        (await RowsAsync("action = 'signin' AND after->>'detail' = 'account locked'")).ShouldBe(SignInThrottle.PerAccount - 5);
        (await App.ScalarAsync("SELECT count(*) FROM users WHERE user_name = 'mem' AND lockout_end > now() + interval '14 minutes'")).ShouldBe(1);

        await StillWorksAsync("mem", TimeSpan.FromMinutes(16));
    }

    [Fact]
    public async Task Forty_parallel_wrong_passwords_on_the_api_check_at_most_five_and_lock_the_account()
    {
        var responses = await ParallelTokensAsync(App.Client(), 40, _ => "mem", Wrong);

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Unauthorized || r.StatusCode == HttpStatusCode.TooManyRequests);
        responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(40 - SignInThrottle.PerAccount);
        foreach (var r in responses) r.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await RowsAsync("action = 'api.token' AND after->>'detail' = 'wrong password'")).ShouldBe(5);
        (await RowsAsync("action = 'signin.lockout'")).ShouldBe(1);
        (await RowsAsync("action = 'api.token' AND after->>'detail' = 'locked out'")).ShouldBe(SignInThrottle.PerAccount - 5);
        (await App.ScalarAsync("SELECT count(*) FROM users WHERE user_name = 'mem' AND lockout_end IS NOT NULL")).ShouldBe(1);

        await StillWorksAsync("mem", TimeSpan.FromMinutes(16));
    }

    [Fact]
    public async Task Forty_parallel_token_requests_from_one_address_are_counted_exactly()
    {
        var responses = await ParallelTokensAsync(App.Client(), 40, i => $"ghost{i}", Wrong);

        responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(40 - SignInThrottle.PerAddress);
        responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized).ShouldBe(SignInThrottle.PerAddress);
        responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldAllBe(r => r.Headers.RetryAfter != null);
        (await App.ScalarAsync("SELECT n FROM sign_in_counters WHERE key LIKE 'address:%'")).ShouldBe(40);
        // the refused ones never reached an account's counter
        (await App.ScalarAsync("SELECT count(*) FROM sign_in_counters WHERE key LIKE 'account:%'")).ShouldBe(SignInThrottle.PerAddress);
        (await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = "mem", password = AppFactory.Password })).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        await StillWorksAsync("mem", SignInThrottle.Window);
    }

    [Fact]
    public async Task Upper_and_lower_case_names_share_one_limit_under_parallel_requests()
    {
        var responses = await ParallelTokensAsync(App.Client(), 20, i => i % 2 == 0 ? "MEM" : "mem", Wrong);

        responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(20 - SignInThrottle.PerAccount);
        (await App.ScalarAsync("SELECT count(*) FROM sign_in_counters WHERE key LIKE 'account:%'")).ShouldBe(1);
        (await RowsAsync("action = 'api.token' AND after->>'detail' = 'wrong password'")).ShouldBe(5);

        await StillWorksAsync("mem", TimeSpan.FromMinutes(16));
    }

    [Fact]
    public async Task A_burst_of_two_hundred_unknown_name_sign_ins_is_throttled_and_audited_in_aggregate()
    {
        var before = await RowsAsync("true");
        var responses = await ParallelLoginsAsync(App.Client(), 200, i => $"intruder{i}", Wrong);

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.TooManyRequests);
        responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(200 - SignInThrottle.PerAddress);
        var refused = await responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests).Content.ReadAsStringAsync();
        refused.ShouldContain("登录尝试过于频繁");
        (await RowsAsync("true") - before).ShouldBe(1, "one audit row for the window, not one per attempt");

        await StillWorksAsync("mem", SignInThrottle.Window * 2);
        (await RowsAsync($"after->>'detail' LIKE '{SignInThrottle.PerAddress}次未知用户名登录失败%'")).ShouldBe(1);
    }

    [Fact]
    public async Task Varying_x_forwarded_for_does_not_dodge_the_address_limit()
    {
        await using var host = LoopbackPeer.Host(App);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < SignInThrottle.PerAddress + 5; i++)
        {
            var c = LoopbackPeer.Client(host, $"198.51.100.{i + 1}");
            statuses.Add((await c.PostAsJsonAsync("/api/v1/tokens", new { userName = $"ghost{i}", password = Wrong })).StatusCode);
        }
        statuses.Count(s => s == HttpStatusCode.TooManyRequests).ShouldBe(5);
        (await App.ScalarAsync("SELECT n FROM sign_in_counters WHERE key = 'address:127.0.0.1'")).ShouldBe(SignInThrottle.PerAddress + 5);
        (await RowsAsync("client_ip LIKE '198.51.100.%'")).ShouldBe(0);

        await StillWorksAsync("mem", SignInThrottle.Window);
    }

    [Fact]
    public async Task A_cookie_replayed_after_signing_out_is_refused_on_pages_and_the_api()
    {
        var c = App.Client();
        var r = await AppFactory.PostFormAsync(c, "/Account/Login", new() { ["UserName"] = "mem", ["Password"] = AppFactory.Password });
        var cookie = r.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith("bastion.auth=", StringComparison.Ordinal)).Split(';')[0];
        HttpClient Replay()
        {
            var x = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            x.DefaultRequestHeaders.Add("Cookie", cookie);
            return x;
        }
        (await Replay().GetAsync("/Me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AppFactory.PostFormAsync(c, "/Account/Logout", [], "/Me")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Replay().GetAsync("/Me")));
        results.ShouldAllBe(x => x.StatusCode == HttpStatusCode.Redirect && x.Headers.Location!.ToString().Contains("/Account/Login"));
        (await Replay().GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Replay().PostAsync("/api/v1/tokens", JsonContent.Create(new { }))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await StillWorksAsync("mem", TimeSpan.Zero);
    }
}
