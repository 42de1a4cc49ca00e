using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>双因素认证: opening the page makes no authenticator key; 开始设置 makes one, and looking again shows the same one.</summary>
public sealed class TwoFactorJourneys(E2EFixture app) : JourneyTest(app)
{
    [Theory]
    [InlineData("xuncha1", Screen.Desktop)]
    [InlineData("xuncha2", Screen.Phone)]
    public Task Opening_the_page_makes_no_key_and_the_start_button_does(string account, Screen screen) => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), account);
        await page.NavigatesByAsync(() => page.GotoAsync(TwoFactorPage.Path));
        var twoFactor = new TwoFactorPage(page);
        await Expect(twoFactor.Status).ToHaveTextAsync("未启用");
        await Expect(twoFactor.Qr).ToHaveCountAsync(0);
        await Expect(twoFactor.Key).ToHaveCountAsync(0);
        await Expect(twoFactor.Start).ToHaveTextAsync("开始设置");
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(screen == Screen.Phone ? 376 : 1366);
        await j.ScreenshotAsync(page, "before-start");
        // looking twice still makes nothing
        await page.NavigatesByAsync(() => page.ReloadAsync());
        await Expect(twoFactor.Start).ToBeVisibleAsync();

        await page.NavigatesByAsync(() => twoFactor.Start.ClickAsync());
        await twoFactor.ExpectQrShownAsync();
        var key = await twoFactor.Key.InnerTextAsync();
        await Expect(twoFactor.Form).ToBeVisibleAsync();
        await j.ScreenshotAsync(page, "after-start");
        await page.NavigatesByAsync(() => page.ReloadAsync());
        await Expect(twoFactor.Key).ToHaveTextAsync(key);
    }, screen, account);
}
