using System.Globalization;
using System.Net;
using Bastion.Domain;
using Bastion.Features.CheckIn;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bastion.IntegrationTests.Features;

/// <summary>我的组织生活 (/Me/Meetings): upcoming meetings, history and rate, and 请假 with its approval.</summary>
public sealed class MyMeetingsTests(AppFactory app) : AppTest(app)
{
    private long MemberA1 => World.MemberInOrg[World.A1.Id];

    private Task LinkAsync(string userName, long memberId) =>
        App.ExecAsync($"UPDATE users SET member_id = {memberId} WHERE user_name = '{userName}'");

    private Task<long> MeetingAsync(Organization org, DateTimeOffset heldAt, string topic, MeetingState state = MeetingState.计划) => App.WithDbAsync(async db =>
    {
        var m = new Meeting { OrgId = org.Id, Kinds = MeetingKinds.主题党日, State = state, HeldAt = heldAt, Topic = topic, CreatedAt = DateTimeOffset.UtcNow };
        db.Set<Meeting>().Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    private Task<HttpResponseMessage> LeaveAsync(HttpClient c, long meetingId, string reason) =>
        AppFactory.PostFormAsync(c, "/Me/Meetings?handler=Leave", new() { ["MeetingId"] = meetingId.ToString(CultureInfo.InvariantCulture), ["Reason"] = reason }, formPage: "/Me/Meetings");

    private static async Task<string> HtmlAsync(HttpResponseMessage r)
    {
        var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        r.StatusCode.ShouldBe(HttpStatusCode.OK, html.Length > 3000 ? html[..3000] : html);
        return html;
    }

    private Task<long> LeaveRowsAsync() => App.ScalarAsync("SELECT count(*) FROM meeting_leave_requests");

    [Fact]
    public async Task A_member_sees_upcoming_meetings_of_their_branch_their_history_and_rate()
    {
        await LinkAsync("mem", MemberA1);
        var now = App.Clock.GetUtcNow();
        await MeetingAsync(World.A1, now.AddDays(3), "三天后的主题党日");
        await MeetingAsync(World.A1, now.AddDays(90), "三个月后的会议");
        await MeetingAsync(World.B1, now.AddDays(3), "别的支部的会议");
        await MeetingAsync(World.A1, now.AddDays(5), "已取消的会议", MeetingState.已取消);
        var held1 = await MeetingAsync(World.A1, now.AddDays(-3), "上周的支部党员大会", MeetingState.已召开);
        var held2 = await MeetingAsync(World.A1, now.AddDays(-2), "前天的党课", MeetingState.已召开);
        await App.ExecAsync($"""
            INSERT INTO meeting_attendance (meeting_id, member_id, status, method, voting, committee, checked_in_at) VALUES ({held1}, {MemberA1}, '出席', '手工签到', true, false, now());
            INSERT INTO meeting_attendance (meeting_id, member_id, status, reason, method, voting, committee) VALUES ({held2}, {MemberA1}, '请假', '出差', '录入', true, false);
            """);
        var c = await App.SignedInAsync("mem");
        var html = await HtmlAsync(await c.GetAsync("/Me/Meetings"));
        html.ShouldContain("三天后的主题党日");
        html.ShouldNotContain("三个月后的会议");
        html.ShouldNotContain("别的支部的会议");
        html.ShouldNotContain("已取消的会议");
        html.ShouldContain("上周的支部党员大会");
        html.ShouldContain("出席（手工签到）");
        html.ShouldContain("前天的党课");
        html.ShouldContain("出差");
        if (now.AddDays(-3).Year == now.Year) html.ShouldContain("应参加 2 次，出席 1 次");
        (await HtmlAsync(await c.GetAsync("/Me"))).ShouldContain("href=\"/Me/Meetings\"");
    }

    [Fact]
    public async Task An_account_without_a_member_sees_an_explanation()
    {
        var html = await HtmlAsync(await (await App.SignedInAsync("branchsec")).GetAsync("/Me/Meetings"));
        html.ShouldContain("尚未关联党员档案");
    }

    [Fact]
    public async Task A_meeting_happening_now_offers_check_in_through_the_hosts_code()
    {
        await LinkAsync("mem", MemberA1);
        var id = await MeetingAsync(World.A1, App.Clock.GetUtcNow().AddMinutes(5), "马上开始的会议");
        var c = await App.SignedInAsync("mem");
        (await HtmlAsync(await c.GetAsync("/Me/Meetings"))).ShouldContain("请用手机扫描主持人在会场出示的签到二维码");
        await App.ExecAsync($"INSERT INTO meeting_attendance (meeting_id, member_id, status, method, voting, committee, checked_in_at) VALUES ({id}, {MemberA1}, '出席', '扫码', true, false, now())");
        var html = await HtmlAsync(await c.GetAsync("/Me/Meetings"));
        html.ShouldNotContain("请用手机扫描主持人在会场出示的签到二维码");
        html.ShouldContain("已签到");
    }

    [Fact]
    public async Task A_member_asks_for_leave_the_secretary_is_notified_and_approval_makes_it_the_leave_row()
    {
        await LinkAsync("mem", MemberA1);
        var id = await MeetingAsync(World.A1, App.Clock.GetUtcNow().AddDays(3), "三天后的主题党日");
        var c = await App.SignedInAsync("mem");
        var r = await LeaveAsync(c, id, "  出差在外  ");
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var request = await App.WithDbAsync(db => db.Set<MeetingLeaveRequest>().AsNoTracking().SingleAsync());
        request.State.ShouldBe(LeaveRequestState.待审批);
        request.Reason.ShouldBe("出差在外");
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["branchsec"]} AND url = '/Meetings/CheckIn/{id}#leave'")).ShouldBe(1);
        (await HtmlAsync(await c.GetAsync("/Me/Meetings"))).ShouldContain("请假待审批");

        // asking twice is refused
        (await HtmlAsync(await LeaveAsync(c, id, "再请一次"))).ShouldContain("您已提交过该会议的请假申请");
        (await LeaveRowsAsync()).ShouldBe(1);

        var host = await App.SignedInAsync("branchsec");
        var url = $"/Meetings/CheckIn/{id}";
        (await HtmlAsync(await host.GetAsync(url))).ShouldContain("出差在外");
        var decide = await AppFactory.PostFormAsync(host, url + "?handler=Leave", new() { ["requestId"] = request.Id.ToString(CultureInfo.InvariantCulture), ["approve"] = "true" }, formPage: url);
        decide.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var row = await App.WithDbAsync(db => db.Set<MeetingAttendance>().AsNoTracking().SingleAsync(a => a.MeetingId == id));
        row.Status.ShouldBe(AttendanceStatus.请假);
        row.Reason.ShouldBe("出差在外");
        row.MemberId.ShouldBe(MemberA1);
        (await App.ScalarAsync($"SELECT count(*) FROM meeting_leave_requests WHERE state = '已批准' AND decided_by = 'branchsec'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["mem"]} AND title LIKE '%已批准%'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_rejected_request_writes_no_attendance()
    {
        await LinkAsync("mem", MemberA1);
        var id = await MeetingAsync(World.A1, App.Clock.GetUtcNow().AddDays(3), "三天后的主题党日");
        (await LeaveAsync(await App.SignedInAsync("mem"), id, "家中有事")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var requestId = await App.ScalarAsync("SELECT id FROM meeting_leave_requests");
        var host = await App.SignedInAsync("branchsec");
        var url = $"/Meetings/CheckIn/{id}";
        (await AppFactory.PostFormAsync(host, url + "?handler=Leave", new() { ["requestId"] = requestId.ToString(CultureInfo.InvariantCulture), ["approve"] = "false", ["rejectionReason"] = "须本人参加" }, formPage: url))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync($"SELECT count(*) FROM meeting_attendance WHERE meeting_id = {id}")).ShouldBe(0);
        (await App.ScalarAsync("SELECT count(*) FROM meeting_leave_requests WHERE state = '已驳回'")).ShouldBe(1);
    }

    [Fact]
    public async Task Leave_cannot_be_requested_for_a_past_or_cancelled_meeting_or_without_a_reason()
    {
        await LinkAsync("mem", MemberA1);
        var now = App.Clock.GetUtcNow();
        var past = await MeetingAsync(World.A1, now.AddHours(-1), "已开始的会议");
        var cancelled = await MeetingAsync(World.A1, now.AddDays(2), "已取消的会议", MeetingState.已取消);
        var other = await MeetingAsync(World.B1, now.AddDays(2), "别的支部的会议");
        var upcoming = await MeetingAsync(World.A1, now.AddDays(2), "后天的会议");
        var c = await App.SignedInAsync("mem");
        (await HtmlAsync(await LeaveAsync(c, past, "迟到"))).ShouldContain("会议已开始或已结束，不能再请假");
        (await HtmlAsync(await LeaveAsync(c, cancelled, "出差"))).ShouldContain("该会议已取消，无需请假");
        (await HtmlAsync(await LeaveAsync(c, other, "出差"))).ShouldContain("您不在该会议所属党组织，不能请假");
        (await HtmlAsync(await LeaveAsync(c, upcoming, "   "))).ShouldContain("请填写请假理由");
        (await HtmlAsync(await LeaveAsync(c, upcoming, new string('长', 201)))).ShouldContain("请假理由不能超过200字");
        (await LeaveRowsAsync()).ShouldBe(0);
        (await App.ScalarAsync("SELECT count(*) FROM notifications")).ShouldBe(0);
    }
}
