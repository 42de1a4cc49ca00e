using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>The Chinese error page (400/403/404/500…).</summary>
public sealed class ErrorPage(IPage page)
{
    public ILocator Root => page.Locator("#error-page");
    public ILocator Code => Root.Locator(".code");
}
