using Bastion.Data;
using Bastion.Domain;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

public sealed class LeaveJourneys(E2EFixture app) : JourneyTest(app)
{
    private const int PhoneWidth = 375;

    /// <summary>A 支部党员大会 of 一采区党支部 planned three days ahead.</summary>
    private async Task<long> PlanMeetingAsync(string topic)
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "e2e");
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var branch = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == "一采区党支部");
        var meeting = new Meeting
        {
            OrgId = branch.Id, Kinds = MeetingKinds.支部党员大会, State = MeetingState.计划, HeldAt = DateTimeOffset.UtcNow.AddDays(3),
            Place = "调度楼三楼会议室", Topic = topic, CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "e2e",
        };
        db.Set<Meeting>().Add(meeting);
        await db.SaveChangesAsync();
        return meeting.Id;
    }

    [Fact]
    public Task A_member_asks_for_leave_on_a_phone_and_the_secretary_approves_it_from_the_list() => JourneyAsync(async j =>
    {
        var topic = "换届选举党员大会" + Guid.NewGuid().ToString("N")[..4];
        var meetingId = await PlanMeetingAsync(topic);

        // the member asks for leave on a phone
        var phone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "member");
        await phone.NavigatesByAsync(() => phone.GotoAsync("/Me/Meetings"));
        var mine = new MyLeavePage(phone);
        await mine.LeaveToggle(meetingId).TapAsync();
        await mine.Reason(meetingId).FillAsync("外出参加安全培训");
        await j.ScreenshotAsync(phone, "member-asks");
        await phone.NavigatesByAsync(() => mine.Submit(meetingId).TapAsync());
        await Expect(mine.Sent).ToBeVisibleAsync();
        await Expect(mine.Mine(topic).Locator(".my-leave-state")).ToHaveTextAsync("待审批");
        await Expect(mine.Mine(topic).Locator(".my-leave-withdraw")).ToBeVisibleAsync();
        (await phone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "我的请假 scrolls sideways on a phone");
        await mine.Mine(topic).ScrollIntoViewIfNeededAsync();
        await j.ScreenshotAsync(phone, "member-pending");

        // the secretary finds it on the desktop list, pending by default, and approves it
        var desk = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "secretary");
        await desk.NavigatesByAsync(() => desk.GotoAsync(LeaveReviewPage.Path));
        var list = new LeaveReviewPage(desk);
        await Expect(list.State).ToHaveValueAsync("待审批");
        await Expect(list.Row(topic)).ToContainTextAsync("外出参加安全培训");
        await Expect(list.Row(topic).Locator(".leave-waiting")).ToHaveTextAsync("已等待 0 天");
        await j.ScreenshotAsync(desk, "secretary-list");

        // the same pending list on the secretary's phone: the reject form opens in place, with its reason field
        var secretaryPhone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "secretary");
        await secretaryPhone.NavigatesByAsync(() => secretaryPhone.GotoAsync(LeaveReviewPage.Path));
        var phoneList = new LeaveReviewPage(secretaryPhone);
        await phoneList.Row(topic).Locator(".leave-reject").TapAsync();
        await Expect(phoneList.Row(topic).Locator("textarea[name=rejectionReason]")).ToBeVisibleAsync();
        (await secretaryPhone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "请假审批 scrolls sideways on a phone");
        await j.ScreenshotAsync(secretaryPhone, "secretary-list-phone");
        await desk.NavigatesByAsync(() => list.Approve(topic).ClickAsync());
        await Expect(list.Ok).ToContainTextAsync("已批准请假");
        await Expect(list.Row(topic)).ToHaveCountAsync(0);
        await j.ScreenshotAsync(desk, "secretary-approved");

        // it is under 已批准 now
        await list.State.SelectOptionAsync("已批准");
        await desk.NavigatesByAsync(() => list.Filter.ClickAsync());
        await Expect(list.Row(topic).Locator(".leave-state")).ToHaveTextAsync("已批准");

        // back on the phone the member sees 已批准, and can no longer withdraw it
        await phone.NavigatesByAsync(() => phone.GotoAsync("/Me/Meetings"));
        await Expect(mine.Mine(topic).Locator(".my-leave-state")).ToHaveTextAsync("已批准");
        await Expect(mine.Mine(topic).Locator(".my-leave-withdraw")).ToHaveCountAsync(0);
        await Expect(mine.Upcoming(meetingId).Locator(".my-status")).ToHaveTextAsync("请假");
        (await phone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "我的组织生活 scrolls sideways on a phone");
        await mine.Mine(topic).ScrollIntoViewIfNeededAsync();
        await j.ScreenshotAsync(phone, "member-approved");

        // the list at phone width too, after the decision
        await secretaryPhone.NavigatesByAsync(() => secretaryPhone.GotoAsync(LeaveReviewPage.Path + "?state=全部"));
        (await secretaryPhone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "请假审批 scrolls sideways on a phone");
        await j.ScreenshotAsync(secretaryPhone, "secretary-list-phone-decided");
    });
}
