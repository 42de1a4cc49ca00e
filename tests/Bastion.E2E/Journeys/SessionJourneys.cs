using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

public sealed class SessionJourneys(E2EFixture app) : JourneyTest(app)
{
    [Fact]
    public Task The_administrator_sees_an_accounts_sessions_and_ends_them_all_which_signs_its_browser_out() => JourneyAsync(async j =>
    {
        // the account's own browser, signed in (E2EFixture.SessionAccount is used by no other journey)
        var member = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), E2EFixture.SessionAccount);
        await member.GotoAsync("/Me");
        new Uri(member.Url).AbsolutePath.ShouldBe("/Me");

        // the 系统管理员 finds the account in 账号管理 and opens its sessions
        var admin = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "admin");
        await admin.GotoAsync("/Admin/Users");
        var row = admin.Locator("tr", new() { HasText = E2EFixture.SessionAccount });
        await row.Locator("a", new() { HasText = "会话" }).ClickAsync();
        await Expect(admin.Locator("h1")).ToContainTextAsync("登录会话");
        await Expect(admin.Locator("#sessions tbody tr")).Not.ToHaveCountAsync(0);
        await Expect(admin.Locator("#sessions tbody")).Not.ToContainTextAsync("没有活动会话");
        await j.ScreenshotAsync(admin, "sessions-desktop");

        // the same page on a phone
        var phone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "admin");
        await phone.GotoAsync(admin.Url);
        await Expect(phone.Locator("#end-sessions")).ToBeVisibleAsync();
        await j.ScreenshotAsync(phone, "sessions-phone");

        // ending them asks first; declining changes nothing
        EventHandler<IDialog> dismiss = (_, d) => d.DismissAsync();
        admin.Dialog += dismiss;
        await admin.Locator("#end-sessions").ClickAsync();
        await Expect(admin.Locator("#sessions-message")).ToHaveCountAsync(0);
        await member.GotoAsync("/Me");
        new Uri(member.Url).AbsolutePath.ShouldBe("/Me");

        admin.Dialog -= dismiss;
        admin.Dialog += (_, d) => d.AcceptAsync();
        await admin.NavigatesByAsync(() => admin.Locator("#end-sessions").ClickAsync());
        await Expect(admin.Locator("#sessions-message")).ToBeVisibleAsync();
        await Expect(admin.Locator("#sessions tbody")).ToContainTextAsync("没有活动会话");
        await j.ScreenshotAsync(admin, "sessions-ended");

        // the account's browser is signed out at its next step
        await member.GotoAsync("/Me");
        new Uri(member.Url).AbsolutePath.ShouldBe(LoginPage.Path);
        await j.ScreenshotAsync(member, "member-signed-out");
    });
}
