using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

public sealed class SignInJourneys(E2EFixture app) : JourneyTest(app)
{
    [Fact]
    public Task Signing_in_as_org_lands_on_the_group_dashboard() => JourneyAsync(async j =>
    {
        var page = await j.NewSessionAsync();
        var login = await new LoginPage(page).OpenAsync();
        await j.ScreenshotAsync(page, "login");

        await login.SignInAsync("org", E2EFixture.DemoPassword);

        new Uri(page.Url).AbsolutePath.ShouldBe("/");
        var dashboard = new DashboardPage(page);
        await Expect(dashboard.Title).ToHaveTextAsync("集团公司党委");
        await Expect(page).ToHaveTitleAsync("工作台 - 堡垒智慧党建平台");
        await dashboard.ExpectTreeRenderedAsync();
        await Expect(dashboard.BarCanvas).ToBeVisibleAsync();

        var shell = new ShellPage(page);
        await Expect(shell.Sidebar).ToBeVisibleAsync();
        await Expect(shell.MenuButton).ToBeHiddenAsync();
        (await shell.SelectedOrgAsync()).ShouldBe("集团公司党委");
        await Expect(shell.UserMenu).ToContainTextAsync("集团党委组织部");
        // the bell (loaded by htmx) counts the unread notifications: at least the demo data's welcome, plus
        // whatever other journeys sharing this database have posted to org — the same number the list shows as new
        await Expect(shell.BellBadge).ToBeVisibleAsync();
        var count = int.Parse(System.Text.RegularExpressions.Regex.Match(await shell.BellBadge.InnerTextAsync(), @"\d+").Value, System.Globalization.CultureInfo.InvariantCulture);
        count.ShouldBeGreaterThanOrEqualTo(1);
        await j.ScreenshotAsync(page, "dashboard");
        await page.GotoAsync("/Notifications");
        await Expect(page.Locator("#notifications .badge", new() { HasText = "新" })).ToHaveCountAsync(count);
    });

    [Fact]
    public Task A_wrong_password_shows_the_generic_message_and_stays_on_the_login_page() => JourneyAsync(async j =>
    {
        var page = await j.NewSessionAsync();
        var login = await new LoginPage(page).OpenAsync();

        await login.SignInAsync("inspector", "Wrong@Pass2026");
        login.IsCurrent.ShouldBeTrue();
        await Expect(login.Error).ToHaveTextAsync("用户名或密码错误");
        await Expect(login.UserName).ToHaveValueAsync("inspector");
        await Expect(login.Password).ToHaveValueAsync("");
        await j.ScreenshotAsync(page, "wrong-password");

        // an unknown user name gets exactly the same answer: nothing tells which accounts exist
        await login.SignInAsync("no-such-user", "Wrong@Pass2026");
        login.IsCurrent.ShouldBeTrue();
        await Expect(login.Error).ToHaveTextAsync("用户名或密码错误");
        (await page.Context.CookiesAsync()).ShouldNotContain(c => c.Name == "bastion.auth");
    });

    [Fact]
    public Task Five_wrong_passwords_lock_the_account_even_against_the_right_password() => JourneyAsync(async j =>
    {
        // E2EFixture.LockoutAccount is signed in by no other test: locking a demo account would break them.
        var page = await j.NewSessionAsync();
        var login = await new LoginPage(page).OpenAsync();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await login.SignInAsync(E2EFixture.LockoutAccount, $"Wrong@Pass{attempt}");
            login.IsCurrent.ShouldBeTrue();
            await Expect(login.Error).ToHaveTextAsync("用户名或密码错误");
        }

        // the fifth failure reaches the limit: the app already answers with the lockout message
        await login.SignInAsync(E2EFixture.LockoutAccount, "Wrong@Pass5");
        await Expect(login.Error).ToContainTextAsync("锁定");

        // the sixth attempt, now with the right password, is refused too
        await login.SignInAsync(E2EFixture.LockoutAccount, E2EFixture.DemoPassword);
        login.IsCurrent.ShouldBeTrue();
        await Expect(login.Error).ToContainTextAsync("账号已锁定");
        (await page.Context.CookiesAsync()).ShouldNotContain(c => c.Name == "bastion.auth");
        await j.ScreenshotAsync(page, "locked");

        // and the account stays locked for a fresh session
        await page.GotoAsync("/");
        login.IsCurrent.ShouldBeTrue();
    });
}
