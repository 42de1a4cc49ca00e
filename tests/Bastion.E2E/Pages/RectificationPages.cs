using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>整改与回头看 (/Inspections/Rectification): summary cards, rounds in progress, the category chart, the rate tables.</summary>
public sealed class RectificationPage(IPage page)
{
    public const string Path = "/Inspections/Rectification";
    public ILocator Scope => page.Locator("#scope");
    public ILocator Rate => page.Locator("#rate");
    public ILocator Rounds => page.Locator("#rounds");
    public ILocator ChartCanvas => page.Locator("#chart-rectification canvas").First;
    public ILocator ByCategory => page.Locator("#by-category");
    public ILocator ByOrganization => page.Locator("#by-org");
    public ILocator PlanLink(string org) => Rounds.Locator("li", new() { HasText = org }).GetByRole(AriaRole.Link, new() { Name = "整改台账" });

    public Task<int> InkedPixelsAsync() => ChartCanvas.EvaluateAsync<int>(
        "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }");
}

/// <summary>The rectification plan of one inspected organization (/Inspections/Rectification/Target/{id}).</summary>
public sealed class RectificationPlanPage(IPage page)
{
    public ILocator Name => page.Locator("#target-name");
    public ILocator Summary => page.Locator("#summary");
    public ILocator Rate => page.Locator("#rate");
    public ILocator Documents => page.GetByRole(AriaRole.Link, new() { Name = "巡察文书" });
}

/// <summary>巡察文书 (/Inspections/Reports/{id}).</summary>
public sealed class InspectionDocumentsPage(IPage page)
{
    public ILocator Table => page.Locator("#documents");
    public ILocator DownloadLink(string kind) => Table.Locator($"tr[data-kind='{kind}'] a");

    /// <summary>Clicks the document's 下载 and saves what the browser received; returns the suggested file name and the saved path.</summary>
    public async Task<(string FileName, string SavedAt)> DownloadAsync(string kind, string folder)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => DownloadLink(kind).ClickAsync());
        if (await download.FailureAsync() is { } failure) throw new InvalidOperationException($"downloading {kind} failed: {failure}");
        var path = System.IO.Path.Combine(folder, kind + ".docx");
        await download.SaveAsAsync(path);
        return (download.SuggestedFilename, path);
    }
}
