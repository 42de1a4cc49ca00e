using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Admin/Calendar (节假日安排, 系统管理员): the years, the 12 month grids, the paste form and the trial count.</summary>
public sealed class CalendarPage(IPage page)
{
    public const string Path = "/Admin/Calendar";

    public ILocator Heading => page.Locator("main h1");
    public ILocator Flash => page.Locator("#flash");
    public ILocator Year(int year) => page.Locator($"#calendar-years li[data-year='{year}']");
    public ILocator Day(string iso) => page.Locator($"#year-grid .cal-day[data-day='{iso}']");
    public ILocator Months => page.Locator("#year-grid table.cal-month");
    public ILocator Missing => page.Locator("#year-missing");
    public ILocator TrialFrom => page.Locator("#trial-from");
    public ILocator TrialCount => page.Locator("#trial-count");
    public ILocator TrialGo => page.Locator("#trial-go");
    public ILocator TrialResult => page.Locator("#trial-result");
    public ILocator TrialProvisional => page.Locator("#trial-provisional");
    public ILocator Source => page.Locator("#Input_Source");
    public ILocator DaysOff => page.Locator("#Input_DaysOff");
    public ILocator Makeup => page.Locator("#Input_MakeupWorkdays");
    public ILocator MakeupError => page.Locator("#error-makeup");
    public ILocator Save => page.Locator("#save-calendar");
    public ILocator Delete => page.Locator("#delete-year");
}
