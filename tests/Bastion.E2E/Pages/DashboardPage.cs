using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>The dashboard (工作台) at "/": title of the organization in scope, key figures, ECharts charts.</summary>
public sealed class DashboardPage(IPage page)
{
    public ILocator Title => page.Locator("h1#dashboard-title");
    public ILocator Stats => page.Locator("#stats");
    public ILocator TreeChart => page.Locator("#chart-tree");
    public ILocator TreeCanvas => TreeChart.Locator("canvas").First;
    public ILocator BarCanvas => page.Locator("#chart-types canvas").First;

    /// <summary>Waits until the organization tree has been drawn by ECharts (its canvas exists and has a size).</summary>
    public async Task ExpectTreeRenderedAsync()
    {
        await Assertions.Expect(TreeCanvas).ToBeVisibleAsync();
        var box = await TreeCanvas.BoundingBoxAsync();
        box.ShouldNotBeNull();
        box.Width.ShouldBeGreaterThan(100);
        box.Height.ShouldBeGreaterThan(100);
        // something was actually drawn: count the non-transparent pixels of the canvas
        var inked = await TreeCanvas.EvaluateAsync<int>(
            "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }");
        inked.ShouldBeGreaterThan(500, "the ECharts tree canvas is blank");
    }
}
