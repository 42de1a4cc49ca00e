using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Account/Login.</summary>
public sealed class LoginPage(IPage page)
{
    public const string Path = "/Account/Login";

    public ILocator Form => page.Locator("form#login-form");
    public ILocator UserName => page.Locator("#UserName");
    public ILocator Password => page.Locator("#Password");
    public ILocator Submit => page.Locator("#login-submit");
    public ILocator Error => page.Locator("#login-error");

    public async Task<LoginPage> OpenAsync()
    {
        await page.GotoAsync(Path);
        await Assertions.Expect(Form).ToBeVisibleAsync();
        return this;
    }

    /// <summary>Fills and posts the form, returning once the answer (a redirect or the form again) has loaded.</summary>
    public async Task SignInAsync(string userName, string password)
    {
        await UserName.FillAsync(userName);
        await Password.FillAsync(password);
        await page.NavigatesByAsync(() => Submit.ClickAsync());
    }

    public bool IsCurrent => new Uri(page.Url).AbsolutePath.Equals(Path, StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens the login page in this session and signs in with the shared demo password; expects to leave the login page.</summary>
    public static async Task<IPage> SignInAsAsync(IPage page, string userName, string password = E2EFixture.DemoPassword)
    {
        var login = await new LoginPage(page).OpenAsync();
        await login.SignInAsync(userName, password);
        if (login.IsCurrent)
        {
            var error = await login.Error.CountAsync() > 0 ? await login.Error.InnerTextAsync() : "(no message)";
            throw new InvalidOperationException($"Signing in as {userName} stayed on the login page: {error}");
        }
        return page;
    }
}
