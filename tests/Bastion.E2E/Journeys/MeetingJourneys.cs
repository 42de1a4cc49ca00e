using Bastion.Domain;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

public sealed class MeetingJourneys(E2EFixture app) : JourneyTest(app)
{
    private const int PhoneWidth = 375;

    public static TheoryData<Screen> Screens => new(Screen.Desktop, Screen.Phone);

    [Theory]
    [MemberData(nameof(Screens))]
    public Task The_branch_secretary_records_a_party_congress_and_sees_it_on_the_details_page(Screen screen) => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "secretary");
        var shell = new ShellPage(page);
        if (screen == Screen.Phone) await shell.OpenPhoneMenuAsync();
        await page.NavigatesByAsync(() => shell.MenuLinks.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^\\s*组织生活\\s*$") }).ClickAsync());
        new Uri(page.Url).AbsolutePath.ShouldBe("/Meetings");
        await Expect(page.Locator("#meetings tbody tr").First).ToBeVisibleAsync();
        await FitsAsync(j, page, "list");

        await page.NavigatesByAsync(() => page.Locator("#record-meeting").ClickAsync());
        var form = new RecordMeetingPage(page);
        await Expect(form.Org).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"\d+"));
        // yesterday, at a time of day the demo data does not use (each screen its own, so the two runs do not collide)
        await form.ChooseDateAsync(TimeProvider.System.Today().AddDays(-1));
        await form.Time.FillAsync(screen == Screen.Phone ? "10:40" : "09:40");
        await Expect(form.RosterSummary).ToContainTextAsync("应到");
        await form.TypeAsync("支部党员大会");
        var topic = $"支部党员大会：讨论发展党员（{(screen == Screen.Phone ? "手机" : "电脑")}录入）";
        await form.Topic.FillAsync(topic);
        await form.Place.FillAsync("一采区党员活动室");
        await form.Host.SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await form.Recorder.SelectOptionAsync(new SelectOptionValue { Index = 2 });
        await form.MarkLeaveAsync(3, "井下值班");
        // nobody starts 出席: the others are marked in one explicit act
        (await form.UnmarkedCount.InnerTextAsync()).ShouldNotBe("0");
        await form.MarkAllPresent.ClickAsync();
        await Expect(form.UnmarkedCount).ToHaveTextAsync("0");
        await Expect(form.MarkAllPresent).ToBeHiddenAsync();
        // the minutes are typed into the rich-text box and made bold with its toolbar
        await form.Minutes.FillAsync("会议讨论了发展党员事项。");
        await form.Minutes.PressAsync("Control+A");
        await form.MinutesButton("加粗").ClickAsync();
        await Expect(form.Minutes.Locator("b, strong")).ToHaveTextAsync("会议讨论了发展党员事项。");
        await FitsAsync(j, page, "form");
        await page.NavigatesByAsync(form.SubmitAsync);

        var details = new MeetingDetailsPage(page);
        await Expect(details.Recorded).ToBeVisibleAsync();
        await Expect(details.Topic).ToHaveTextAsync(topic);
        await Expect(details.QuorumBadge).ToHaveTextAsync("有效");
        await Expect(details.Attendance.Filter(new() { HasText = "井下值班" })).ToContainTextAsync("请假");
        await Expect(details.Attendance.Filter(new() { HasText = "井下值班" })).ToContainTextAsync("录入");
        await Expect(page.Locator(".bb-minutes")).ToContainTextAsync("会议讨论了发展党员事项");
        await Expect(page.Locator(".bb-minutes").Locator("b, strong")).ToHaveTextAsync("会议讨论了发展党员事项。");
        (await page.Locator(".bb-minutes script").CountAsync()).ShouldBe(0);
        await FitsAsync(j, page, "details");
    }, screen, screen.ToString());

    [Theory]
    [MemberData(nameof(Screens))]
    public Task Choosing_a_committee_meeting_narrows_the_roster_live_and_all_present_marks_the_rest(Screen screen) => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "secretary");
        await page.NavigatesByAsync(() => page.GotoAsync(RecordMeetingPage.Path));
        var form = new RecordMeetingPage(page);
        await form.ChooseDateAsync(TimeProvider.System.Today().AddDays(-1));
        await form.Time.FillAsync(screen == Screen.Phone ? "16:10" : "15:10");
        var topic = $"支委会：研究本月工作（{(screen == Screen.Phone ? "手机" : "电脑")}）";
        await form.Topic.FillAsync(topic);
        // the whole branch before a kind is chosen; nobody is marked
        var everyone = await form.Checklist.CountAsync();
        var committee = form.Checklist.Filter(new() { Has = page.Locator(".badge", new() { HasText = "支委" }) });
        var committeeCount = await committee.CountAsync();
        committeeCount.ShouldBeGreaterThan(1, "the demo branch has a committee");
        everyone.ShouldBeGreaterThan(committeeCount);
        await Expect(form.UnmarkedCount).ToHaveTextAsync(everyone.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // one committee member marked 请假 before the kind is chosen stays marked when the roster narrows
        var away = committee.First;
        var awayId = await away.GetAttributeAsync("data-member");
        await away.Locator("label", new() { HasText = "请假" }).ClickAsync();
        await away.Locator("input[name^='Input.Reason']").FillAsync("外出培训");
        await FitsAsync(j, page, "committee-before");

        await form.ChooseTypeAsync("支部委员会");
        await Expect(form.Checklist).ToHaveCountAsync(committeeCount);
        await Expect(form.RosterSummary).ToContainTextAsync("支部委员会只列支委");
        await Expect(form.Host.Locator("option")).ToHaveCountAsync(committeeCount + 1);
        await Expect(form.Recorder.Locator("option")).ToHaveCountAsync(committeeCount + 1);
        var kept = page.Locator($"#attendance-checklist tbody tr[data-member='{awayId}']");
        await Expect(kept).ToHaveAttributeAsync("data-status", "请假");
        await Expect(kept.Locator("input[name^='Input.Reason']")).ToHaveValueAsync("外出培训");
        await Expect(form.Topic).ToHaveValueAsync(topic);

        await form.MarkAllPresent.ClickAsync();
        await Expect(form.UnmarkedCount).ToHaveTextAsync("0");
        await Expect(page.Locator("#attendance-checklist tbody tr[data-status='出席']")).ToHaveCountAsync(committeeCount - 1);
        await form.Host.SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await form.Recorder.SelectOptionAsync(new SelectOptionValue { Index = 2 });
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await FitsAsync(j, page, "committee-form");
        await page.NavigatesByAsync(form.SubmitAsync);

        var details = new MeetingDetailsPage(page);
        if (new Uri(page.Url).AbsolutePath == RecordMeetingPage.Path)
            throw new InvalidOperationException("The record was refused: " + string.Join(" | ", await page.Locator("#meeting-form .alert-danger, #meeting-form .invalid-feedback").AllInnerTextsAsync()));
        await Expect(details.Recorded).ToBeVisibleAsync();
        await Expect(details.Topic).ToHaveTextAsync(topic);
        // more than half of the committee present makes it valid
        await Expect(details.QuorumBadge).ToHaveTextAsync((committeeCount - 1) * 2 > committeeCount ? "有效" : "无效");
        await Expect(details.Attendance).ToHaveCountAsync(committeeCount);
        await Expect(details.Present).ToHaveTextAsync((committeeCount - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await FitsAsync(j, page, "committee-details");
    }, screen, screen.ToString());

    private static async Task FitsAsync(Journey j, IPage page, string step)
    {
        if (j.Screen == Screen.Phone)
            (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, $"{step} scrolls sideways on a phone");
        await j.ScreenshotAsync(page, step);
    }
}
