using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Meetings/Leave: the 请假审批 list of the secretary's subtree.</summary>
public sealed class LeaveReviewPage(IPage page)
{
    public const string Path = "/Meetings/Leave";

    public ILocator Name => page.Locator("#name");
    public ILocator State => page.Locator("#state");
    public ILocator Filter => page.Locator("#leave-filter-submit");
    public ILocator Ok => page.Locator("#leave-ok");
    public ILocator Empty => page.Locator("#leave-empty");
    public ILocator PendingCount => page.Locator("#leave-pending-count");
    public ILocator Row(string topic) => page.Locator("#leave-requests tr.leave-row", new() { HasText = topic });
    public ILocator Approve(string topic) => Row(topic).Locator(".leave-approve");
}

/// <summary>我的请假 on /Me/Meetings.</summary>
public sealed class MyLeavePage(IPage page)
{
    public ILocator Upcoming(long meetingId) => page.Locator($".my-upcoming-meeting[data-meeting='{meetingId}']");
    public ILocator LeaveToggle(long meetingId) => Upcoming(meetingId).Locator(".my-leave summary");
    public ILocator Reason(long meetingId) => page.Locator($"#reason-{meetingId}");
    public ILocator Submit(long meetingId) => Upcoming(meetingId).Locator(".leave-submit");
    public ILocator Sent => page.Locator("#leave-sent");
    public ILocator Mine(string topic) => page.Locator("#my-leave .my-leave-row", new() { HasText = topic });
}
