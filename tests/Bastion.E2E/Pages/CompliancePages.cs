using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>The rollup (/Compliance): scope, period, summary cards, the ECharts bar chart, children and gaps tables.</summary>
public sealed class CompliancePage(IPage page)
{
    public const string Path = "/Compliance";
    public ILocator Scope => page.Locator("#compliance-scope");
    public ILocator Period => page.Locator("#period");
    public ILocator Summary => page.Locator("#summary");
    public ILocator Rate => page.Locator("#rate");
    public ILocator Chart => page.Locator("#chart-compliance");
    public ILocator ChartCanvas => Chart.Locator("canvas").First;
    public ILocator Children => page.Locator("#children");
    public ILocator Gaps => page.Locator("#gaps");
    public ILocator Empty => page.Locator("#empty");
    public ILocator ChildLink(string name) => Children.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>Non-transparent pixels of the chart's canvas (0 when nothing was drawn).</summary>
    public Task<int> InkedPixelsAsync() => ChartCanvas.EvaluateAsync<int>(
        "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }");
}

/// <summary>One branch (/Compliance/Branch/{id}): status, rules with 应开/已开/缺, gaps, the meetings counted.</summary>
public sealed class ComplianceBranchPage(IPage page)
{
    public ILocator Name => page.Locator("#branch-name");
    public ILocator Status => page.Locator("#branch-status");
    public ILocator Rules => page.Locator("#rules");
    public ILocator Gaps => page.Locator("#gaps");
    public ILocator Meetings => page.Locator("#meetings");
}

/// <summary>Rules and exemptions (/Compliance/Rules).</summary>
public sealed class ComplianceRulesPage(IPage page)
{
    public const string Path = "/Compliance/Rules";
    public ILocator InEffect => page.Locator("#rules-in-effect");
    public ILocator Overrides => page.Locator("#overrides");
    public ILocator AddRule => page.Locator("#add-rule");
    public ILocator Exemptions => page.Locator("#exemptions");
    public ILocator AddExemption => page.Locator("#add-exemption");
}
