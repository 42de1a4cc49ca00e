using Bastion.Data;
using Bastion.Domain;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>The member's personal home on a phone and a desktop, and every role's way home (logo, 首页, 返回首页).</summary>
public sealed class PersonalHomeJourneys(E2EFixture app) : JourneyTest(app)
{
    private const int PhoneWidth = 375;

    /// <summary>A 主题党日 of 一采区党支部 planned two days ahead (the demo member's branch).</summary>
    private async Task<long> PlanMeetingAsync(string topic)
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "e2e");
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var branch = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == "一采区党支部");
        var meeting = new Meeting
        {
            OrgId = branch.Id, Kinds = MeetingKinds.主题党日, State = MeetingState.计划, HeldAt = DateTimeOffset.UtcNow.AddDays(2),
            Place = "机关党员活动室", Topic = topic, CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "e2e",
        };
        db.Set<Meeting>().Add(meeting);
        await db.SaveChangesAsync();
        return meeting.Id;
    }

    public static TheoryData<Screen> Screens => new(Screen.Phone, Screen.Desktop);

    [Theory]
    [MemberData(nameof(Screens))]
    public Task A_member_signs_in_to_the_personal_home_asks_for_leave_and_sees_its_state(Screen screen) => JourneyAsync(async j =>
    {
        var topic = "主题党日" + Guid.NewGuid().ToString("N")[..4];
        var meetingId = await PlanMeetingAsync(topic);

        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "member");
        new Uri(page.Url).AbsolutePath.ShouldBe(PersonalHomePage.Path);
        var home = new PersonalHomePage(page);
        await Expect(home.Next).ToBeVisibleAsync();
        await Expect(home.Meeting(meetingId)).ToContainTextAsync(topic);
        await Expect(home.Meeting(meetingId)).ToContainTextAsync("机关党员活动室");
        await Expect(home.Meeting(meetingId)).ToContainTextAsync("主题党日");
        await Expect(home.Attendance).ToContainTextAsync("应到");
        await Expect(home.Notifications).ToContainTextAsync("欢迎使用");
        // a 支部委员会 is only for the 支委: the demo member is not one, so none is offered
        await Expect(page.Locator(".my-home-meeting[data-kinds='支部委员会']")).ToHaveCountAsync(0);
        if (screen == Screen.Phone) (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "我的 scrolls sideways on a phone");
        await j.ScreenshotAsync(page, "home");

        // the menu: 我的 and 我的组织生活, no 工作台
        var shell = new ShellPage(page);
        if (screen == Screen.Phone) await shell.OpenPhoneMenuAsync();
        var menu = await shell.MenuTitlesAsync();
        menu.ShouldContain("我的");
        menu.ShouldContain("我的组织生活");
        menu.ShouldNotContain("工作台");
        if (screen == Screen.Phone)
        {
            await j.ScreenshotAsync(page, "menu");
            await page.Locator("#bb-sidebar .btn-close").ClickAsync();
            await Expect(shell.Sidebar).ToBeHiddenAsync();
        }

        // 请假 right from the home
        await home.LeaveToggle(meetingId).ClickAsync();
        await home.Reason(meetingId).FillAsync("外出参加安全培训");
        await j.ScreenshotAsync(page, "leave-form");
        await page.NavigatesByAsync(() => home.Submit(meetingId).ClickAsync());
        await Expect(home.Sent).ToBeVisibleAsync();
        await Expect(home.Status(meetingId)).ToHaveTextAsync("请假待审批");
        await Expect(home.LeaveRow(meetingId).Locator(".my-home-leave-state")).ToHaveTextAsync("待审批");
        if (screen == Screen.Phone) (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "我的 scrolls sideways on a phone");
        await j.ScreenshotAsync(page, "leave-pending");

        // 我的组织生活 from the menu shows the same request
        if (screen == Screen.Phone) await shell.OpenPhoneMenuAsync();
        await page.NavigatesByAsync(() => shell.MenuLinks.Filter(new() { HasText = "我的组织生活" }).ClickAsync());
        new Uri(page.Url).AbsolutePath.ShouldBe("/Me/Meetings");
        await Expect(page.Locator($".my-leave-row", new() { HasText = topic }).Locator(".my-leave-state")).ToHaveTextAsync("待审批");
        await j.ScreenshotAsync(page, "my-meetings");
    }, screen, variant: screen.ToString());

    [Fact]
    public Task The_auditors_logo_首页_and_返回首页_lead_to_the_audit_log_not_to_a_refusal() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "auditor");
        new Uri(page.Url).AbsolutePath.ShouldBe("/Audit");

        // the logo
        await page.GotoAsync("/Notifications");
        await page.NavigatesByAsync(() => page.Locator("header .navbar-brand").ClickAsync());
        new Uri(page.Url).AbsolutePath.ShouldBe("/Audit");
        await Expect(new ErrorPage(page).Root).ToHaveCountAsync(0);
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("审计日志");

        // 首页 in the breadcrumb
        await page.GotoAsync("/Notifications");
        await page.NavigatesByAsync(() => page.Locator("#crumb-home").ClickAsync());
        new Uri(page.Url).AbsolutePath.ShouldBe("/Audit");
        await Expect(new ErrorPage(page).Root).ToHaveCountAsync(0);

        // a refused page: 返回首页 leads to the audit log, not to another 403
        var refused = await page.GotoAsync("/Admin/Users");
        refused.ShouldNotBeNull().Status.ShouldBe(403);
        await Expect(new ErrorPage(page).Code).ToHaveTextAsync("403");
        await j.ScreenshotAsync(page, "forbidden");
        await page.NavigatesByAsync(() => page.Locator("#error-home").ClickAsync());
        new Uri(page.Url).AbsolutePath.ShouldBe("/Audit");
        await Expect(new ErrorPage(page).Root).ToHaveCountAsync(0);
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("审计日志");
        await j.ScreenshotAsync(page, "home");
    });
}
