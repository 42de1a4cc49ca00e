using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>
/// What the demo shows of 发展党员 转接 and of a failed 支部大会 (read only, the demo's cases stay as seeded): the secretary
/// of 一采区党支部 finds 蒋思齐's 转出 from 熔炼二工段党支部 waiting in 待接收的发展对象转入; the 集团 党委 sees the case as
/// 转接中 on the board and in its own queue tab, outside the overdue tab; 韩明轩's timeline keeps the 支部大会 that did not
/// pass before the one that did (desktop and phone).
/// </summary>
public sealed class DevelopmentDemoJourneys(E2EFixture app) : JourneyTest(app)
{
    [Theory]
    [InlineData(Screen.Desktop)]
    [InlineData(Screen.Phone)]
    public Task The_demo_shows_a_transfer_waiting_for_the_secretary_and_a_failed_vote_on_the_timeline(Screen screen) => JourneyAsync(async j =>
    {
        var shot = screen == Screen.Phone ? "phone" : "desktop";
        var secretary = await LoginPage.SignInAsAsync(await j.NewSessionAsync(screen), "secretary");
        await secretary.NavigatesByAsync(() => secretary.GotoAsync("/Development"));
        await Expect(secretary.Locator("#incoming-count")).ToBeVisibleAsync();
        await secretary.NavigatesByAsync(() => secretary.Locator("#open-transfers").ClickAsync());
        var card = secretary.Locator(".dev-transfer", new() { HasText = "蒋思齐" });
        await Expect(card).ToContainTextAsync("熔炼二工段党支部 → 一采区党支部");
        await Expect(card.Locator(".accept-transfer")).ToBeVisibleAsync();
        await j.ScreenshotAsync(secretary, shot + "-demo-incoming");

        var org = await LoginPage.SignInAsAsync(await j.NewSessionAsync(screen), "org");
        await org.NavigatesByAsync(() => org.GotoAsync(DevelopmentBoardPage.Path + "?q=蒋思齐"));
        var moving = new DevelopmentBoardPage(org).Card("蒋思齐");
        await Expect(moving).ToContainTextAsync("转接中 · 待一采区党支部接收");
        await Expect(moving).Not.ToContainTextAsync("下一步");
        await j.ScreenshotAsync(org, shot + "-demo-board-transferring");

        await org.NavigatesByAsync(() => org.GotoAsync(DevelopmentQueuePage.Path));
        var queue = new DevelopmentQueuePage(org);
        await queue.TabAsync("overdue");
        await Expect(queue.Row("蒋思齐")).ToHaveCountAsync(0);
        await queue.TabAsync("transferring");
        await Expect(queue.Row("蒋思齐")).ToContainTextAsync("转接中 · 待一采区党支部接收");
        await Expect(queue.Row("蒋思齐").Locator("a", new() { HasText = "办理" })).ToHaveCountAsync(0);
        await j.ScreenshotAsync(org, shot + "-demo-queue-transferring");

        await org.NavigatesByAsync(() => org.GotoAsync(DevelopmentBoardPage.Path + "?q=韩明轩"));
        await org.NavigatesByAsync(() => new DevelopmentBoardPage(org).Card("韩明轩").First.ClickAsync());
        var c = new DevelopmentCasePage(org);
        await Expect(c.State).ToHaveTextAsync("预备党员待审批");
        var meetings = c.Timeline.Locator(".dev-step[data-step='15']");
        await Expect(meetings).ToHaveCountAsync(2);
        await Expect(meetings.First).ToContainTextAsync("未通过");
        await Expect(meetings.Last).Not.ToContainTextAsync("未通过");
        await Expect(c.Next).ToContainTextAsync("第16步");
        await meetings.First.ScrollIntoViewIfNeededAsync();
        await j.ScreenshotAsync(org, shot + "-demo-failed-vote");
    }, screen);
}
