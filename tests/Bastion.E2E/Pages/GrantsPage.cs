using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Admin/Grants (角色授权, security administrator): the grant form and the table of role grants.</summary>
public sealed class GrantsPage(IPage page)
{
    public const string Path = "/Admin/Grants";

    public ILocator Heading => page.Locator("main h1");
    public ILocator Form => page.Locator("form#grant-form");
    public ILocator Table => page.Locator("table#grants");
    public ILocator Rows => Table.Locator("tbody tr");
}
