using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Organizations: the organization tree (collapsed below the second level) with a search box and a switch for dissolved organizations.</summary>
public sealed class OrganizationsPage(IPage page)
{
    public const string Path = "/Organizations";

    public ILocator Heading => page.Locator("main h1");
    public ILocator Tree => page.Locator("#org-tree");
    public ILocator ShowDissolved => page.Locator("#show-dissolved");
    public ILocator ExpandAll => page.Locator("#expand-all");

    /// <summary>The link of one organization in the tree, matched on its exact name (it may sit in a collapsed branch).</summary>
    public ILocator LinkTo(string orgName) =>
        Tree.Locator("a").Filter(new() { HasTextRegex = new Regex("^" + Regex.Escape(orgName) + "$") });

    /// <summary>The address of an organization's details page, as linked from the tree.</summary>
    public async Task<string> DetailsPathOfAsync(string orgName)
    {
        var link = LinkTo(orgName);
        await Assertions.Expect(link).ToHaveCountAsync(1);
        var href = await link.GetAttributeAsync("href");
        href.ShouldNotBeNull();
        href.ShouldMatch(@"^/Organizations/Details/\d+$");
        return href;
    }
}
