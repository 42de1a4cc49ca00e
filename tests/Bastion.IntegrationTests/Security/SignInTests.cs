using System.Net;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Security;

public sealed class SignInTests(AppFactory app) : AppTest(app)
{
    private Task<HttpResponseMessage> Login(HttpClient c, string user, string password) =>
        AppFactory.PostFormAsync(c, "/Account/Login", new() { ["UserName"] = user, ["Password"] = password });

    [Fact]
    public async Task Signing_in_lands_on_the_home_page_of_the_role_and_is_audited()
    {
        var c = App.Client();
        var r = await Login(c, "orgadmin", AppFactory.Password);
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        r.Headers.Location!.ToString().ShouldBe("/");
        (await c.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'signin' AND result = 'success' AND actor_name = 'orgadmin'")).ShouldBe(1);

        var auditor = App.Client();
        (await Login(auditor, "aud", AppFactory.Password)).Headers.Location!.ToString().ShouldBe("/Audit");
    }

    [Fact]
    public async Task A_wrong_password_gets_the_generic_message_and_counts_toward_lockout()
    {
        var c = App.Client();
        var r = await Login(c, "mem", "Wrong@Pass1");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("用户名或密码错误");
        // an unknown user gets exactly the same message
        (await (await Login(App.Client(), "nobody", "Wrong@Pass1")).Content.ReadAsStringAsync()).ShouldContain("用户名或密码错误");
        (await App.ScalarAsync($"SELECT access_failed_count FROM users WHERE user_name = 'mem'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'signin' AND result = 'failure'")).ShouldBe(2);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_for_fifteen_minutes_and_the_lockout_is_audited()
    {
        for (var i = 0; i < 5; i++) await Login(App.Client(), "mem", "Wrong@Pass1");
        var r = await Login(App.Client(), "mem", AppFactory.Password);
        r.StatusCode.ShouldBe(HttpStatusCode.OK, "the right password does not get in while locked");
        (await r.Content.ReadAsStringAsync()).ShouldContain("锁定");
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'signin.lockout' AND result = 'lockout'")).ShouldBe(1);
        var minutes = await App.ScalarAsync("SELECT round(extract(epoch FROM lockout_end - now()) / 60) FROM users WHERE user_name = 'mem'");
        minutes.ShouldBeInRange(14, 15);
    }

    [Fact]
    public async Task A_form_post_without_or_with_a_tampered_antiforgery_token_gets_the_chinese_400_page()
    {
        var c = App.Client();
        await c.GetAsync("/Account/Login");
        var r = await c.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "mem", ["Password"] = AppFactory.Password }));
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await r.Content.ReadAsStringAsync()).ShouldContain("请求无效");

        var tampered = await c.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["UserName"] = "mem", ["Password"] = AppFactory.Password, ["__RequestVerificationToken"] = "CfDJ8tampered" }));
        tampered.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await tampered.Content.ReadAsStringAsync();
        html.ShouldContain("请求无效");
        html.ShouldNotContain("Exception");
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action LIKE 'signin%'")).ShouldBe(0);
    }

    [Fact]
    public async Task Session_cookies_are_httponly_and_lax_and_secure_when_not_reached_on_loopback()
    {
        var local = App.Client();
        var r = await Login(local, "mem", AppFactory.Password);
        var cookie = r.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith("bastion.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        cookie.ShouldContain("httponly");
        cookie.ShouldContain("samesite=lax");
        cookie.ShouldNotContain("secure");

        var remote = App.Client();
        remote.BaseAddress = new Uri("http://dangjian.example.cn/");
        var rr = await Login(remote, "mem", AppFactory.Password);
        rr.Headers.GetValues("Set-Cookie").Where(v => v.StartsWith("bastion.", StringComparison.Ordinal))
            .ShouldAllBe(v => v.ToLowerInvariant().Contains("secure"));
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_live_session_at_the_next_request()
    {
        var member = await App.SignedInAsync("mem");
        (await member.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = await App.BearerAsync("mem");
        (await token.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var admin = await App.SignedInAsync("sys");
        var r = await AppFactory.PostFormAsync(admin, $"/Admin/Users?handler=Disable&id={World.UserIds["mem"]}", new(), "/Admin/Users");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await r.Content.ReadAsStringAsync()).ShouldContain("账号已停用");

        var after = await member.GetAsync("/");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldContain("/Account/Login");
        (await token.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await AppFactory.PostFormAsync(App.Client(), "/Account/Login", new() { ["UserName"] = "mem", ["Password"] = AppFactory.Password }))
            .StatusCode.ShouldBe(HttpStatusCode.OK, "a disabled account cannot sign in again");
    }

    [Fact]
    public async Task Changing_the_password_checks_the_policy_and_the_current_password()
    {
        var c = await App.SignedInAsync("mem");
        var weak = await AppFactory.PostFormAsync(c, "/Account/ChangePassword", new() { ["Current"] = AppFactory.Password, ["New"] = "abcdefgh", ["Confirm"] = "abcdefgh" });
        (await weak.Content.ReadAsStringAsync()).ShouldContain("至少3类");
        var wrong = await AppFactory.PostFormAsync(c, "/Account/ChangePassword", new() { ["Current"] = "Nope@12345", ["New"] = "New@Pass2027", ["Confirm"] = "New@Pass2027" });
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("当前密码不正确");
        var ok = await AppFactory.PostFormAsync(c, "/Account/ChangePassword", new() { ["Current"] = AppFactory.Password, ["New"] = "New@Pass2027", ["Confirm"] = "New@Pass2027" });
        (await ok.Content.ReadAsStringAsync()).ShouldContain("密码已修改");
        (await AppFactory.PostFormAsync(App.Client(), "/Account/Login", new() { ["UserName"] = "mem", ["Password"] = "New@Pass2027" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_one_time_password_must_be_changed_before_anything_else()
    {
        await App.ExecAsync("UPDATE users SET must_change_password = true WHERE user_name = 'orgadmin'");
        var c = await App.SignedInAsync("orgadmin");
        var r = await c.GetAsync("/Organizations");
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        r.Headers.Location!.ToString().ShouldStartWith("/Account/ChangePassword");
    }

    [Fact]
    public async Task Two_factor_sign_in_asks_for_the_authenticator_code()
    {
        string key;
        using (var scope = App.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "test");
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = (await users.FindByNameAsync("mem"))!;
            await users.ResetAuthenticatorKeyAsync(u);
            key = (await users.GetAuthenticatorKeyAsync(u))!;
            await users.SetTwoFactorEnabledAsync(u, true);
        }
        var c = App.Client();
        var r = await AppFactory.PostFormAsync(c, "/Account/Login", new() { ["UserName"] = "mem", ["Password"] = AppFactory.Password });
        r.Headers.Location!.ToString().ShouldStartWith("/Account/LoginWith2fa");
        (await c.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "not signed in before the code");
        var bad = await AppFactory.PostFormAsync(c, "/Account/LoginWith2fa", new() { ["Code"] = "000000" });
        (await bad.Content.ReadAsStringAsync()).ShouldContain("验证码错误");
        var good = await AppFactory.PostFormAsync(c, "/Account/LoginWith2fa", new() { ["Code"] = Totp.Code(key) });
        good.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await c.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'signin.2fa' AND result = 'success'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'signin.2fa' AND result = 'failure'")).ShouldBe(1);
    }

    [Fact]
    public async Task Opening_the_two_factor_page_changes_nothing_and_only_the_start_button_makes_a_key()
    {
        var member = await App.SignedInAsync("mem");
        var stamp = await App.ScalarAsync("SELECT hashtext(security_stamp) FROM users WHERE user_name = 'mem'");
        var page = await (await member.GetAsync("/Account/TwoFactor")).Content.ReadAsStringAsync();
        page.ShouldContain("开始设置");
        page.ShouldNotContain("authenticator-key");
        (await member.GetAsync("/Account/TwoFactor")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync($"SELECT count(*) FROM user_tokens WHERE user_id = {World.UserIds["mem"]}")).ShouldBe(0);
        (await App.ScalarAsync("SELECT hashtext(security_stamp) FROM users WHERE user_name = 'mem'")).ShouldBe(stamp);

        var start = await AppFactory.PostFormAsync(member, "/Account/TwoFactor?handler=Start", [], "/Account/TwoFactor");
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync($"SELECT count(*) FROM user_tokens WHERE user_id = {World.UserIds["mem"]}")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = '2fa.key' AND actor_id = {World.UserIds["mem"]}")).ShouldBe(1);
        page = await (await member.GetAsync("/Account/TwoFactor")).Content.ReadAsStringAsync();
        var key = System.Text.RegularExpressions.Regex.Match(page, "id=\"authenticator-key\">([^<]+)<").Groups[1].Value;
        key.ShouldNotBeNullOrWhiteSpace();
        // looking again shows the same key
        var again = await (await member.GetAsync("/Account/TwoFactor")).Content.ReadAsStringAsync();
        System.Text.RegularExpressions.Regex.Match(again, "id=\"authenticator-key\">([^<]+)<").Groups[1].Value.ShouldBe(key);
    }

    [Fact]
    public async Task When_a_role_requires_two_factor_its_accounts_must_set_it_up_first()
    {
        var sec = await App.SignedInAsync("sec");
        var fields = new Dictionary<string, string> { ["required"] = nameof(Role.Member) };
        (await AppFactory.PostFormAsync(sec, "/Admin/Security?handler=Policy", fields, "/Admin/Security")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync("SELECT count(*) FROM role_policies WHERE require_two_factor")).ShouldBe(1);

        var member = await App.SignedInAsync("mem");
        var r = await member.GetAsync("/");
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        r.Headers.Location!.ToString().ShouldStartWith("/Account/TwoFactor");
        var page = await (await member.GetAsync("/Account/TwoFactor")).Content.ReadAsStringAsync();
        page.ShouldContain("要求启用双因素认证");
        var start = await AppFactory.PostFormAsync(member, "/Account/TwoFactor?handler=Start", [], "/Account/TwoFactor");
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page = await (await member.GetAsync("/Account/TwoFactor")).Content.ReadAsStringAsync();
        var key = System.Text.RegularExpressions.Regex.Match(page, "id=\"authenticator-key\">([^<]+)<").Groups[1].Value;
        var enable = await AppFactory.PostFormAsync(member, "/Account/TwoFactor?handler=Enable", new() { ["Code"] = Totp.Code(key) }, "/Account/TwoFactor");
        (await enable.Content.ReadAsStringAsync()).ShouldContain("双因素认证已启用");
        (await member.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // the API refuses a token to an account of that role without the code
        var tokenWithout = await App.Client().PostAsync("/api/v1/tokens", System.Net.Http.Json.JsonContent.Create(new { userName = "mem", password = AppFactory.Password }));
        tokenWithout.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var tokenWith = await App.Client().PostAsync("/api/v1/tokens", System.Net.Http.Json.JsonContent.Create(new { userName = "mem", password = AppFactory.Password, totp = Totp.Code(key) }));
        tokenWith.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Over_long_or_invalid_form_fields_get_a_message_beside_the_field_and_nothing_is_written()
    {
        var admin = await App.SignedInAsync("sys");
        var before = await App.ScalarAsync("SELECT count(*) FROM users");
        var r = await AppFactory.PostFormAsync(admin, "/Admin/Users?handler=Create",
            new() { ["UserName"] = new string('a', 300), ["DisplayName"] = "" }, "/Admin/Users");
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("用户名不能超过50个字符");
        html.ShouldContain("请输入姓名或称呼");
        html.ShouldContain("invalid-feedback");
        var bad = await AppFactory.PostFormAsync(admin, "/Admin/Users?handler=Create", new() { ["UserName"] = "张 三", ["DisplayName"] = "张三" }, "/Admin/Users");
        (await bad.Content.ReadAsStringAsync()).ShouldContain("用户名只能包含");
        (await App.ScalarAsync("SELECT count(*) FROM users")).ShouldBe(before);

        var login = await AppFactory.PostFormAsync(App.Client(), "/Account/Login", new() { ["UserName"] = new string('x', 400), ["Password"] = "p" });
        (await login.Content.ReadAsStringAsync()).ShouldContain("用户名过长");
    }

    [Fact]
    public async Task The_system_administrator_creates_an_account_with_a_one_time_password()
    {
        var admin = await App.SignedInAsync("sys");
        var r = await AppFactory.PostFormAsync(admin, "/Admin/Users?handler=Create", new() { ["UserName"] = "newbie", ["DisplayName"] = "新同志" }, "/Admin/Users");
        var html = await r.Content.ReadAsStringAsync();
        var pw = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "id=\"one-time-password\">([^<]+)<").Groups[1].Value);
        pw.ShouldNotBeNullOrEmpty();
        PasswordPolicy.Check(pw).ShouldBeEmpty();
        var c = await App.SignedInAsync("newbie", pw);
        var home = await c.GetAsync("/Notifications");
        home.Headers.Location!.ToString().ShouldStartWith("/Account/ChangePassword");
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'users' AND action = 'create' AND actor_name = 'sys'")).ShouldBe(1);
    }
}
