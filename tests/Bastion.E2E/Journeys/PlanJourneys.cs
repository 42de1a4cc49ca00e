using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>
/// 工作计划: the demo secretary (一采区党支部, which has no 主题党日 day in the demo data) fixes the day, generates the
/// year's 主题党日 and sees them in next month's calendar — a grid on a desktop, a list on a phone.
/// </summary>
public sealed class PlanJourneys(E2EFixture app) : JourneyTest(app)
{
    private const int ThemeDay = 25;

    private static DateOnly NextMonthsThemeDay()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        var next = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        return new DateOnly(next.Year, next.Month, ThemeDay);
    }

    private static async Task<PlansPage> SetUpAndGenerateAsync(Journey j, Microsoft.Playwright.IPage page)
    {
        await page.GotoAsync(PlansPage.Path);
        var plans = new PlansPage(page);
        await Expect(page.Locator("#plans-title")).ToContainTextAsync("一采区党支部");
        await j.ScreenshotAsync(page, "calendar");
        await plans.SetThemeDayAsync(ThemeDay);
        await Expect(plans.Message).ToContainTextAsync($"主题党日已固定为每月{ThemeDay}日");
        await plans.NextMonthAsync();
        var day = NextMonthsThemeDay();
        await Expect(plans.Title).ToHaveTextAsync($"{day.Year}年{day.Month}月");
        await plans.GenerateThemeDaysAsync();
        await Expect(plans.Message).ToContainTextAsync($"{day.Year}年主题党日计划");
        await Expect(plans.Title).ToHaveTextAsync($"{day.Year}年{day.Month}月");
        return plans;
    }

    [Fact]
    public Task A_secretary_fixes_the_theme_day_generates_the_year_and_sees_it_in_the_month_grid() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "secretary");
        var plans = await SetUpAndGenerateAsync(j, page);
        var day = NextMonthsThemeDay();
        await Expect(plans.Grid).ToBeVisibleAsync();
        await Expect(plans.Day(day)).ToContainTextAsync("主题党日");
        await Expect(plans.MonthList).ToContainTextAsync($"{day.Month}月{day.Day}日");
        await j.ScreenshotAsync(page, "generated");
    });

    [Fact]
    public Task On_a_phone_the_month_is_a_list_and_the_page_fits() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "secretary");
        var plans = await SetUpAndGenerateAsync(j, page);
        var day = NextMonthsThemeDay();
        await Expect(plans.Grid).ToBeHiddenAsync();
        await Expect(plans.MonthList.Locator(".plan-row", new() { HasText = $"{day.Month}月{day.Day}日" })).ToContainTextAsync("主题党日");
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the plans page scrolls sideways on a phone");
        await j.ScreenshotAsync(page, "generated");
    }, Screen.Phone);
}
