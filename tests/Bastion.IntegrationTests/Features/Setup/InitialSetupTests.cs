using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features.Setup;

/// <summary>
/// A production install starts with one 系统管理员 and nothing else (issue 11: the shipped-start test found its
/// 工作台 answering 500, and no role could create the first organization or grant a role).
/// </summary>
public sealed partial class InitialSetupTests(AppFactory app) : AppTest(app)
{
    /// <summary>The fresh install: every organization gone (and with them every scoped grant's meaning).</summary>
    private Task EmptyTreeAsync() => App.ExecAsync("""
        SET session_replication_role = replica;
        DELETE FROM role_grants WHERE org_id IS NOT NULL;
        DELETE FROM org_history;
        DELETE FROM organizations;
        SET session_replication_role = origin;
        """);

    private static Dictionary<string, string> Form(string org = "某集团有限公司党委") => new()
    {
        ["OrgName"] = org, ["OrgAdminUserName"] = "zuzhibu", ["OrgAdminDisplayName"] = "张组织",
        ["SecurityAdminUserName"] = "anquan", ["AuditAdminUserName"] = "shenji",
    };

    [Fact]
    public async Task The_system_administrator_of_a_fresh_install_creates_the_top_committee_and_the_other_administrators_once()
    {
        await EmptyTreeAsync();
        var sys = await App.SignedInAsync("sys");

        var home = await sys.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.OK);
        var homeHtml = await home.Content.ReadAsStringAsync();
        homeHtml.ShouldContain("dashboard-empty");
        homeHtml.ShouldContain("href=\"/Setup\"");
        (await sys.GetStringAsync("/Admin/Users")).ShouldContain("setup-needed");
        // every other page of the menu needs an organization: it leads to the 工作台's explanation, never a 500
        foreach (var path in new[] { "/Organizations", "/Terms" })
        {
            var r = await sys.GetAsync(path);
            r.StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            r.Headers.Location?.ToString().ShouldBe("/");
        }

        var empty = await AppFactory.PostFormAsync(sys, "/Setup", new() { ["OrgName"] = "", ["SecurityAdminUserName"] = "x", ["AuditAdminUserName"] = "x" });
        var emptyHtml = await empty.Content.ReadAsStringAsync();
        emptyHtml.ShouldContain("请输入党委管理员的用户名");
        emptyHtml.ShouldContain("三个账号的用户名不能相同");
        (await App.ScalarAsync("SELECT count(*) FROM organizations")).ShouldBe(0);

        var taken = Form();
        taken["SecurityAdminUserName"] = "mem"; // an existing account: nothing of the setup may remain
        (await (await AppFactory.PostFormAsync(sys, "/Setup", taken)).Content.ReadAsStringAsync()).ShouldContain("已被使用");
        (await App.ScalarAsync("SELECT count(*) FROM organizations")).ShouldBe(0);

        var done = await AppFactory.PostFormAsync(sys, "/Setup", Form());
        var html = await done.Content.ReadAsStringAsync();
        html.ShouldContain("setup-accounts");
        done.Headers.CacheControl?.NoStore.ShouldBe(true, "one-time passwords must not be cached");
        (await App.ScalarAsync("SELECT count(*) FROM organizations WHERE parent_id IS NULL AND name = '某集团有限公司党委' AND type = '党委'")).ShouldBe(1);
        (await App.ScalarAsync("""
            SELECT count(*) FROM users u JOIN role_grants g ON g.user_id = u.id
            WHERE u.must_change_password AND (
              (u.user_name = 'anquan' AND g.role = 'SecurityAdmin' AND g.org_id IS NULL) OR
              (u.user_name = 'shenji' AND g.role = 'AuditAdmin' AND g.org_id IS NULL) OR
              (u.user_name = 'zuzhibu' AND g.role = 'OrgAdmin' AND g.org_id = (SELECT id FROM organizations WHERE parent_id IS NULL)))
            """)).ShouldBe(3);
        (await App.ScalarAsync("SELECT count(*) FROM org_history WHERE action = '新建'")).ShouldBe(1);

        // the one-time password shown once works, and must be changed at first sign-in
        var password = WebUtility.HtmlDecode(PasswordOf().Match(html[html.IndexOf("zuzhibu", StringComparison.Ordinal)..]).Groups[1].Value);
        password.Length.ShouldBeGreaterThanOrEqualTo(8);
        var orgAdmin = App.Client();
        var signIn = await AppFactory.PostFormAsync(orgAdmin, "/Account/Login", new() { ["UserName"] = "zuzhibu", ["Password"] = password });
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await orgAdmin.GetAsync("/")).Headers.Location?.ToString().ShouldContain("/Account/ChangePassword");

        // once the tree exists the setup is refused, on the page and over the API
        (await (await AppFactory.PostFormAsync(sys, "/Setup", Form("另一个党委"))).Content.ReadAsStringAsync()).ShouldContain("首次设置已完成");
        var api = await App.BearerAsync("sys");
        var again = await api.PostAsJsonAsync("/api/v1/setup", new { orgName = "另一个党委", orgAdminUserName = "a1", orgAdminDisplayName = "甲", securityAdminUserName = "a2", auditAdminUserName = "a3" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await App.ScalarAsync("SELECT count(*) FROM organizations")).ShouldBe(1);
    }

    [Fact]
    public async Task The_setup_over_the_API_answers_field_errors_and_only_the_system_administrator_may_call_it()
    {
        await EmptyTreeAsync();
        var api = await App.BearerAsync("sys");
        var bad = await api.PostAsJsonAsync("/api/v1/setup", new { orgName = "", orgAdminUserName = "ok1", orgAdminDisplayName = "甲", securityAdminUserName = "ok2", auditAdminUserName = "含空 格" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await bad.Content.ReadAsStringAsync();
        body.ShouldContain("orgName");
        body.ShouldContain("auditAdminUserName");

        var sec = await App.BearerAsync("sec");
        (await sec.PostAsJsonAsync("/api/v1/setup", new { orgName = "党委" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var ok = await api.PostAsJsonAsync("/api/v1/setup", new { orgName = "某局机关党委", orgAdminUserName = "ok1", orgAdminDisplayName = "甲", securityAdminUserName = "ok2", auditAdminUserName = "ok3" });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        (await ok.Content.ReadAsStringAsync()).ShouldContain("oneTimePassword");
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'organizations' AND action = 'create' AND actor_name = 'sys'")).ShouldBe(1);
    }

    [GeneratedRegex(@"<code class=""fs-6"">([^<]+)</code>")]
    private static partial Regex PasswordOf();
}
