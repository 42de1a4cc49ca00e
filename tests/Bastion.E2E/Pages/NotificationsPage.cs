using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Notifications: the account's in-app messages.</summary>
public sealed class NotificationsPage(IPage page)
{
    public const string Path = "/Notifications";

    public ILocator Heading => page.Locator("main h1");
    public ILocator List => page.Locator("#notifications");
    public ILocator Items => List.Locator("li.list-group-item");
}
