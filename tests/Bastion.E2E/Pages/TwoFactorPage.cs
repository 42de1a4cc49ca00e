using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Account/TwoFactor: sets up the authenticator app (QR code and the key to type in).</summary>
public sealed class TwoFactorPage(IPage page)
{
    public const string Path = "/Account/TwoFactor";

    public ILocator Heading => page.Locator("main h1");
    public ILocator Status => page.Locator("#twofactor-status");
    public ILocator Qr => page.Locator("img#authenticator-qr");
    public ILocator Key => page.Locator("#authenticator-key");
    public ILocator Form => page.Locator("form#twofactor-form");
    /// <summary>开始设置: the only thing that makes an authenticator key (opening the page makes none).</summary>
    public ILocator Start => page.Locator("form#twofactor-start button");

    /// <summary>The QR code is an image that actually decoded (a broken data: URI would have no natural size).</summary>
    public async Task ExpectQrShownAsync()
    {
        await Assertions.Expect(Qr).ToBeVisibleAsync();
        (await Qr.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0")).ShouldBeGreaterThan(0, "the QR code image did not decode");
        var box = await Qr.BoundingBoxAsync();
        box.ShouldNotBeNull();
        box.Width.ShouldBeGreaterThanOrEqualTo(150);
    }
}
