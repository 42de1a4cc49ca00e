using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Account/ChangePassword (also where an account with a one-time password is sent until it changes it).</summary>
public sealed class ChangePasswordPage(IPage page)
{
    public const string Path = "/Account/ChangePassword";

    public ILocator Heading => page.Locator("main h1");
    public ILocator Form => page.Locator("form#password-form");
    public ILocator Current => Form.Locator("#Current");
    public ILocator New => Form.Locator("#New");
    public ILocator Confirm => Form.Locator("#Confirm");
    public ILocator Submit => Form.Locator("button[type=submit]");
    public ILocator RequiredNotice => page.Locator(".alert-warning").Filter(new() { HasText = "一次性密码" });
    public ILocator Changed => page.Locator("#password-changed");

    public bool IsCurrent => new Uri(page.Url).AbsolutePath.Equals(Path, StringComparison.OrdinalIgnoreCase);

    /// <summary>Fills the three fields and posts the form, returning once the answer has loaded.</summary>
    public async Task ChangeAsync(string current, string @new)
    {
        await Current.FillAsync(current);
        await New.FillAsync(@new);
        await Confirm.FillAsync(@new);
        await page.NavigatesByAsync(() => Submit.ClickAsync());
    }
}
