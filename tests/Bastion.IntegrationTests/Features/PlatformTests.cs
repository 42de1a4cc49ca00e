using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

public sealed class PlatformTests(AppFactory app) : AppTest(app)
{
    [Fact]
    public async Task Health_endpoints_answer_anonymously_in_plain_json()
    {
        var c = App.Client();
        var live = await c.GetFromJsonAsync<JsonElement>("/health/live");
        live.GetProperty("status").GetString().ShouldBe("live");
        var ready = await c.GetAsync("/health/ready");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("database").GetString().ShouldBe("ok");
        body.GetProperty("migrations").GetString().ShouldBe("applied");
    }

    [Fact]
    public async Task Readiness_reports_pending_migrations()
    {
        await App.ExecAsync("SET session_replication_role = replica; UPDATE schema_migrations SET checksum = 'edited'; SET session_replication_role = origin;");
        try
        {
            var r = await App.Client().GetAsync("/health/ready");
            r.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("migrations").GetString().ShouldBe("pending");
        }
        finally
        {
            foreach (var m in Bastion.Data.MigrationRunner.Embedded())
                await App.ExecAsync($"UPDATE schema_migrations SET checksum = '{m.Checksum}' WHERE version = '{m.Version}'");
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var doc = await App.Client().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        doc.GetProperty("info").GetProperty("title").GetString().ShouldBe("堡垒智慧党建平台 API");
        var paths = doc.GetProperty("paths");
        paths.TryGetProperty("/api/v1/tokens", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/organizations/{id}", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task An_unknown_route_gets_the_chinese_404_page_and_the_api_a_problem()
    {
        var page = await App.Client().GetAsync("/no/such/page");
        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("未找到");
        html.ShouldContain("lang=\"zh-CN\"");
        var signedIn = await App.SignedInAsync("mem");
        (await (await signedIn.GetAsync("/no/such/page")).Content.ReadAsStringAsync()).ShouldContain("未找到");

        var api = await App.BearerAsync("mem");
        var r = await api.GetAsync("/api/v1/no-such-thing");
        r.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe("未找到");
        var missingOrg = await api.GetAsync("/api/v1/organizations/999999");
        missingOrg.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_or_body_is_not_reported_as_a_denial()
    {
        var api = await App.BearerAsync("orgadmin");
        (await api.GetAsync("/api/v1/tokens")).StatusCode.ShouldBeOneOf(HttpStatusCode.MethodNotAllowed, HttpStatusCode.NotFound);
        (await api.PostAsync($"/api/v1/members/import?org={World.A1.Id}", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode
            .ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var member = await App.BearerAsync("mem");
        (await member.PostAsync("/api/v1/members/import", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode
            .ShouldBe(HttpStatusCode.Forbidden, "a member may not import, whatever the body");
    }

    [Fact]
    public async Task Errors_never_show_a_stack_trace()
    {
        var c = await App.SignedInAsync("mem");
        var r = await c.GetAsync("/Error/500");
        r.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("服务器内部错误");
        html.ShouldNotContain("   at ");
        var forbidden = await c.GetAsync("/Admin/Users");
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await forbidden.Content.ReadAsStringAsync()).ShouldContain("没有权限");
    }

    [Fact]
    public async Task The_shell_shows_a_menu_for_the_role_a_breadcrumb_and_the_organization_switcher()
    {
        var c = await App.SignedInAsync("orgadmin");
        var html = await (await c.GetAsync("/Organizations")).Content.ReadAsStringAsync();
        html.ShouldContain("id=\"main-menu\"");
        html.ShouldContain("组织架构");
        html.ShouldNotContain("审计日志");
        html.ShouldContain("breadcrumb");
        html.ShouldContain("id=\"switch-org\"");
        html.ShouldContain(World.A1.Name);
        html.ShouldNotContain(World.B.Name, customMessage: "orgs outside the grant are not offered");

        var admin = await App.SignedInAsync("sys");
        var adminHtml = await (await admin.GetAsync("/")).Content.ReadAsStringAsync();
        adminHtml.ShouldContain("账号管理");
        adminHtml.ShouldNotContain("角色授权");
    }

    [Fact]
    public async Task Switching_organization_changes_the_scope_and_only_within_ones_own_subtree()
    {
        var c = await App.SignedInAsync("orgadmin");
        (await c.GetStringAsync("/")).ShouldContain($"id=\"dashboard-title\">{World.A.Name}");
        var r = await AppFactory.PostFormAsync(c, "/Shell/SwitchOrg", new() { ["orgId"] = World.A1.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["returnUrl"] = "/" }, "/");
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await c.GetStringAsync("/")).ShouldContain($"id=\"dashboard-title\">{World.A1.Name}");
        var outside = await AppFactory.PostFormAsync(c, "/Shell/SwitchOrg", new() { ["orgId"] = World.B.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["returnUrl"] = "/" }, "/");
        outside.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await c.GetStringAsync("/")).ShouldContain($"id=\"dashboard-title\">{World.A1.Name}");
    }

    [Fact]
    public async Task Dates_are_written_the_chinese_way()
    {
        var c = await App.SignedInAsync("orgadmin");
        var today = Bastion.Domain.ChineseDates.Date(DateTimeOffset.UtcNow);
        (await c.GetStringAsync("/")).ShouldContain("今天是 " + today);
        today.ShouldMatch(@"^\d{4}年\d{1,2}月\d{1,2}日$");
    }

    [Fact]
    public async Task The_bell_counts_unread_notifications_and_they_can_be_marked_read()
    {
        await App.WithDbAsync(async db =>
        {
            db.Notifications.Add(new Bastion.Domain.Notification { UserId = World.UserIds["mem"], Title = "请按时参加主题党日", CreatedAt = DateTimeOffset.UtcNow });
            db.Notifications.Add(new Bastion.Domain.Notification { UserId = World.UserIds["mem"], Title = "第二条", CreatedAt = DateTimeOffset.UtcNow });
            db.Notifications.Add(new Bastion.Domain.Notification { UserId = World.UserIds["orgadmin"], Title = "别人的通知", CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        var c = await App.SignedInAsync("mem");
        (await c.GetStringAsync("/Notifications/Bell")).ShouldContain(">2<");
        var list = await c.GetStringAsync("/Notifications");
        list.ShouldContain("请按时参加主题党日");
        list.ShouldNotContain("别人的通知");
        (await AppFactory.PostFormAsync(c, "/Notifications?handler=ReadAll", new(), "/Notifications")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await c.GetStringAsync("/Notifications/Bell")).ShouldNotContain("bell-badge");
    }

    [Fact]
    public async Task Security_headers_are_set_on_pages()
    {
        var r = await App.Client().GetAsync("/Account/Login");
        r.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
        r.Headers.GetValues("X-Frame-Options").ShouldContain("DENY");
    }
}
