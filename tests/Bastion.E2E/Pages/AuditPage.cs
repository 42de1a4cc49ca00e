using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Audit (审计日志, audit administrator): filters by the words shown, the log table, export and the hash-chain check.</summary>
public sealed class AuditPage(IPage page)
{
    public const string Path = "/Audit";

    public ILocator Heading => page.Locator("main h1");
    public ILocator Filter => page.Locator("form#audit-filter");
    public ILocator Table => page.Locator("table#audit-table");
    public ILocator Rows => Table.Locator("> tbody > tr[data-id]");
    public ILocator VerifyButton => page.Locator("#verify-chain");
    public ILocator VerifyResult => page.Locator("#verify-result");
    public ILocator ExportLink => page.Locator("#audit-export");
    public ILocator Total => page.Locator("nav[aria-label='分页'] .text-muted");

    public ILocator Action => page.Locator("#f-action");
    public ILocator Entity => page.Locator("#f-entity");
    public ILocator Result => page.Locator("#f-result");
    public ILocator Actor => page.Locator("#f-actor");
    public ILocator Org => page.Locator("#f-org");
    public ILocator From => page.Locator("#f-from");
    public ILocator To => page.Locator("#f-to");

    /// <summary>The 动作 / 对象 cells of the listed rows.</summary>
    public ILocator ActionCells => Rows.Locator("td.audit-action");
    public ILocator ObjectCells => Rows.Locator("td.audit-object");

    /// <summary>Chooses the filters by the Chinese words shown (null leaves one as it is) and submits the form.</summary>
    public async Task FilterAsync(string? action = null, string? entity = null, DateOnly? from = null, DateOnly? to = null, string? result = null)
    {
        if (action is not null) await Action.SelectOptionAsync(new SelectOptionValue { Label = action });
        if (entity is not null) await Entity.SelectOptionAsync(new SelectOptionValue { Label = entity });
        if (result is not null) await Result.SelectOptionAsync(new SelectOptionValue { Label = result });
        if (from is { } f) await From.FillAsync(f.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (to is { } t) await To.FillAsync(t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.NavigatesByAsync(() => Filter.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync());
    }

    /// <summary>The number after 共 … 条 under the table.</summary>
    public async Task<int> TotalAsync()
    {
        var text = await Total.InnerTextAsync();
        return int.Parse(System.Text.RegularExpressions.Regex.Match(text, @"共 (\d+) 条").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Opens the 详情 of the first listed row (the field-by-field comparison).</summary>
    public async Task<ILocator> OpenFirstDetailsAsync()
    {
        var details = Rows.First.Locator("details");
        await details.Locator("summary").ClickAsync();
        return details.Locator("table.audit-fields");
    }

    /// <summary>Clicks 导出Excel and saves the file the browser received; returns the suggested name and the saved path.</summary>
    public async Task<(string FileName, string SavedAt)> ExportAsync(string folder)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => ExportLink.ClickAsync());
        if (await download.FailureAsync() is { } failure) throw new InvalidOperationException($"exporting the audit log failed: {failure}");
        var path = System.IO.Path.Combine(folder, Guid.NewGuid().ToString("N") + ".xlsx");
        await download.SaveAsAsync(path);
        return (download.SuggestedFilename, path);
    }

    /// <summary>Posts the hash-chain check and waits for the page with its result.</summary>
    public Task VerifyChainAsync() => page.NavigatesByAsync(() => VerifyButton.ClickAsync());
}
