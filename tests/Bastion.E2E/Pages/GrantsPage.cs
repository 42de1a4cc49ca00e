using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Admin/Grants (角色授权, security administrator): the grant form, the accounts with their roles, and one account's grants.</summary>
public sealed class GrantsPage(IPage page)
{
    public const string Path = "/Admin/Grants";

    public ILocator Heading => page.Locator("main h1");
    public ILocator Form => page.Locator("form#grant-form");
    public ILocator Table => page.Locator("table#grants");
    public ILocator Rows => Table.Locator("tbody tr");
    /// <summary>With no account chosen: every account with its roles, to choose from.</summary>
    public ILocator Accounts => page.Locator("table#accounts");
    public ILocator AccountRows => Accounts.Locator("tbody tr");
    public ILocator Role => Form.Locator("select#role");
    /// <summary>The grant's scope: a search box filling the list of organizations below it.</summary>
    public ILocator OrgSearch => Form.Locator("input#grant-org-search");
    public ILocator OrgList => Form.Locator("select#orgId");
    public ILocator OrgOption(string text) => OrgList.Locator("option", new LocatorLocatorOptions { HasTextString = text });
    public ILocator Choose(string userName) => Accounts.Locator($"tr[data-user='{userName}'] a.choose-account");
}
