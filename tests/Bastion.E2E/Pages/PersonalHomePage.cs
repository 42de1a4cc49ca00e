using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>我的 (/Me/Home): the member's next meeting with 扫码签到 / 请假, 我的请假, this year's attendance, my notifications.</summary>
public sealed class PersonalHomePage(IPage page)
{
    public const string Path = "/Me/Home";

    public ILocator Next => page.Locator("#my-next");
    public ILocator Meeting(long id) => page.Locator($".my-home-meeting[data-meeting='{id}']");
    public ILocator LeaveToggle(long id) => Meeting(id).Locator(".my-home-leave-toggle");
    public ILocator Reason(long id) => Meeting(id).Locator("textarea[name=Reason]");
    public ILocator Submit(long id) => Meeting(id).Locator(".my-home-leave-submit");
    public ILocator Status(long id) => Meeting(id).Locator(".my-status");
    public ILocator Sent => page.Locator("#my-home-sent");
    public ILocator LeaveRow(long meetingId) => page.Locator($".my-home-leave-row[data-meeting='{meetingId}']");
    public ILocator Attendance => page.Locator("#my-attendance");
    public ILocator Notifications => page.Locator("#my-notifications");
}
