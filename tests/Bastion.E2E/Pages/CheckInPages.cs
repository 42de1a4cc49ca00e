using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Meetings/CheckIn/{id}: the host's QR code and the live roster.</summary>
public sealed class CheckInHostPage(IPage page)
{
    public static string PathOf(long meetingId) => $"/Meetings/CheckIn/{meetingId}";

    public ILocator Code => page.Locator("#checkin-code");
    public ILocator Qr => page.Locator("img#checkin-qr");
    public ILocator Present => page.Locator("#checkin-present");
    public ILocator Expected => page.Locator("#checkin-expected");
    public ILocator Line(long memberId) => page.Locator($"#checkin-roster tr.checkin-line[data-member='{memberId}']");

    /// <summary>The URL behind the QR code (also its data-url attribute).</summary>
    public async Task<Uri> CodeUrlAsync() => new((await Code.GetAttributeAsync("data-url"))!);
}

/// <summary>/CheckIn?t=…: the member's confirmation page.</summary>
public sealed class CheckInMemberPage(IPage page)
{
    public ILocator Topic => page.Locator("#checkin-topic");
    public ILocator Confirm => page.Locator("#checkin-confirm");
    public ILocator Done => page.Locator("#checkin-done");
    public ILocator Error => page.Locator("#checkin-error");
}
