using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>The frame around every signed-in page: top bar (menu button, organization switcher, bell, user menu) and left menu.</summary>
public sealed class ShellPage(IPage page)
{
    public ILocator Sidebar => page.Locator("#bb-sidebar");
    public ILocator Menu => page.Locator("#main-menu");
    public ILocator MenuLinks => Menu.Locator("a.nav-link");
    public ILocator MenuButton => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "打开菜单", Exact = true });
    public ILocator OrgSwitcher => page.Locator("form#org-switcher");
    public ILocator OrgSelect => page.Locator("form#org-switcher select#switch-org");
    public ILocator Bell => page.Locator("header a[href='/Notifications']");
    public ILocator BellBadge => page.Locator("#bell-count #bell-badge");
    public ILocator UserMenu => page.Locator("#user-menu");
    public ILocator LogoutButton => page.Locator("#logout");

    /// <summary>The titles of the left-menu entries, in order.</summary>
    public async Task<IReadOnlyList<string>> MenuTitlesAsync()
    {
        var texts = await MenuLinks.AllInnerTextsAsync();
        return texts.Select(t => t.Trim()).ToList();
    }

    /// <summary>Chooses an organization in the switcher (it submits itself on change) and waits for the reloaded page.</summary>
    public async Task SwitchOrgAsync(string orgName)
    {
        var value = await OrgSelect.EvaluateAsync<string?>(
            "(select, name) => { const o = [...select.options].find(o => o.textContent.trim() === name); return o ? o.value : null; }",
            orgName) ?? throw new InvalidOperationException($"{orgName} is not in the organization switcher.");
        await page.NavigatesByAsync(() => OrgSelect.SelectOptionAsync(value));
    }

    /// <summary>The visible name of the organization selected in the switcher (without the indentation).</summary>
    public Task<string> SelectedOrgAsync() =>
        OrgSelect.EvaluateAsync<string>("select => select.options[select.selectedIndex].textContent.trim()");

    public async Task OpenPhoneMenuAsync()
    {
        await MenuButton.ClickAsync();
        await Assertions.Expect(Sidebar).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bshow\b"));
        await Assertions.Expect(Menu).ToBeVisibleAsync();
    }

    /// <summary>Opens the user menu, chooses 退出登录 and waits for the page the sign-out leads to (the login page).</summary>
    public async Task SignOutAsync()
    {
        await UserMenu.ClickAsync();
        await Assertions.Expect(LogoutButton).ToBeVisibleAsync();
        await page.NavigatesByAsync(() => LogoutButton.ClickAsync());
    }
}
