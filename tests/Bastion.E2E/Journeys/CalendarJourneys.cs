using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>节假日安排: the 系统管理员 reads the shipped years, sees a count into 2027 marked 暂算, records a year, taps a day and deletes it.</summary>
public sealed class CalendarJourneys(E2EFixture app) : JourneyTest(app)
{
    [Fact]
    public Task The_system_administrator_checks_the_shipped_year_and_records_edits_and_deletes_another() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "admin");
        await page.NavigatesByAsync(() => page.Locator("nav a[href='/Admin/Calendar']").First.ClickAsync());
        await page.NavigatesByAsync(() => page.GotoAsync(CalendarPage.Path + "?year=2026"));
        var cal = new CalendarPage(page);
        await Expect(cal.Heading).ToHaveTextAsync("节假日安排");
        await Expect(cal.Year(2026)).ToContainTextAsync("已录入");
        await Expect(cal.Year(2026)).ToContainTextAsync("国办发明电〔2025〕7号");
        await Expect(cal.Year(2025)).ToContainTextAsync("国办发明电〔2024〕12号");
        await Expect(cal.Year(2027)).ToContainTextAsync("未录入·暂算");
        await Expect(cal.Months).ToHaveCountAsync(12);
        await Expect(cal.Day("2026-10-01")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("cal-off"));
        await Expect(cal.Day("2026-10-10")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("cal-work"));
        await Expect(cal.Day("2026-10-10")).ToContainTextAsync("班");

        // a 公示 starting 2026-12-28 reaches into 2027, which is not recorded: the page says 暂算
        await cal.TrialFrom.FillAsync("2026-12-28");
        await cal.TrialCount.FillAsync("5");
        await page.NavigatesByAsync(() => cal.TrialGo.ClickAsync());
        await Expect(cal.TrialResult).ToContainTextAsync("2027年1月1日");
        await Expect(cal.TrialProvisional).ToContainTextAsync("2027年节假日安排尚未录入，按周一至周五计算，结果为暂算");
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(1366);
        await j.ScreenshotAsync(page, "calendar-desktop");

        // a year far ahead (not to disturb other journeys): a weekday 调休 is refused beside the field, then recorded
        await page.NavigatesByAsync(() => page.GotoAsync(CalendarPage.Path + "?year=2030"));
        await Expect(cal.Missing).ToContainTextAsync("2030年的节假日安排尚未录入");
        await cal.Source.FillAsync("国务院办公厅关于2030年部分节假日安排的通知（演示）");
        await cal.DaysOff.FillAsync("2030-10-01至2030-10-07");
        await cal.Makeup.FillAsync("2030-10-08");
        await page.NavigatesByAsync(() => cal.Save.ClickAsync());
        await Expect(cal.MakeupError).ToHaveTextAsync("调休上班日须为周六或周日：2030-10-08（星期二）");
        await j.ScreenshotAsync(page, "calendar-refused");
        await cal.Makeup.FillAsync("2030-09-29\n2030-10-12");
        await page.NavigatesByAsync(() => cal.Save.ClickAsync());
        await Expect(cal.Flash).ToHaveTextAsync("已录入2030年的节假日安排。");
        await Expect(cal.Day("2030-10-12")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("cal-work"));

        // one tap turns the 调休 Saturday back into an ordinary weekend day
        await page.NavigatesByAsync(() => cal.Day("2030-10-12").ClickAsync());
        await Expect(cal.Flash).ToHaveTextAsync("2030-10-12（星期六）已改为：恢复为普通日。");
        await Expect(cal.Day("2030-10-12")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("cal-weekend"));

        // deleting asks first; dismissing keeps the year
        page.Dialog += Dismiss;
        await cal.Delete.ClickAsync();
        page.Dialog -= Dismiss;
        await Expect(cal.Year(2030)).ToContainTextAsync("已录入");
        page.Dialog += Accept;
        await page.NavigatesByAsync(() => cal.Delete.ClickAsync());
        page.Dialog -= Accept;
        await Expect(cal.Flash).ToHaveTextAsync("已删除2030年的节假日安排；涉及该年的工作日计算将为暂算。");
        await Expect(cal.Missing).ToBeVisibleAsync();

        static void Dismiss(object? sender, IDialog d) => _ = d.DismissAsync();
        static void Accept(object? sender, IDialog d) => _ = d.AcceptAsync();
    });

    [Fact]
    public Task The_calendar_reads_and_taps_on_a_phone() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "admin");
        await page.NavigatesByAsync(() => page.GotoAsync(CalendarPage.Path + "?year=2026&from=2026-12-28&count=5"));
        var cal = new CalendarPage(page);
        await Expect(cal.TrialProvisional).ToBeVisibleAsync();
        await Expect(cal.Day("2026-02-14")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("cal-work"));
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the calendar scrolls sideways on a phone");
        var box = await cal.Day("2026-02-17").BoundingBoxAsync();
        box!.Width.ShouldBeGreaterThanOrEqualTo(36, "a day is wide enough to tap");
        await j.ScreenshotAsync(page, "calendar-phone");
        // what the phone shows at once: the top of the page, and the grid where a day is tapped
        await page.ScreenshotAsync(new() { Path = Path.Combine(E2EFixture.ScreenshotFolder, $"{j.Name}-calendar-phone-top.png") });
        await cal.Day("2026-02-17").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(E2EFixture.ScreenshotFolder, $"{j.Name}-calendar-phone-grid.png") });
    }, Screen.Phone);
}
