using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>The switcher's search box: finds an organization of the account's scope by name, with the keyboard, on a desktop and a phone.</summary>
public sealed class OrgSwitcherSearchJourneys(E2EFixture app) : JourneyTest(app)
{
    [Theory]
    [InlineData(Screen.Desktop)]
    [InlineData(Screen.Phone)]
    public Task Searching_the_switcher_by_name_finds_a_branch_chosen_with_the_keyboard(Screen screen) => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "org");
        var shell = new ShellPage(page);
        var dashboard = new DashboardPage(page);
        await Expect(dashboard.Title).ToHaveTextAsync("集团公司党委");
        (await shell.SelectedOrgAsync()).ShouldBe("集团公司党委");

        await shell.OpenOrgSwitcherAsync();
        await Expect(shell.OrgOptions.First).ToBeVisibleAsync();
        await shell.SearchOrgAsync("车间");
        var names = (await shell.OrgOptions.AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        names.ShouldNotBeEmpty();
        names.ShouldAllBe(n => n.Contains("车间"));
        await Expect(shell.OrgOption("电解车间党支部")).ToBeVisibleAsync();
        await Expect(shell.OrgOption("电解车间党支部")).ToContainTextAsync("冶炼厂党委"); // a result names its parent
        await j.ScreenshotAsync(page, "search-results");

        await shell.SearchOrgAsync("没有这个组织");
        await Expect(shell.OrgEmpty).ToHaveTextAsync("未找到组织");
        await Expect(shell.OrgOptions).ToHaveCountAsync(0);
        await j.ScreenshotAsync(page, "not-found");

        // keyboard only: type, ↓ to the first result, Enter
        await shell.SearchOrgAsync("电解车间");
        await Expect(shell.OrgOptions).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(shell.OrgOption("电解车间党支部")).ToBeFocusedAsync();
        await page.NavigatesByAsync(() => page.Keyboard.PressAsync("Enter"));
        await Expect(dashboard.Title).ToHaveTextAsync("电解车间党支部");
        (await shell.SelectedOrgAsync()).ShouldBe("电解车间党支部");

        // Escape closes the list again
        await shell.OpenOrgSwitcherAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(shell.OrgSearch).Not.ToBeVisibleAsync();
    }, screen, screen.ToString());
}
