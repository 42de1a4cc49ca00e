using Bastion.Domain;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>
/// 发展党员: a branch secretary opens a case and moves the person through the first steps, the 党委 files its 备案, and
/// the 12-month gate refuses 确定发展对象 with the earliest date beside the date field (desktop and phone); the 党委's
/// administrator works the 备案 queue. Dates are counted back from today, so the gate holds on any day the suite runs.
/// </summary>
public sealed class DevelopmentJourneys(E2EFixture app) : JourneyTest(app)
{
    private static DateOnly Today => TimeProvider.System.Today();
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Opens a case through the form as the secretary, from the board; returns the case page.</summary>
    private static async Task<DevelopmentCasePage> OpenCaseAsync(IPage page, Journey j, string name, string idNumber, DateOnly applied, string shot)
    {
        await page.NavigatesByAsync(() => page.GotoAsync(DevelopmentBoardPage.Path));
        var board = new DevelopmentBoardPage(page);
        await j.ScreenshotAsync(page, shot + "-board-before");
        await page.NavigatesByAsync(() => board.NewCase.ClickAsync());
        var form = new DevelopmentCreatePage(page);
        // a wrong checksum is refused beside the field
        await form.SubmitAsync(name, idNumber[..^1] + (idNumber[^1] == '1' ? "2" : "1"), applied);
        await Expect(form.Error("idNumber")).ToContainTextAsync("校验");
        await j.ScreenshotAsync(page, shot + "-checksum");
        await form.SubmitAsync(name, idNumber, applied);
        var c = new DevelopmentCasePage(page);
        await Expect(c.Name).ToHaveTextAsync(name);
        await Expect(c.Next).ToContainTextAsync("第2步 党组织派人谈话");
        return c;
    }

    [Theory]
    [InlineData(Screen.Desktop)]
    [InlineData(Screen.Phone)]
    public Task A_branch_secretary_moves_an_applicant_through_the_steps_and_is_refused_at_the_twelve_month_gate_with_the_date(Screen screen) => JourneyAsync(async j =>
    {
        var shot = screen == Screen.Phone ? "phone" : "desktop";
        var name = screen == Screen.Phone ? "周手机" : "吴桌面";
        var idNumber = ChineseIdNumber.Compose("110105", new DateOnly(1999, 4, screen == Screen.Phone ? 12 : 11), 321);
        var applied = Today.AddMonths(-5);
        var activist = applied.AddMonths(1);

        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(screen), "secretary");
        var c = await OpenCaseAsync(page, j, name, idNumber, applied, shot);
        await j.ScreenshotAsync(page, shot + "-opened");

        await c.RecordAsync("2", applied.AddDays(7), p => p.Locator("#Talker").FillAsync("支部书记"));
        await Expect(c.Timeline).ToContainTextAsync("谈话人：支部书记");
        await c.RecordAsync("3", activist, p => p.Locator("#Recommendation").SelectOptionAsync("党员推荐"));
        await Expect(c.State).ToHaveTextAsync("入党积极分子");
        await Expect(c.Next).ToContainTextAsync("由上级党委办理");
        var caseUrl = new Uri(page.Url).AbsolutePath;

        // the 党委 files the 备案 (step 4) on its side
        var committee = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "org");
        await committee.NavigatesByAsync(() => committee.GotoAsync(caseUrl + "?step=4"));
        await new DevelopmentCasePage(committee).RecordAsync("4", activist.AddDays(3));
        await Expect(new DevelopmentCasePage(committee).Done).ToBeVisibleAsync();

        // back with the secretary: 培养联系人 from the roster, a 考察 record, then 确定发展对象 too early
        await page.NavigatesByAsync(() => page.GotoAsync(caseUrl));
        await c.ChooseStepAsync("5");
        await page.Locator("#On").FillAsync(Iso(activist.AddDays(5)));
        await page.Locator("#member-picker .form-check", new() { HasText = "正式党员" }).First.Locator("input").CheckAsync();
        await j.ScreenshotAsync(page, shot + "-contact");
        await page.NavigatesByAsync(() => page.Locator("#save-step").ClickAsync());
        await Expect(c.Timeline).ToContainTextAsync("培养联系人：");
        await c.RecordAsync("6", activist.AddMonths(2), p => p.Locator("#Note").FillAsync("思想汇报按时，表现积极"));
        await Expect(c.Timeline).ToContainTextAsync("思想汇报按时，表现积极");

        var earliest = Iso(activist.AddMonths(12));
        await c.RecordAsync("7", Today);
        await Expect(c.DateError).ToHaveTextAsync($"培养考察未满一年，最早可于{earliest}确定");
        await Expect(c.EarliestOn).ToHaveCountAsync(0); // the message gives the date: not printed twice
        await Expect(page.Locator("#On")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-invalid"));
        await j.ScreenshotAsync(page, shot + "-refused");
        if (screen == Screen.Phone) (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the case page scrolls sideways on a phone");

        // the board shows the person in the 积极分子 column (desktop) or under the stage tab (phone)
        await page.NavigatesByAsync(() => page.GotoAsync(DevelopmentBoardPage.Path));
        var board = new DevelopmentBoardPage(page);
        if (screen == Screen.Phone)
        {
            await Expect(board.StageTabs).ToBeVisibleAsync();
            await page.NavigatesByAsync(() => board.StageTabs.Locator("a", new() { HasText = "入党积极分子" }).ClickAsync());
            await Expect(board.PhoneList.Locator(".dev-card", new() { HasText = name })).ToContainTextAsync("第7步 确定发展对象");
            (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the board scrolls sideways on a phone");
        }
        else
        {
            await Expect(board.Board.Locator(".dev-column[data-stage='2'] .dev-card", new() { HasText = name })).ToContainTextAsync($"最早{earliest}");
        }
        await j.ScreenshotAsync(page, shot + "-board");
    }, screen);

    [Theory]
    [InlineData(Screen.Desktop)]
    [InlineData(Screen.Phone)]
    public Task The_committee_administrator_works_the_filing_queue(Screen screen) => JourneyAsync(async j =>
    {
        var shot = screen == Screen.Phone ? "phone" : "desktop";
        var name = screen == Screen.Phone ? "郑备案" : "王备案";
        var idNumber = ChineseIdNumber.Compose("110105", new DateOnly(1997, 6, screen == Screen.Phone ? 22 : 21), 654);
        var applied = Today.AddMonths(-2);

        var secretary = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "secretary");
        var c = await OpenCaseAsync(secretary, j, name, idNumber, applied, "queue-" + shot);
        await c.RecordAsync("2", applied.AddDays(5));
        await c.RecordAsync("3", applied.AddDays(20), p => p.Locator("#Recommendation").SelectOptionAsync("群团推优"));

        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(screen), "org");
        await page.NavigatesByAsync(() => page.GotoAsync(DevelopmentQueuePage.Path));
        var queue = new DevelopmentQueuePage(page);
        await queue.TabAsync("filing");
        await Expect(queue.Row(name)).ToContainTextAsync("第4步 上级党委备案");
        await j.ScreenshotAsync(page, shot + "-queue");
        if (screen == Screen.Phone) (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the queue scrolls sideways on a phone");

        await page.NavigatesByAsync(() => queue.Row(name).Locator("a", new() { HasText = "办理" }).ClickAsync());
        var casePage = new DevelopmentCasePage(page);
        await Expect(page.Locator("#step-choice")).ToHaveValueAsync("4");
        await j.ScreenshotAsync(page, shot + "-filing-form");
        await casePage.RecordAsync("4", applied.AddDays(25));
        await Expect(casePage.Timeline).ToContainTextAsync("第4步 上级党委备案");

        await page.NavigatesByAsync(() => page.GotoAsync(DevelopmentQueuePage.Path + "?tab=filing"));
        await Expect(queue.Row(name)).ToHaveCountAsync(0);
        await j.ScreenshotAsync(page, shot + "-queue-after");
    }, screen);
}
