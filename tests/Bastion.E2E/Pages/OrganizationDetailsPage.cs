using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Organizations/Details/{id}: one organization, its children and (for managers) the new-child form.</summary>
public sealed class OrganizationDetailsPage(IPage page)
{
    public ILocator Name => page.Locator("h1#org-name");
    public ILocator ParentLink => page.Locator("a[href^='/Organizations/Details/']").First;
}
