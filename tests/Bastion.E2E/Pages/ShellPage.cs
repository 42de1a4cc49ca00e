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
    /// <summary>The button naming the current organization; it opens the list and the search box.</summary>
    public ILocator OrgToggle => page.Locator("form#org-switcher button#switch-org");
    public ILocator OrgSearch => page.Locator("form#org-switcher input#org-search");
    /// <summary>The organizations listed (on opening, or found by the search).</summary>
    public ILocator OrgOptions => page.Locator("form#org-switcher #org-options button.bb-org-option");
    public ILocator OrgEmpty => page.Locator("form#org-switcher #org-options #org-empty");
    public ILocator OrgOption(string name) => page.Locator($"form#org-switcher #org-options button.bb-org-option[data-name='{name}']");
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

    /// <summary>Opens the switcher, searches the organization by name, chooses it and waits for the reloaded page.</summary>
    public async Task SwitchOrgAsync(string orgName)
    {
        await OpenOrgSwitcherAsync();
        await SearchOrgAsync(orgName);
        await page.NavigatesByAsync(() => OrgOption(orgName).ClickAsync());
    }

    /// <summary>Opens the switcher's list (the cursor goes to its search box).</summary>
    public async Task OpenOrgSwitcherAsync()
    {
        await OrgToggle.ClickAsync();
        await Assertions.Expect(OrgSearch).ToBeFocusedAsync();
    }

    /// <summary>Types into the switcher's search box and waits for the results (or the empty state) that answer it.</summary>
    public async Task SearchOrgAsync(string text)
    {
        await page.EvaluateAsync("""
            () => { window.__orgSettled = new Promise(done => document.body.addEventListener('htmx:afterSettle', function on(e) {
                if (e.target.id === 'org-options') { document.body.removeEventListener('htmx:afterSettle', on); done(); } })); }
            """);
        await OrgSearch.FillAsync(text);
        await page.EvaluateAsync("() => window.__orgSettled");
    }

    /// <summary>The visible name of the current organization, as the switcher's button shows it.</summary>
    public async Task<string> SelectedOrgAsync() => (await page.Locator("form#org-switcher #current-org").InnerTextAsync()).Trim();

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
