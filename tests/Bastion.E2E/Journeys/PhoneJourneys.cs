using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

public sealed class PhoneJourneys(E2EFixture app) : JourneyTest(app)
{
    private const int PhoneWidth = 375;

    [Fact]
    public Task On_a_phone_the_menu_hides_behind_a_button_and_nothing_overflows() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "org");
        var shell = new ShellPage(page);
        var dashboard = new DashboardPage(page);

        await Expect(dashboard.Title).ToHaveTextAsync("集团公司党委");
        await dashboard.ExpectTreeRenderedAsync();
        await Expect(shell.Sidebar).ToBeHiddenAsync();
        await Expect(shell.MenuButton).ToBeVisibleAsync();
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "the dashboard scrolls sideways on a phone");
        await j.ScreenshotAsync(page, "dashboard");

        await shell.OpenPhoneMenuAsync();
        await Expect(shell.MenuLinks.Filter(new() { HasText = "组织架构" })).ToBeVisibleAsync();
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "the open menu makes the page scroll sideways");
        await j.ScreenshotAsync(page, "menu-open");

        // the menu works: tapping an entry opens that page
        await page.NavigatesByAsync(() => shell.MenuLinks.Filter(new() { HasText = "组织架构" }).TapAsync());
        new Uri(page.Url).AbsolutePath.ShouldBe("/Organizations");
        await Expect(shell.Sidebar).ToBeHiddenAsync();
        await j.ScreenshotAsync(page, "organizations");
    }, Screen.Phone);

    [Fact]
    public Task The_login_page_fits_a_phone() => JourneyAsync(async j =>
    {
        var page = await j.NewSessionAsync();
        var login = await new LoginPage(page).OpenAsync();

        await Expect(login.UserName).ToBeVisibleAsync();
        await Expect(login.Submit).ToBeInViewportAsync();
        (await login.Submit.BoundingBoxAsync()).ShouldNotBeNull().Width.ShouldBeLessThanOrEqualTo(PhoneWidth);
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "the login page scrolls sideways on a phone");
        await Expect(new ShellPage(page).MenuButton).ToHaveCountAsync(0);
        await j.ScreenshotAsync(page, "login");
    }, Screen.Phone);
}
