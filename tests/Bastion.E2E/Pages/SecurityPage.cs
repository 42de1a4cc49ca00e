using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Admin/Security (安全策略, security administrator): two-factor policy per role and the locked accounts.</summary>
public sealed class SecurityPage(IPage page)
{
    public const string Path = "/Admin/Security";

    public ILocator Heading => page.Locator("main h1");
    public ILocator PolicyForm => page.Locator("form#policy-form");
    public ILocator Switches => PolicyForm.Locator("input[type=checkbox][role=switch]");
}
