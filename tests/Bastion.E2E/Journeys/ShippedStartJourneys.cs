using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>Started once for the class: <c>./bastion demo</c> as the README's Quick start runs it.</summary>
public sealed class ShippedDemo : IAsyncLifetime
{
    public ShippedPlatform Platform { get; private set; } = null!;
    public async Task InitializeAsync() => Platform = await ShippedPlatform.StartDemoAsync();
    public async Task DisposeAsync()
    {
        if (Platform is not null) await Platform.DisposeAsync();
    }
}

/// <summary>
/// The platform as a new user gets it (issue 11): started by the README's command in Production, not through the test
/// host, and used by each demo role in Chromium with its ordinary headers (Accept-Encoding included). Fails on an
/// empty or missing asset, an unstyled page, a script error, or a menu link that answers 4xx/5xx.
/// </summary>
public sealed class ShippedStartJourneys(E2EFixture app, ShippedDemo demo) : JourneyTest(app), IClassFixture<ShippedDemo>
{
    public static TheoryData<string> Accounts => new(["admin", "secadmin", "auditor", "org", "inspector", "jijian", "secretary", "member"]);

    [Fact]
    public void The_first_start_says_what_it_is_doing_in_Chinese_and_prints_no_framework_warnings()
    {
        var output = demo.Platform.Output;
        output.ShouldContain("正在编译");
        output.ShouldContain("正在准备数据库");
        output.ShouldContain("正在导入演示数据");
        output.ShouldContain("演示账号 / demo accounts");
        output.ShouldContain("Hosting environment: Production");
        output.ShouldNotContain("Static Web Assets are not enabled");
        demo.Platform.Problems().ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Accounts))]
    public Task Each_role_gets_a_styled_working_site_and_every_menu_link_opens(string account) => JourneyOnAsync(demo.Platform.BaseUrl, async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), account);
        await ShippedChecks.AssertStyledAndScriptedAsync(page);
        await j.ScreenshotAsync(page, "home");

        await ShippedChecks.AssertEveryMenuLinkOpensAsync(page, account);
    }, variant: account);

    [Fact]
    public Task The_secretary_on_a_phone_gets_the_styled_menu() => JourneyOnAsync(demo.Platform.BaseUrl, async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "secretary");
        await ShippedChecks.AssertStyledAndScriptedAsync(page);
        // the phone menu is a Bootstrap offcanvas: it opens only when bootstrap.bundle.min.js arrived and ran
        await new ShellPage(page).OpenPhoneMenuAsync();
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(375);
        await j.ScreenshotAsync(page, "menu");
    }, Screen.Phone);
}

/// <summary>Started once for the class: <c>dotnet publish</c>, then <c>dotnet Bastion.dll</c> in the published folder.</summary>
public sealed class ShippedPublished : IAsyncLifetime
{
    public ShippedPlatform Platform { get; private set; } = null!;
    public async Task InitializeAsync() => Platform = await ShippedPlatform.StartPublishedAsync();
    public async Task DisposeAsync()
    {
        if (Platform is not null) await Platform.DisposeAsync();
    }
}

public sealed class ShippedPublishedJourneys(E2EFixture app, ShippedPublished published) : JourneyTest(app), IClassFixture<ShippedPublished>
{
    [Fact]
    public Task The_published_output_serves_a_styled_site_to_the_initial_administrator() => JourneyOnAsync(published.Platform.BaseUrl, async j =>
    {
        var page = await j.NewSessionAsync();
        await new LoginPage(page).OpenAsync();
        await ShippedChecks.AssertStyledAndScriptedAsync(page, signedIn: false);
        await LoginPage.SignInAsAsync(page, "admin", ShippedPlatform.AdminPassword);
        await ShippedChecks.AssertStyledAndScriptedAsync(page);
        await j.ScreenshotAsync(page, "home");

        // every menu entry of a fresh install opens (no organization yet: pages that need one lead to the 工作台)
        await ShippedChecks.AssertEveryMenuLinkOpensAsync(page, "admin (fresh install)");
        await page.GotoAsync("/Admin/Users");

        // a fresh install has one account and no organization: the administrator is led to 首次设置
        await page.NavigatesByAsync(() => page.Locator("#setup-needed a").ClickAsync());
        await page.Locator("#OrgName").FillAsync("某集团有限公司党委");
        await page.Locator("#OrgAdminUserName").FillAsync("zuzhibu");
        await page.Locator("#OrgAdminDisplayName").FillAsync("张组织");
        await j.ScreenshotAsync(page, "setup-form");
        await page.NavigatesByAsync(() => page.Locator("#setup-submit").ClickAsync());
        await Expect(page.Locator("#setup-accounts tbody tr")).ToHaveCountAsync(3);
        var password = (await page.Locator("#setup-accounts tbody tr", new() { HasText = "zuzhibu" }).Locator("code").InnerTextAsync()).Trim();
        await j.ScreenshotAsync(page, "setup-done");

        // the new 党委管理员 signs in, changes the one-time password and lands on the new 党委's 工作台
        var orgAdmin = await j.NewSessionAsync();
        await LoginPage.SignInAsAsync(orgAdmin, "zuzhibu", password);
        new Uri(orgAdmin.Url).AbsolutePath.ShouldBe(ChangePasswordPage.Path);
        await ShippedChecks.AssertStyledAndScriptedAsync(orgAdmin, signedIn: false);
        published.Platform.Output.ShouldContain("Hosting environment: Production");
        published.Platform.Problems().ShouldBeEmpty();
    });
}

public static class ShippedChecks
{
    /// <summary>The logo, 首页 and every menu entry of the page: each answers 2xx (after redirects) and is styled.</summary>
    public static async Task AssertEveryMenuLinkOpensAsync(IPage page, string who)
    {
        var links = await page.EvaluateAsync<string[]>("""
            () => [...new Set([...document.querySelectorAll('a.navbar-brand, #main-menu a.nav-link, .breadcrumb a')]
                .map(a => a.getAttribute('href')).filter(h => h && h.startsWith('/')))]
            """);
        links.ShouldNotBeEmpty();
        foreach (var href in links)
        {
            var response = await page.GotoAsync(href);
            response.ShouldNotBeNull();
            response.Status.ShouldBeLessThan(400, $"{who}: {href} answered {response.Status}");
            await AssertStyledAndScriptedAsync(page);
        }
    }

    /// <summary>
    /// Every stylesheet and script of the page, fetched again as a browser asks for it (with Accept-Encoding), is
    /// non-empty; every stylesheet has rules; Bootstrap's variables apply; htmx and Bootstrap's script are loaded.
    /// </summary>
    public static async Task AssertStyledAndScriptedAsync(IPage page, bool signedIn = true)
    {
        var assets = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('link[rel=stylesheet][href], script[src]')].map(e => e.href || e.src)
            """);
        assets.ShouldNotBeEmpty();
        foreach (var url in assets)
        {
            var r = await page.Context.APIRequest.GetAsync(url, new()
            {
                Headers = new Dictionary<string, string> { ["Accept-Encoding"] = "gzip, deflate, br, zstd" },
            });
            r.Status.ShouldBe(200, url);
            (await r.BodyAsync()).Length.ShouldBeGreaterThan(0, $"{url} arrived empty");
        }
        var state = await page.EvaluateAsync<bool[]>("""
            () => [
              [...document.styleSheets].every(s => s.cssRules.length > 0),
              getComputedStyle(document.body).getPropertyValue('--bs-body-font-family').trim() !== '',
              typeof window.bootstrap !== 'undefined',
              typeof window.htmx !== 'undefined',
            ]
            """);
        state[0].ShouldBeTrue($"a stylesheet of {page.Url} has no rules");
        state[1].ShouldBeTrue($"Bootstrap's styles do not apply on {page.Url}");
        state[2].ShouldBeTrue($"Bootstrap's script did not load on {page.Url}");
        if (signedIn) state[3].ShouldBeTrue($"htmx did not load on {page.Url}");
        if (signedIn) await Expect(new ShellPage(page).Menu).ToHaveCountAsync(1);
    }
}
