using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

public sealed class OrgSwitcherJourneys(E2EFixture app) : JourneyTest(app)
{
    [Fact]
    public Task Choosing_the_smelter_committee_in_the_switcher_retitles_the_dashboard_and_sticks_on_reload() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "org");
        var shell = new ShellPage(page);
        var dashboard = new DashboardPage(page);
        await Expect(dashboard.Title).ToHaveTextAsync("集团公司党委");
        await Expect(shell.OrgSwitcher).ToBeVisibleAsync();

        await shell.SwitchOrgAsync("冶炼厂党委");

        new Uri(page.Url).AbsolutePath.ShouldBe("/");
        await Expect(dashboard.Title).ToHaveTextAsync("冶炼厂党委");
        (await shell.SelectedOrgAsync()).ShouldBe("冶炼厂党委");
        await dashboard.ExpectTreeRenderedAsync();
        await j.ScreenshotAsync(page, "switched");

        await page.ReloadAsync();
        await Expect(dashboard.Title).ToHaveTextAsync("冶炼厂党委");
        (await shell.SelectedOrgAsync()).ShouldBe("冶炼厂党委");

        // and when opened afresh from the address bar
        await page.GotoAsync("/");
        await Expect(dashboard.Title).ToHaveTextAsync("冶炼厂党委");
        await j.ScreenshotAsync(page, "after-reload");
    });
}
