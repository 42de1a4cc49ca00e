using Bastion.Data;
using Bastion.Domain;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

public sealed class CheckInJourneys(E2EFixture app) : JourneyTest(app)
{
    private const int PhoneWidth = 375;

    /// <summary>A planned 支部党员大会 of 一采区党支部 starting in ten minutes (no planning UI in this branch), and the demo member's id.</summary>
    private async Task<(long MeetingId, long MemberId)> PlanMeetingAsync(string topic)
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "e2e");
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var branch = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == "一采区党支部");
        var memberId = await db.Users.AsNoTracking().Where(u => u.UserName == "member").Select(u => u.MemberId!.Value).SingleAsync();
        var meeting = new Meeting
        {
            OrgId = branch.Id, Kinds = MeetingKinds.支部党员大会, State = MeetingState.计划, HeldAt = DateTimeOffset.UtcNow.AddMinutes(10),
            Place = "调度楼三楼会议室", Topic = topic, CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "e2e",
        };
        db.Set<Meeting>().Add(meeting);
        await db.SaveChangesAsync();
        return (meeting.Id, memberId);
    }

    [Fact]
    public Task The_secretary_shows_the_code_and_a_member_checks_in_on_a_phone() => JourneyAsync(async j =>
    {
        var topic = "学习党章党规" + Guid.NewGuid().ToString("N")[..4];
        var (meetingId, memberId) = await PlanMeetingAsync(topic);

        // the branch secretary opens the host view on the meeting-room PC
        var host = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "secretary");
        await host.NavigatesByAsync(() => host.GotoAsync(CheckInHostPage.PathOf(meetingId)));
        var board = new CheckInHostPage(host);
        await Expect(board.Qr).ToBeVisibleAsync();
        await Expect(board.Present).ToHaveTextAsync("0");
        await Expect(board.Line(memberId)).ToHaveAttributeAsync("data-status", "未签到");
        var codeUrl = await board.CodeUrlAsync();
        codeUrl.AbsolutePath.ShouldBe("/CheckIn");
        await j.ScreenshotAsync(host, "host-before");

        // a member scans it on a phone: not signed in yet, so through the login page and back
        var phone = await j.NewSessionAsync(Screen.Phone);
        await phone.NavigatesByAsync(() => phone.GotoAsync(codeUrl.PathAndQuery));
        var login = new LoginPage(phone);
        login.IsCurrent.ShouldBeTrue("an anonymous scan asks to sign in first");
        await login.SignInAsync("member", E2EFixture.DemoPassword);
        new Uri(phone.Url).AbsolutePath.ShouldBe("/CheckIn");
        var confirm = new CheckInMemberPage(phone);
        await Expect(confirm.Topic).ToHaveTextAsync(topic);
        await Expect(confirm.Confirm).ToBeInViewportAsync();
        (await phone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "the check-in page scrolls sideways on a phone");
        await j.ScreenshotAsync(phone, "member-confirm");
        await phone.NavigatesByAsync(() => confirm.Confirm.TapAsync());
        await Expect(confirm.Done).ToContainTextAsync("签到成功");
        await j.ScreenshotAsync(phone, "member-done");

        // the host view picks it up by itself (htmx polling)
        await Expect(board.Line(memberId)).ToHaveAttributeAsync("data-status", "出席", new() { Timeout = 15_000 });
        await Expect(board.Present).ToHaveTextAsync("1");
        await Expect(board.Line(memberId)).ToContainTextAsync("扫码签到");
        await j.ScreenshotAsync(host, "host-after");

        // 我的组织生活 on the phone shows the meeting as checked in
        await phone.NavigatesByAsync(() => phone.GotoAsync("/Me/Meetings"));
        await Expect(phone.Locator($".my-upcoming-meeting[data-meeting='{meetingId}'] .my-status")).ToContainTextAsync("已签到");
        (await phone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "我的组织生活 scrolls sideways on a phone");
        await j.ScreenshotAsync(phone, "my-meetings");
    });
}
