using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Development: the pipeline board (desktop) or stage tabs and a list (phone).</summary>
public sealed class DevelopmentBoardPage(IPage page)
{
    public const string Path = "/Development";
    public ILocator Empty => page.Locator("#development-empty");
    public ILocator Board => page.Locator("#development-board");
    public ILocator PhoneList => page.Locator("#development-list");
    public ILocator StageTabs => page.Locator("#stage-tabs");
    public ILocator NewCase => page.Locator("#new-case, #empty-new-case").First;
    public ILocator Card(string name) => page.Locator(".dev-card:visible", new() { HasText = name });
}

/// <summary>/Development/Create.</summary>
public sealed class DevelopmentCreatePage(IPage page)
{
    public async Task SubmitAsync(string name, string idNumber, DateOnly appliedOn)
    {
        await page.Locator("#Name").FillAsync(name);
        await page.Locator("#IdNumber").FillAsync(idNumber);
        await page.Locator("#AppliedOn").FillAsync(appliedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.NavigatesByAsync(() => page.Locator("#save-case").ClickAsync());
    }

    public ILocator Error(string field) => page.Locator("#error-" + field);
}

/// <summary>/Development/Case/{id}: the timeline, the next step, and the form that records a step.</summary>
public sealed class DevelopmentCasePage(IPage page)
{
    public ILocator Name => page.Locator("#case-name");
    public ILocator State => page.Locator("#case-state");
    public ILocator Next => page.Locator("#next-line");
    public ILocator Timeline => page.Locator("#timeline");
    public ILocator DateError => page.Locator("#error-on");
    public ILocator EarliestOn => page.Locator("#earliest-on");
    public ILocator Done => page.Locator("#done-notice");

    /// <summary>Chooses the step in the form (the page reloads with that step's fields).</summary>
    public async Task ChooseStepAsync(string code)
    {
        var choice = page.Locator("#step-choice");
        if (await choice.InputValueAsync() == code) return;
        await page.NavigatesByAsync(() => choice.SelectOptionAsync(code));
    }

    /// <summary>Records a step: chooses it, fills the date and whatever <paramref name="fill"/> adds, and submits.</summary>
    public async Task RecordAsync(string code, DateOnly on, Func<IPage, Task>? fill = null)
    {
        await ChooseStepAsync(code);
        await page.Locator("#On").FillAsync(on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (fill is not null) await fill(page);
        await page.NavigatesByAsync(() => page.Locator("#save-step").ClickAsync());
    }
}

/// <summary>/Development/Queue: the 党委's queue by kind.</summary>
public sealed class DevelopmentQueuePage(IPage page)
{
    public const string Path = "/Development/Queue";
    public ILocator Rows => page.Locator("#queue tbody tr[data-case]");
    public ILocator Row(string name) => page.Locator("#queue tbody tr[data-case]", new() { HasText = name });
    public Task TabAsync(string key) => page.NavigatesByAsync(() => page.Locator($"#queue-tabs a[data-tab='{key}']").ClickAsync());
}
