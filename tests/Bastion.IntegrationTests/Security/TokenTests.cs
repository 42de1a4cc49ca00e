using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Features.Tokens;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Security;

public sealed class TokenTests(AppFactory app) : AppTest(app)
{
    private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task A_token_is_issued_for_good_credentials_and_opens_the_api()
    {
        var r = await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = "orgadmin", password = AppFactory.Password });
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await Json(r);
        var token = body.GetProperty("token").GetString()!;
        var expires = body.GetProperty("expiresAt").GetDateTimeOffset();
        (expires - DateTimeOffset.UtcNow).TotalHours.ShouldBeInRange(7.9, 8.01);
        (await App.ScalarAsync($"SELECT count(*) FROM api_tokens WHERE token_hash = '{Bastion.Security.BearerTokens.Hash(token)}'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM api_tokens WHERE token_hash = '{token}'")).ShouldBe(0, "only the hash is stored");
        var c = App.Client();
        c.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = await Json(await c.GetAsync("/api/v1/me"));
        me.GetProperty("userName").GetString().ShouldBe("orgadmin");
        me.GetProperty("grants")[0].GetProperty("roleName").GetString().ShouldBe("党委管理员");
    }

    [Fact]
    public async Task Wrong_credentials_and_missing_fields_get_chinese_problem_details()
    {
        var wrong = await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = "orgadmin", password = "Wrong@123" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        wrong.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await Json(wrong)).GetProperty("detail").GetString().ShouldBe("用户名或密码错误。");

        var missing = await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = "" });
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var p = await Json(missing);
        p.GetProperty("title").GetString().ShouldBe("提交的数据有误");
        p.GetProperty("errors").GetProperty("userName")[0].GetString().ShouldBe("请输入用户名");
        p.GetProperty("errors").GetProperty("password")[0].GetString().ShouldBe("请输入密码");
    }

    [Fact]
    public async Task Expired_and_revoked_tokens_get_401_problem_details()
    {
        var c = await App.BearerAsync("orgadmin");
        (await c.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await c.DeleteAsync("/api/v1/tokens/current")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var revoked = await c.GetAsync("/api/v1/me");
        revoked.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Json(revoked)).GetProperty("title").GetString().ShouldBe("未登录或登录已失效");
        (await Json(revoked)).GetProperty("detail").GetString()!.ShouldContain("撤销");

        var e = await App.BearerAsync("orgadmin");
        await App.ExecAsync("UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE revoked_at IS NULL");
        var expired = await e.GetAsync("/api/v1/me");
        expired.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Json(expired)).GetProperty("detail").GetString()!.ShouldContain("过期");

        var junk = App.Client();
        junk.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
        (await junk.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_requests_are_rate_limited_per_account()
    {
        for (var i = 0; i < IssueToken.PerAccount; i++)
            await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = "ghost", password = "Wrong@123" });
        var r = await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = "ghost", password = "Wrong@123" });
        r.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await Json(r)).GetProperty("title").GetString().ShouldBe("请求过于频繁");
        // another account still gets its token while the address is under its own budget
        var other = await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = "orgadmin", password = AppFactory.Password });
        other.StatusCode.ShouldBe(HttpStatusCode.OK);
        // past the per-address budget every account from that address waits
        for (var i = 0; i < IssueToken.PerIp; i++)
            await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = $"ghost{i}", password = "Wrong@123" });
        var limited = await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = "orgadmin", password = AppFactory.Password });
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task Api_lockout_applies_after_five_wrong_passwords()
    {
        for (var i = 0; i < 5; i++) await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = "insp", password = "Wrong@123" });
        var r = await App.Client().PostAsJsonAsync("/api/v1/tokens", new { userName = "insp", password = AppFactory.Password });
        r.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Json(r)).GetProperty("detail").GetString()!.ShouldContain("锁定");
    }
}
