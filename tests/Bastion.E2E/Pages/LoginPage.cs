using System.Collections.Concurrent;
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

    /// <summary>
    /// Signs this session in as <paramref name="userName"/> and leaves it where the sign-in lands. The first time in a run
    /// an account signs in on a platform it goes through the form; after that the journey's browser session gets that
    /// sign-in's cookies and opens the page it landed on, as a user's browser that is still signed in does. A session that no
    /// longer works (signed out, its sessions ended, its password changed) is dropped and the form used again; a sign-in
    /// that lands on an account page (a password to change) is never reused.
    /// </summary>
    public static async Task<IPage> SignInAsAsync(IPage page, string userName, string password = E2EFixture.DemoPassword)
    {
        var key = Journey.BaseUrlOf(page.Context) is { } baseUrl ? $"{baseUrl}|{userName}|{password}" : null;
        if (key is not null && SignedIn.TryGetValue(key, out var earlier) && (await page.Context.CookiesAsync()).Count == 0)
        {
            await page.Context.AddCookiesAsync(earlier.Cookies);
            await page.GotoAsync(earlier.Landing);
            if (!new LoginPage(page).IsCurrent) return page;
            SignedIn.TryRemove(key, out _);
            await page.Context.ClearCookiesAsync();
        }

        var login = await new LoginPage(page).OpenAsync();
        await login.SignInAsync(userName, password);
        if (login.IsCurrent)
        {
            var error = await login.Error.CountAsync() > 0 ? await login.Error.InnerTextAsync() : "(no message)";
            throw new InvalidOperationException($"Signing in as {userName} stayed on the login page: {error}");
        }
        var landing = new Uri(page.Url).PathAndQuery;
        if (key is not null && !landing.StartsWith("/Account/", StringComparison.OrdinalIgnoreCase))
            SignedIn[key] = ([.. (await page.Context.CookiesAsync()).Select(c => new Cookie
            {
                Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
            })], landing);
        return page;
    }

    /// <summary>The cookies of each account's first sign-in by the form and the page it landed on, per platform and password.</summary>
    private static readonly ConcurrentDictionary<string, (IReadOnlyList<Cookie> Cookies, string Landing)> SignedIn = new(StringComparer.Ordinal);
}
