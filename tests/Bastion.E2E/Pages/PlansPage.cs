using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Plans (工作计划): the branch calendar, the 主题党日 day and the batch tools.</summary>
public sealed class PlansPage(IPage page)
{
    public const string Path = "/Plans";

    public ILocator Title => page.Locator("#calendar-title");
    public ILocator Message => page.Locator("#plans-message");
    public ILocator Grid => page.Locator("#month-grid");
    public ILocator MonthList => page.Locator("#month-list");
    public ILocator ThemeDay => page.Locator("#themeDay");

    public ILocator Day(DateOnly d) => Grid.Locator($"td[data-day='{d:yyyy-MM-dd}']");

    public Task NextMonthAsync() => page.NavigatesByAsync(() => page.Locator("#next-month").ClickAsync());

    public async Task SetThemeDayAsync(int day)
    {
        await ThemeDay.FillAsync(day.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.NavigatesByAsync(() => page.Locator("#theme-day-save").ClickAsync());
    }

    /// <summary>生成全年主题党日, accepting its confirm() dialog.</summary>
    public async Task GenerateThemeDaysAsync()
    {
        void Accept(object? sender, IDialog d) => _ = d.AcceptAsync();
        page.Dialog += Accept;
        try { await page.NavigatesByAsync(() => page.Locator("#generate-theme-days").ClickAsync()); }
        finally { page.Dialog -= Accept; }
    }
}
