using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Admin/Users (账号管理, system administrator): the accounts table and the new-account form.</summary>
public sealed class AccountsPage(IPage page)
{
    public const string Path = "/Admin/Users";

    public ILocator Heading => page.Locator("main h1");
    public ILocator Table => page.Locator("table#accounts");
    public ILocator Rows => Table.Locator("tbody tr");
    public ILocator CreateForm => page.Locator("form#create-account");
    public ILocator UserName => CreateForm.Locator("#UserName");
    public ILocator DisplayName => CreateForm.Locator("#DisplayName");
    public ILocator CreateButton => CreateForm.Locator("button[type=submit]");
    public ILocator Created => page.Locator("#account-created");
    public ILocator OneTimePassword => Created.Locator("#one-time-password");
    public ILocator Search => page.Locator("form[role=search] input[name=q]");

    /// <summary>Fills and posts the new-account form; returns once the answer (the page with the result) has loaded.</summary>
    public async Task CreateAsync(string userName, string displayName)
    {
        await UserName.FillAsync(userName);
        await DisplayName.FillAsync(displayName);
        await page.NavigatesByAsync(() => CreateButton.ClickAsync());
    }

    public async Task SearchAsync(string text)
    {
        await Search.FillAsync(text);
        await page.NavigatesByAsync(() => Search.PressAsync("Enter"));
    }
}
