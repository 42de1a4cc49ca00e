using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>
/// /Organizations/Details/{id}: one organization, its children, capabilities, 联合党支部 units, 联系点, history (组织沿革)
/// and (for managers) the forms to create a child, rename, move, merge and dissolve.
/// </summary>
public sealed class OrganizationDetailsPage(IPage page)
{
    public ILocator Name => page.Locator("h1#org-name");
    public ILocator ParentLink => page.Locator("a[href^='/Organizations/Details/']").First;
    public ILocator Status => page.Locator("#org-status");
    public ILocator Message => page.Locator("#org-message");
    public ILocator Capabilities => page.Locator("#org-capabilities");
    public ILocator Children => page.Locator("#children");
    public ILocator History => page.Locator("#history-table");
    public ILocator JointUnits => page.Locator("#joint-units");
    public ILocator Dissolved => page.Locator("#org-dissolved");

    public ILocator ChildLink(string name) => Children.Locator("a", new() { HasText = name });

    public async Task CreateChildAsync(string name, string type)
    {
        await page.Locator("#create-child #Name").FillAsync(name);
        await page.Locator("#create-child #Type").SelectOptionAsync(type);
        await page.NavigatesByAsync(() => page.Locator("#create-child button[type=submit]").ClickAsync());
    }

    public async Task RenameAsync(string newName, string reason)
    {
        await page.Locator("#rename-org summary").ClickAsync();
        await page.Locator("#Rename_Name").FillAsync(newName);
        await page.Locator("#Rename_Reason").FillAsync(reason);
        await page.NavigatesByAsync(() => page.Locator("#rename-org button[type=submit]").ClickAsync());
    }

    /// <summary>Fills the dissolve form and accepts the confirm() dialog.</summary>
    public async Task DissolveAsync(string reason, string approvalNo)
    {
        await page.Locator("#dissolve-org summary").ClickAsync();
        await page.Locator("#Dissolve_ApprovalNo").FillAsync(approvalNo);
        await page.Locator("#Dissolve_Reason").FillAsync(reason);
        page.Dialog += AcceptOnce;
        await page.NavigatesByAsync(() => page.Locator("#dissolve-org button[type=submit]").ClickAsync());
    }

    public async Task AddUnitAsync(string unit)
    {
        await page.Locator("#unitName").FillAsync(unit);
        await page.NavigatesByAsync(() => page.Locator("#add-unit button[type=submit]").ClickAsync());
    }

    private void AcceptOnce(object? sender, IDialog dialog)
    {
        page.Dialog -= AcceptOnce;
        _ = dialog.AcceptAsync();
    }
}
