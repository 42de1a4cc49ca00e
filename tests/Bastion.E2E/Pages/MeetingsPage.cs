using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Meetings/Record: the form that records a held meeting.</summary>
public sealed class RecordMeetingPage(IPage page)
{
    public const string Path = "/Meetings/Record";
    public ILocator Org => page.Locator("#OrgId");
    public ILocator Date => page.Locator("#Date");
    public ILocator Time => page.Locator("#Time");
    public ILocator Topic => page.Locator("#Topic");
    public ILocator Place => page.Locator("#Place");
    public ILocator Host => page.Locator("#HostId");
    public ILocator Recorder => page.Locator("#RecorderId");
    public ILocator RosterSummary => page.Locator("#roster-summary");
    public ILocator Checklist => page.Locator("#attendance-checklist tbody tr");
    public ILocator Errors => page.Locator("#form-errors");
    /// <summary>The rich-text 会议记录 box (the textarea behind it is hidden once the editor starts).</summary>
    public ILocator Minutes => page.Locator("#minutes-editor");
    public ILocator MinutesButton(string title) => page.Locator($".bb-editor-toolbar button[title='{title}']");

    public Task TypeAsync(string name) => page.Locator("#types label", new() { HasText = name }).ClickAsync();

    /// <summary>Checks a meeting kind and waits for the roster to reload (htmx) for it.</summary>
    public async Task ChooseTypeAsync(string name)
    {
        var reloaded = page.WaitForResponseAsync(r => r.Url.Contains("handler=Roster", StringComparison.Ordinal));
        await TypeAsync(name);
        await reloaded;
    }

    /// <summary>"未签到的全部出席": marks everyone not yet marked 出席.</summary>
    public ILocator MarkAllPresent => page.Locator("#mark-all-present");
    public ILocator UnmarkedCount => page.Locator("#unmarked-count");
    public ILocator YearOf => page.Locator("#YearOf");

    /// <summary>Chooses the date; the roster checklist reloads (htmx) for it.</summary>
    public async Task ChooseDateAsync(DateOnly day)
    {
        var text = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var reloaded = page.WaitForResponseAsync(r => r.Url.Contains("handler=Roster", StringComparison.Ordinal));
        // exactly one change event, so exactly one roster reload: Playwright's FillAsync on a date input already fires
        // "change", and a second one queued a second reload that could swap the roster (host, recorder) after the
        // journey had chosen them
        await Date.EvaluateAsync("(el, v) => { el.value = v; el.dispatchEvent(new Event('change', { bubbles: true })); }", text);
        await reloaded;
    }

    public ILocator RowOf(int index) => Checklist.Nth(index);

    public async Task MarkLeaveAsync(int index, string reason)
    {
        var row = RowOf(index);
        await row.Locator("label", new() { HasText = "请假" }).ClickAsync();
        await row.Locator("input[name^='Input.Reason']").FillAsync(reason);
    }

    public Task SubmitAsync() => page.Locator("#save-meeting").ClickAsync();
}

/// <summary>/Meetings/Details/{id}.</summary>
public sealed class MeetingDetailsPage(IPage page)
{
    public ILocator Topic => page.Locator("#meeting-topic");
    public ILocator QuorumBadge => page.Locator("#quorum-badge");
    public ILocator Recorded => page.Locator("#recorded-notice");
    public ILocator Present => page.Locator("#present-count");
    public ILocator Attendance => page.Locator("#attendance tbody tr");
}
