using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>
/// The development pages as a branch secretary and the 党委 use them on the demo's data: the 支部大会 roster for 转正 on
/// a phone (全部到会 and 全部赞成, wide reason fields, no scroll box), a date edit without its reason stopped before the
/// confirmation, a 党委's step that shows who records it instead of a form, and the queue's 预备期满 tab with the demo's
/// 预备党员 (the tabs wrap on a phone).
/// </summary>
public sealed class DevelopmentPolishJourneys(E2EFixture app) : JourneyTest(app)
{
    [Theory]
    [InlineData(Screen.Desktop)]
    [InlineData(Screen.Phone)]
    public Task The_secretary_fills_the_confirmation_meeting_roster_with_all_present_and_all_for_and_an_edit_needs_its_reason_first(Screen screen) => JourneyAsync(async j =>
    {
        var shot = screen == Screen.Phone ? "phone" : "desktop";
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(screen), "secretary");
        await page.NavigatesByAsync(() => page.GotoAsync(DevelopmentBoardPage.Path + "?q=吴承泽"));
        await page.NavigatesByAsync(() => new DevelopmentBoardPage(page).Card("吴承泽").First.ClickAsync());
        var caseUrl = new Uri(page.Url).AbsolutePath;
        var c = new DevelopmentCasePage(page);
        await Expect(c.State).ToHaveTextAsync("预备党员");
        await Expect(page.Locator("#probation-ends")).ToBeVisibleAsync();
        await Expect(c.Timeline).ToContainTextAsync("集团党委组织部"); // the 党委's steps by the account's name, not its login
        await Expect(c.Timeline).Not.ToContainTextAsync("demo");

        // the 转正 支部大会 (step 23): one line per member, 全部到会 ticks them all, 全部赞成 counts the present voters
        await page.NavigatesByAsync(() => page.GotoAsync(caseUrl + "?step=23"));
        var lines = page.Locator("#meeting-roster .roster-line");
        var count = await lines.CountAsync();
        count.ShouldBeGreaterThan(20);
        await page.Locator("#all-present").ClickAsync();
        (await page.Locator("#meeting-roster .roster-present:checked").CountAsync()).ShouldBe(count);
        await page.Locator("#all-for").ClickAsync();
        var voters = await page.Locator("#meeting-roster .roster-line[data-voting='1']").CountAsync();
        await Expect(page.Locator("#VotesFor")).ToHaveValueAsync(voters.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#roster-summary")).ToContainTextAsync($"已勾选到会{count}人");
        var reason = lines.First.Locator("input[name^='Input.ExclusionReasons']");
        (await reason.BoundingBoxAsync())!.Width.ShouldBeGreaterThan(screen == Screen.Phone ? 200 : 150, "the reason field is wide enough to type in");
        (await page.Locator("#meeting-roster").EvaluateAsync<bool>("e => e.scrollHeight <= e.clientHeight + 1")).ShouldBeTrue("the roster is not a scroll box");
        await j.ScreenshotAsync(page, shot + "-roster");
        if (screen == Screen.Phone) (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the roster scrolls sideways on a phone");

        // a 党委's step: who records it, no form
        await page.NavigatesByAsync(() => page.GotoAsync(caseUrl + "?step=24"));
        await Expect(page.Locator("#committee-step")).ToContainTextAsync("由上级党委");
        await Expect(page.Locator("#step-form")).ToHaveCountAsync(0);
        await j.ScreenshotAsync(page, shot + "-committee-step");

        // a date edit without its reason is stopped before the confirmation
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        var edit = page.Locator("#timeline .edit-date-form").First;
        await page.Locator("#timeline details summary", new() { HasText = "修改日期" }).First.ClickAsync();
        await edit.Locator("button[type='submit']").ClickAsync();
        await Expect(edit.Locator(".edit-reason-missing")).ToBeVisibleAsync();
        await Expect(edit.Locator(".edit-reason-missing")).ToHaveTextAsync("修改日期须说明原因");
        dialogs.ShouldBe(0);
        await j.ScreenshotAsync(page, shot + "-edit-noreason");
    }, screen);

    [Theory]
    [InlineData(Screen.Desktop)]
    [InlineData(Screen.Phone)]
    public Task The_committee_sees_the_demo_probationer_near_the_end_of_probation_in_its_queue(Screen screen) => JourneyAsync(async j =>
    {
        var shot = screen == Screen.Phone ? "phone" : "desktop";
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(screen), "org");
        await page.NavigatesByAsync(() => page.GotoAsync(DevelopmentQueuePage.Path));
        var queue = new DevelopmentQueuePage(page);
        foreach (var tab in await page.Locator("#queue-tabs a").AllAsync())
        {
            var box = (await tab.BoundingBoxAsync())!;
            (box.X + box.Width).ShouldBeLessThanOrEqualTo(screen == Screen.Phone ? 375 : 1366, "every tab is on screen");
        }
        await Expect(page.Locator("#queue")).Not.ToContainTextAsync("由上级党委办理");
        await j.ScreenshotAsync(page, shot + "-queue");
        await queue.TabAsync("probation");
        await Expect(queue.Row("吴承泽")).ToHaveCountAsync(1);
        await Expect(queue.Row("郑雅琴")).ToHaveCountAsync(0);
        await j.ScreenshotAsync(page, shot + "-queue-probation");
    }, screen);
}
