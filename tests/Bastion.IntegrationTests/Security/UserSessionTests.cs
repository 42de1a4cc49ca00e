using System.Net;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bastion.IntegrationTests.Security;

public sealed class UserSessionTests(AppFactory app) : AppTest(app)
{
    /// <summary>Signs in through the form and returns the session cookie exactly as the browser got it.</summary>
    private async Task<(HttpClient Client, string Cookie)> SignInAsync(string user)
    {
        var c = App.Client();
        var r = await AppFactory.PostFormAsync(c, "/Account/Login", new() { ["UserName"] = user, ["Password"] = AppFactory.Password });
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = r.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith("bastion.auth=", StringComparison.Ordinal)).Split(';')[0];
        return (c, cookie);
    }

    /// <summary>A fresh client that sends only the saved cookie (a copy taken from the browser).</summary>
    private HttpClient Replay(string cookie)
    {
        var c = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        c.DefaultRequestHeaders.Add("Cookie", cookie);
        return c;
    }

    private static void ShouldBeSentToSignIn(HttpResponseMessage r)
    {
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        r.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task A_cookie_saved_before_signing_out_opens_nothing_afterwards()
    {
        var (c, cookie) = await SignInAsync("mem");
        (await Replay(cookie).GetAsync("/Me")).StatusCode.ShouldBe(HttpStatusCode.OK, "the copy works while the session lasts");
        (await App.ScalarAsync($"SELECT count(*) FROM user_sessions WHERE user_id = {World.UserIds["mem"]} AND ended_at IS NULL")).ShouldBe(1);

        var logout = await AppFactory.PostFormAsync(c, "/Account/Logout", [], "/Me");
        logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ShouldBeSentToSignIn(await Replay(cookie).GetAsync("/Me"));
        (await App.ScalarAsync($"SELECT count(*) FROM user_sessions WHERE user_id = {World.UserIds["mem"]} AND ended_reason = 'logout'")).ShouldBe(1);
        // the next sign-in is a new session
        var (again, _) = await SignInAsync("mem");
        (await again.GetAsync("/Me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldBeSentToSignIn(await Replay(cookie).GetAsync("/Me"));
    }

    [Fact]
    public async Task Changing_the_password_keeps_the_session_it_was_made_in_and_ends_the_others()
    {
        var (c, cookie) = await SignInAsync("mem");
        var (_, other) = await SignInAsync("mem");
        var ok = await AppFactory.PostFormAsync(c, "/Account/ChangePassword", new() { ["Current"] = AppFactory.Password, ["New"] = "New@Pass2027", ["Confirm"] = "New@Pass2027" });
        (await ok.Content.ReadAsStringAsync()).ShouldContain("密码已修改");
        (await c.GetAsync("/Me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldBeSentToSignIn(await Replay(other).GetAsync("/Me"));
        ShouldBeSentToSignIn(await Replay(cookie).GetAsync("/Me"));
        (await App.ScalarAsync($"SELECT count(*) FROM user_sessions WHERE user_id = {World.UserIds["mem"]}")).ShouldBe(2);
    }

    [Fact]
    public async Task The_system_administrator_sees_an_accounts_sessions_and_ends_them_all_with_its_tokens()
    {
        var (_, first) = await SignInAsync("mem");
        var (_, second) = await SignInAsync("mem");
        var (_, bystander) = await SignInAsync("orgadmin");
        var bearer = await App.BearerAsync("mem");
        (await bearer.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = World.UserIds["mem"];

        var admin = await App.SignedInAsync("sys");
        (await (await admin.GetAsync("/Admin/Users")).Content.ReadAsStringAsync()).ShouldContain($"/Admin/UserSessions/{id}");
        var page = await (await admin.GetAsync($"/Admin/UserSessions/{id}")).Content.ReadAsStringAsync();
        page.ShouldContain("活动会话");
        System.Text.RegularExpressions.Regex.Matches(page, "<tr>\\s*<td class=\"text-nowrap small\">").Count.ShouldBe(2);
        page.ShouldContain("结束全部会话");
        page.ShouldContain("data-confirm=\"确定结束账号");

        var r = await AppFactory.PostFormAsync(admin, $"/Admin/UserSessions/{id}?handler=End", [], $"/Admin/UserSessions/{id}");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await r.Content.ReadAsStringAsync()).ShouldContain("已结束 2 个会话，撤销 1 个 API 令牌");
        ShouldBeSentToSignIn(await Replay(first).GetAsync("/Me"));
        ShouldBeSentToSignIn(await Replay(second).GetAsync("/Me"));
        (await bearer.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Replay(bystander).GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK, "other accounts keep their sessions");
        (await admin.GetAsync("/Admin/Users")).StatusCode.ShouldBe(HttpStatusCode.OK, "the administrator's own session stays");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'user.sessions.end' AND entity_id = '{id}' AND actor_name = 'sys' AND (after->>'sessions')::int = 2 AND (after->>'tokens')::int = 1")).ShouldBe(1);
        // the account itself may sign in again
        var (again, _) = await SignInAsync("mem");
        (await again.GetAsync("/Me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Only_the_system_administrator_may_end_an_accounts_sessions()
    {
        var (_, cookie) = await SignInAsync("mem");
        var sec = await App.SignedInAsync("sec");
        var id = World.UserIds["mem"];
        var r = await AppFactory.PostFormAsync(sec, $"/Admin/UserSessions/{id}?handler=End", [], "/Admin/Security");
        r.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Replay(cookie).GetAsync("/Me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'user.sessions.end'")).ShouldBe(0);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_sessions_on_the_server_too()
    {
        var (_, cookie) = await SignInAsync("mem");
        var admin = await App.SignedInAsync("sys");
        await AppFactory.PostFormAsync(admin, $"/Admin/Users?handler=Disable&id={World.UserIds["mem"]}", [], "/Admin/Users");
        (await App.ScalarAsync($"SELECT count(*) FROM user_sessions WHERE user_id = {World.UserIds["mem"]} AND ended_reason = 'disabled'")).ShouldBe(1);
        ShouldBeSentToSignIn(await Replay(cookie).GetAsync("/Me"));
    }
}
