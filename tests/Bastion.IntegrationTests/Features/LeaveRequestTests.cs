using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.Features.CheckIn;
using Bastion.IntegrationTests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;

namespace Bastion.IntegrationTests.Features;

/// <summary>请假审批 (/Meetings/Leave, its API) and 我的请假 on /Me/Meetings: scoping, decisions, rejection reasons, withdrawal, export.</summary>
public sealed class LeaveRequestTests(AppFactory app) : AppTest(app)
{
    private long MemberA1 => World.MemberInOrg[World.A1.Id];
    private long MemberB1 => World.MemberInOrg[World.B1.Id];
    private static string S(long v) => v.ToString(CultureInfo.InvariantCulture);

    private Task LinkAsync(string userName, long memberId) =>
        App.ExecAsync($"UPDATE users SET member_id = {memberId} WHERE user_name = '{userName}'");

    private Task<long> MeetingAsync(Organization org, string topic, int inDays = 3) => App.WithDbAsync(async db =>
    {
        var m = new Meeting { OrgId = org.Id, Kinds = MeetingKinds.主题党日, State = MeetingState.计划, HeldAt = App.Clock.GetUtcNow().AddDays(inDays), Topic = topic, CreatedAt = DateTimeOffset.UtcNow };
        db.Set<Meeting>().Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    /// <summary>A pending request written directly (as a member of another branch would have made it), <paramref name="daysAgo"/> days old.</summary>
    private Task<long> PendingAsync(long meetingId, long memberId, string reason, int daysAgo = 0) =>
        App.ScalarAsync($"""
            INSERT INTO meeting_leave_requests (meeting_id, member_id, reason, requested_at, state)
            VALUES ({meetingId}, {memberId}, '{reason}', '{App.Clock.GetUtcNow().AddDays(-daysAgo).UtcDateTime:yyyy-MM-dd HH:mm:ss}+00', '待审批') RETURNING id
            """);

    private Task<HttpResponseMessage> AskAsync(HttpClient c, long meetingId, string reason) =>
        AppFactory.PostFormAsync(c, "/Me/Meetings?handler=Leave", new() { ["MeetingId"] = S(meetingId), ["Reason"] = reason }, formPage: "/Me/Meetings");

    private static Task<HttpResponseMessage> DecideAsync(HttpClient c, long requestId, bool approve, string? reason = null)
    {
        var fields = new Dictionary<string, string> { ["requestId"] = S(requestId), ["approve"] = approve ? "true" : "false" };
        if (reason is not null) fields["rejectionReason"] = reason;
        return AppFactory.PostFormAsync(c, "/Meetings/Leave?handler=Decide", fields, formPage: "/Meetings/Leave");
    }

    private static async Task<string> HtmlAsync(HttpResponseMessage r)
    {
        var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        r.StatusCode.ShouldBe(HttpStatusCode.OK, html.Length > 3000 ? html[..3000] : html);
        return html;
    }

    private Task<MeetingLeaveRequest> RequestAsync(long id) => App.WithDbAsync(db => db.Set<MeetingLeaveRequest>().AsNoTracking().SingleAsync(r => r.Id == id));

    [Fact]
    public async Task The_list_shows_only_requests_of_meetings_in_the_callers_subtree_pending_by_default()
    {
        var a1 = await MeetingAsync(World.A1, "甲一支部主题党日");
        var b1 = await MeetingAsync(World.B1, "乙一支部主题党日");
        var approvedMeeting = await MeetingAsync(World.A1, "甲一支部党课", 5);
        await PendingAsync(a1, MemberA1, "出差在外", daysAgo: 4);
        await PendingAsync(b1, MemberB1, "乙一的请假");
        var approved = await PendingAsync(approvedMeeting, MemberA1, "培训");
        await App.ExecAsync($"UPDATE meeting_leave_requests SET state = '已批准', decided_at = now(), decided_by = 'branchsec' WHERE id = {approved}");

        var c = await App.SignedInAsync("branchsec");
        var html = await HtmlAsync(await c.GetAsync("/Meetings/Leave"));
        html.ShouldContain("甲一支部主题党日");
        html.ShouldContain("出差在外");
        html.ShouldContain("已等待 4 天");
        html.ShouldContain($"href=\"/Meetings/Details/{a1}\"");
        html.ShouldContain("待审批 1");
        html.ShouldNotContain("乙一支部主题党日");
        html.ShouldNotContain("乙一的请假");
        html.ShouldNotContain("甲一支部党课"); // approved: not in the default 待审批 view

        var all = await HtmlAsync(await c.GetAsync("/Meetings/Leave?state=全部"));
        all.ShouldContain("甲一支部党课");
        all.ShouldNotContain("乙一支部主题党日");
        (await HtmlAsync(await c.GetAsync("/Meetings/Leave?name=测试党员3"))).ShouldContain("出差在外");
        (await HtmlAsync(await c.GetAsync("/Meetings/Leave?name=查无此人"))).ShouldContain("没有符合条件的请假申请");
        (await HtmlAsync(await c.GetAsync($"/Meetings/Leave?state=全部&branch={World.A1.Id}&from={ChineseDates.DayOf(App.Clock.GetUtcNow().AddDays(4)):yyyy-MM-dd}"))).ShouldContain("甲一支部党课");
        (await c.GetAsync($"/Meetings/Leave?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // the dashboard points at the pending one
        (await HtmlAsync(await c.GetAsync("/"))).ShouldContain("条请假申请待审批");

        var api = await App.BearerAsync("branchsec");
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/meetings/leave-requests");
        list.GetProperty("total").GetInt32().ShouldBe(1);
        list.GetProperty("items")[0].GetProperty("meetingId").GetInt64().ShouldBe(a1);
        list.GetProperty("items")[0].GetProperty("daysWaiting").GetInt32().ShouldBe(4);
        (await api.GetFromJsonAsync<JsonElement>("/api/v1/meetings/leave-requests?state=全部")).GetProperty("total").GetInt32().ShouldBe(2);
        (await api.GetAsync($"/api/v1/meetings/leave-requests?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_name_with_a_quote_reaches_the_confirm_dialog_as_a_data_attribute_never_inside_the_inline_script()
    {
        await App.ExecAsync($"UPDATE members SET name = '张''三' WHERE id = {MemberA1}");
        var meeting = await MeetingAsync(World.A1, "引号测试");
        await PendingAsync(meeting, MemberA1, "出差");
        var c = await App.SignedInAsync("branchsec");
        foreach (var url in new[] { "/Meetings/Leave", $"/Meetings/CheckIn/{meeting}" })
        {
            var r = await c.GetAsync(url);
            r.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            var raw = await r.Content.ReadAsStringAsync();
            var handlers = System.Text.RegularExpressions.Regex.Matches(raw, "onsubmit=\"([^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
            handlers.ShouldContain("return confirm(this.dataset.confirm)", url);
            handlers.ShouldAllBe(h => !h.Contains('三') && !h.Contains('\''), url);
            WebUtility.HtmlDecode(raw).ShouldContain("data-confirm=\"确定驳回 张'三 的请假申请吗？驳回理由将通知本人。\"", Case.Sensitive, url);
        }
    }

    [Fact]
    public async Task An_empty_list_says_there_is_nothing_to_decide()
    {
        var html = await HtmlAsync(await (await App.SignedInAsync("branchsec")).GetAsync("/Meetings/Leave"));
        html.ShouldContain("没有待审批的请假申请");
        html.ShouldNotContain("条请假申请待审批");
    }

    [Fact]
    public async Task Approving_from_the_list_writes_the_leave_row_notifies_the_member_who_then_sees_it()
    {
        await LinkAsync("mem", MemberA1);
        var meeting = await MeetingAsync(World.A1, "三天后的主题党日");
        var member = await App.SignedInAsync("mem");
        (await AskAsync(member, meeting, "出差在外")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await App.ScalarAsync("SELECT id FROM meeting_leave_requests");

        var sec = await App.SignedInAsync("branchsec");
        var r = await DecideAsync(sec, id, approve: true);
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        r.Headers.Location!.ToString().ShouldContain("ok=approved");
        (await HtmlAsync(await sec.GetAsync(r.Headers.Location!.ToString()))).ShouldContain("已批准请假");

        var request = await RequestAsync(id);
        request.State.ShouldBe(LeaveRequestState.已批准);
        request.DecidedBy.ShouldBe("branchsec");
        request.RejectionReason.ShouldBeNull();
        var row = await App.WithDbAsync(db => db.Set<MeetingAttendance>().AsNoTracking().SingleAsync(a => a.MeetingId == meeting));
        row.Status.ShouldBe(AttendanceStatus.请假);
        row.Reason.ShouldBe("出差在外");
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["mem"]} AND title LIKE '%请假申请已批准%'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM outbox_messages WHERE user_id = {World.UserIds["mem"]}")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'meeting_leave_requests' AND entity_id = '{id}' AND actor_name = 'branchsec'")).ShouldBeGreaterThan(0);

        var mine = await HtmlAsync(await member.GetAsync("/Me/Meetings"));
        mine.ShouldContain("我的请假");
        mine.ShouldContain("已批准");
        mine.ShouldNotContain("撤回请假申请");
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_which_the_member_then_reads()
    {
        await LinkAsync("mem", MemberA1);
        var meeting = await MeetingAsync(World.A1, "支部党员大会");
        var member = await App.SignedInAsync("mem");
        (await AskAsync(member, meeting, "家中有事")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await App.ScalarAsync("SELECT id FROM meeting_leave_requests");
        var sec = await App.SignedInAsync("branchsec");

        (await HtmlAsync(await DecideAsync(sec, id, approve: false))).ShouldContain("驳回请假申请须填写驳回理由");
        (await HtmlAsync(await DecideAsync(sec, id, approve: false, "   "))).ShouldContain("驳回请假申请须填写驳回理由");
        (await HtmlAsync(await DecideAsync(sec, id, approve: false, new string('长', 201)))).ShouldContain("驳回理由不能超过200字");
        (await RequestAsync(id)).State.ShouldBe(LeaveRequestState.待审批);
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["mem"]}")).ShouldBe(0);

        (await DecideAsync(sec, id, approve: false, "  本次选举须本人参加  ")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var request = await RequestAsync(id);
        request.State.ShouldBe(LeaveRequestState.已驳回);
        request.RejectionReason.ShouldBe("本次选举须本人参加");
        (await App.ScalarAsync($"SELECT count(*) FROM meeting_attendance WHERE meeting_id = {meeting}")).ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["mem"]} AND body LIKE '%驳回理由：本次选举须本人参加%'")).ShouldBe(1);

        var mine = await HtmlAsync(await member.GetAsync("/Me/Meetings"));
        mine.ShouldContain("驳回理由：本次选举须本人参加");
        mine.ShouldContain("请假未批准");
        // after a rejection the member may ask again
        (await AskAsync(member, meeting, "确实出差")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync("SELECT count(*) FROM meeting_leave_requests")).ShouldBe(2);
    }

    [Fact]
    public async Task A_decided_request_is_not_decided_again_on_any_path()
    {
        var meeting = await MeetingAsync(World.A1, "主题党日");
        var id = await PendingAsync(meeting, MemberA1, "出差");
        var sec = await App.SignedInAsync("branchsec");
        (await DecideAsync(sec, id, approve: true)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await HtmlAsync(await DecideAsync(sec, id, approve: false, "改主意了"))).ShouldContain("该请假申请已批准，不能重复审批");
        (await HtmlAsync(await DecideAsync(sec, id, approve: true))).ShouldContain("该请假申请已批准，不能重复审批");
        var host = $"/Meetings/CheckIn/{meeting}";
        (await HtmlAsync(await AppFactory.PostFormAsync(sec, host + "?handler=Leave", new() { ["requestId"] = S(id), ["approve"] = "false", ["rejectionReason"] = "x" }, formPage: host)))
            .ShouldContain("该请假申请已批准，不能重复审批");
        var api = await App.BearerAsync("branchsec");
        var r = await api.PostAsJsonAsync($"/api/v1/meetings/{meeting}/leave-requests/{id}/decision", new { approve = false, rejectionReason = "x" });
        r.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await r.Content.ReadAsStringAsync()).ShouldContain("该请假申请已批准，不能重复审批");
        var request = await RequestAsync(id);
        request.State.ShouldBe(LeaveRequestState.已批准);
        request.RejectionReason.ShouldBeNull();
    }

    [Fact]
    public async Task Requests_of_meetings_no_longer_planned_are_not_decided()
    {
        var meeting = await MeetingAsync(World.A1, "取消的会议");
        var id = await PendingAsync(meeting, MemberA1, "出差");
        await App.ExecAsync($"UPDATE meetings SET state = '已取消' WHERE id = {meeting}");
        var sec = await App.SignedInAsync("branchsec");
        (await HtmlAsync(await sec.GetAsync("/Meetings/Leave"))).ShouldContain("会议已取消，不能审批");
        (await HtmlAsync(await DecideAsync(sec, id, approve: true))).ShouldContain("会议已取消，不能再审批请假");
        (await RequestAsync(id)).State.ShouldBe(LeaveRequestState.待审批);
    }

    [Fact]
    public async Task Another_branchs_request_cannot_be_decided_from_the_list_or_the_api()
    {
        var b1 = await MeetingAsync(World.B1, "乙一支部主题党日");
        var a1 = await MeetingAsync(World.A1, "甲一支部主题党日");
        var id = await PendingAsync(b1, MemberB1, "乙一的请假");
        var sec = await App.SignedInAsync("branchsec");
        (await HtmlAsync(await DecideAsync(sec, id, approve: true))).ShouldContain("请假申请不存在");
        var api = await App.BearerAsync("branchsec");
        // another branch's meeting is answered as a missing one (no existence oracle)
        (await api.PostAsJsonAsync($"/api/v1/meetings/{b1}/leave-requests/{id}/decision", new { approve = true })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // naming an own meeting does not reach another meeting's request
        (await api.PostAsJsonAsync($"/api/v1/meetings/{a1}/leave-requests/{id}/decision", new { approve = true })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await RequestAsync(id)).State.ShouldBe(LeaveRequestState.待审批);
        (await App.ScalarAsync($"SELECT count(*) FROM meeting_attendance WHERE meeting_id = {b1}")).ShouldBe(0);
    }

    [Fact]
    public async Task The_api_approves_and_refuses_a_rejection_without_a_reason_with_a_field_error()
    {
        var meeting = await MeetingAsync(World.A1, "主题党日");
        var first = await PendingAsync(meeting, MemberA1, "出差");
        var api = await App.BearerAsync("branchsec");
        var bad = await api.PostAsJsonAsync($"/api/v1/meetings/{meeting}/leave-requests/{first}/decision", new { approve = false });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("rejectionReason")[0].GetString().ShouldBe("驳回请假申请须填写驳回理由");
        (await RequestAsync(first)).State.ShouldBe(LeaveRequestState.待审批);

        var ok = await api.PostAsJsonAsync($"/api/v1/meetings/{meeting}/leave-requests/{first}/decision", new { approve = true });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("state").GetString().ShouldBe("已批准");
        body.GetProperty("decidedBy").GetString().ShouldBe("branchsec");
        (await App.ScalarAsync($"SELECT count(*) FROM meeting_attendance WHERE meeting_id = {meeting} AND status = '请假'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_member_withdraws_a_pending_request_after_confirming_and_may_ask_again()
    {
        await LinkAsync("mem", MemberA1);
        var meeting = await MeetingAsync(World.A1, "主题党日");
        var other = await MeetingAsync(World.B1, "乙一支部主题党日");
        var member = await App.SignedInAsync("mem");
        (await AskAsync(member, meeting, "出差")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await App.ScalarAsync("SELECT id FROM meeting_leave_requests");
        var strangers = await PendingAsync(other, MemberB1, "乙一的请假");

        var page = await HtmlAsync(await member.GetAsync("/Me/Meetings"));
        page.ShouldContain("撤回请假申请");
        page.ShouldContain("确定撤回这条请假申请吗");

        Task<HttpResponseMessage> Withdraw(long requestId) =>
            AppFactory.PostFormAsync(member, "/Me/Meetings?handler=Withdraw", new() { ["requestId"] = S(requestId) }, formPage: "/Me/Meetings");
        (await HtmlAsync(await Withdraw(strangers))).ShouldContain("请假申请不存在");
        (await RequestAsync(strangers)).State.ShouldBe(LeaveRequestState.待审批);

        (await Withdraw(id)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await RequestAsync(id)).State.ShouldBe(LeaveRequestState.已撤回);
        (await HtmlAsync(await Withdraw(id))).ShouldContain("该请假申请已撤回");
        // a withdrawn request cannot be decided, and no longer blocks a new one
        (await HtmlAsync(await DecideAsync(await App.SignedInAsync("branchsec"), id, approve: true))).ShouldContain("该请假申请已由本人撤回，无需审批");
        (await AskAsync(member, meeting, "还是要请假")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var again = await App.ScalarAsync($"SELECT id FROM meeting_leave_requests WHERE state = '待审批' AND member_id = {MemberA1}");
        (await DecideAsync(await App.SignedInAsync("branchsec"), again, approve: true)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await HtmlAsync(await Withdraw(again))).ShouldContain("该请假申请已批准，不能撤回");
    }

    [Fact]
    public async Task The_export_holds_the_filtered_list()
    {
        var a1 = await MeetingAsync(World.A1, "甲一支部主题党日");
        var b1 = await MeetingAsync(World.B1, "乙一支部主题党日");
        await PendingAsync(a1, MemberA1, "出差在外", daysAgo: 2);
        await PendingAsync(b1, MemberB1, "乙一的请假");
        var c = await App.SignedInAsync("branchsec");
        var xlsx = await c.GetAsync("/Meetings/Leave?handler=Export");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe(Bastion.Web.Xlsx.ContentType);
        using var doc = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        var rows = doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(x => x.InnerText).ToList()).ToList();
        rows.Count.ShouldBe(2);
        rows[0].ShouldBe(ListLeaveRequests.ExportHeaders);
        rows[1].ShouldContain("甲一支部主题党日");
        rows[1].ShouldContain("出差在外");
        rows[1].ShouldContain("待审批");
        rows[1][ListLeaveRequests.ExportHeaders.ToList().IndexOf("等待天数")].ShouldBe("2");
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'leave_requests.export'")).ShouldBe(1);

        var none = await c.GetAsync("/Meetings/Leave?handler=Export&name=查无此人");
        using var empty = SpreadsheetDocument.Open(new MemoryStream(await none.Content.ReadAsByteArrayAsync()), false);
        empty.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().Count().ShouldBe(1);
    }
}
