using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

public sealed class ErrorPageJourneys(E2EFixture app) : JourneyTest(app)
{
    [Fact]
    public Task An_unknown_address_shows_the_Chinese_404_page() => JourneyAsync(async j =>
    {
        var page = await j.NewSessionAsync();

        var response = await page.GotoAsync("/does-not-exist");

        response.ShouldNotBeNull();
        response.Status.ShouldBe(404);
        var error = new ErrorPage(page);
        await Expect(error.Root).ToContainTextAsync("未找到");
        await Expect(error.Code).ToHaveTextAsync("404");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await j.ScreenshotAsync(page, "not-found");

        // the same for a signed-in account, inside the app
        await LoginPage.SignInAsAsync(page, "inspector");
        response = await page.GotoAsync("/does-not-exist");
        response.ShouldNotBeNull();
        response.Status.ShouldBe(404);
        await Expect(error.Root).ToContainTextAsync("未找到");
        await j.ScreenshotAsync(page, "not-found-signed-in");
    });
}
