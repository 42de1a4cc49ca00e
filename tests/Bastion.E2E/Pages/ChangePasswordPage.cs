using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Account/ChangePassword (also where an account with a one-time password is sent until it changes it).</summary>
public sealed class ChangePasswordPage(IPage page)
{
    public const string Path = "/Account/ChangePassword";

    /// <summary>
    /// The page's own content. Scoped to the top-level main on purpose: while a password change is forced, the
    /// htmx bell poll is redirected to this page too and a second copy lands inside the top bar (a known app bug).
    /// </summary>
    public ILocator Main => page.Locator("body > .bb-shell > main");
    public ILocator Heading => Main.Locator("h1");
    public ILocator Form => Main.Locator("form#password-form");
    public ILocator Current => Form.Locator("#Current");
    public ILocator New => Form.Locator("#New");
    public ILocator Confirm => Form.Locator("#Confirm");
    public ILocator Submit => Form.Locator("button[type=submit]");
    public ILocator RequiredNotice => Main.Locator(".alert-warning").Filter(new() { HasText = "一次性密码" });
    public ILocator Changed => Main.Locator("#password-changed");

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
