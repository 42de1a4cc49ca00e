using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Bastion.Domain;
using Bastion.Features.CheckIn;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// 我的 (/Me/Home), the member's personal home, and the rule that leave and check-in are offered only for meetings the
/// person should attend: a 支部委员会 only to the 支委 of that branch — refused by the use case, through the page and the API.
/// </summary>
public sealed class PersonalHomeTests(AppFactory app) : AppTest(app)
{
    private long MemberA1 => World.MemberInOrg[World.A1.Id];

    private Task LinkAsync(string userName, long memberId) =>
        App.ExecAsync($"UPDATE users SET member_id = {memberId} WHERE user_name = '{userName}'");

    private Task<long> MeetingAsync(Organization org, MeetingKinds kinds, DateTimeOffset heldAt, string topic, string? place = "党员活动室") => App.WithDbAsync(async db =>
    {
        var m = new Meeting { OrgId = org.Id, Kinds = kinds, State = MeetingState.计划, HeldAt = heldAt, Place = place, Topic = topic, CreatedAt = DateTimeOffset.UtcNow };
        db.Set<Meeting>().Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    /// <summary>Makes the member a 支委 of the organization (a current term listing them).</summary>
    private Task MakeCommitteeAsync(Organization org, long memberId) => App.WithDbAsync(async db =>
    {
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-1);
        var term = new OrgTerm { OrgId = org.Id, Number = 1, StartDate = start, DueDate = start.AddYears(3), CreatedAt = DateTimeOffset.UtcNow };
        db.Add(term);
        await db.SaveChangesAsync();
        db.Add(new OrgTermMember { TermId = term.Id, Post = CommitteePost.书记, Name = "测试党员3", MemberId = memberId, AppointedAt = start });
        await db.SaveChangesAsync();
        return 0;
    });

    private static async Task<string> HtmlAsync(HttpResponseMessage r)
    {
        var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        r.StatusCode.ShouldBe(HttpStatusCode.OK, html.Length > 3000 ? html[..3000] : html);
        return html;
    }

    private static Task<HttpResponseMessage> LeaveOnHomeAsync(HttpClient c, long meetingId, string reason) =>
        AppFactory.PostFormAsync(c, "/Me/Home?handler=Leave", new() { ["MeetingId"] = meetingId.ToString(CultureInfo.InvariantCulture), ["Reason"] = reason }, formPage: "/Me/Home");

    private Task<long> LeaveRowsAsync() => App.ScalarAsync("SELECT count(*) FROM meeting_leave_requests");

    [Fact]
    public async Task A_member_sees_their_next_meeting_with_time_place_and_kind_their_attendance_with_its_denominator_and_their_notifications()
    {
        await LinkAsync("mem", MemberA1);
        var now = App.Clock.GetUtcNow();
        var next = await MeetingAsync(World.A1, MeetingKinds.主题党日, now.AddDays(2), "两天后的主题党日", "调度楼三楼");
        await MeetingAsync(World.A1, MeetingKinds.支部党员大会, now.AddDays(9), "九天后的党员大会");
        var held = await MeetingAsync(World.A1, MeetingKinds.党课, now.AddDays(-1), "昨天的党课");
        await App.ExecAsync($"""
            UPDATE meetings SET state = '已召开' WHERE id = {held};
            INSERT INTO meeting_attendance (meeting_id, member_id, status, method, voting, committee) VALUES ({held}, {MemberA1}, '出席', '录入', true, false);
            INSERT INTO notifications (user_id, title, created_at) VALUES ({World.UserIds["mem"]}, '请按时参加主题党日', now());
            """);

        var html = await HtmlAsync(await (await App.SignedInAsync("mem")).GetAsync("/Me/Home"));

        var card = html[html.IndexOf("id=\"my-next\"", StringComparison.Ordinal)..html.IndexOf("id=\"my-attendance\"", StringComparison.Ordinal)];
        card.ShouldContain($"data-meeting=\"{next}\"");
        card.IndexOf("两天后的主题党日", StringComparison.Ordinal).ShouldBeLessThan(card.IndexOf("九天后的党员大会", StringComparison.Ordinal));
        card.ShouldContain("调度楼三楼");
        card.ShouldContain("主题党日");
        card.ShouldContain(ChineseDates.DateTime(now.AddDays(2)));
        card.ShouldContain("请假");
        if (now.AddDays(-1).Year == now.Year) html.ShouldContain("应到 1 次，出席 1 次");
        html.ShouldContain("截至");
        html.ShouldContain("请按时参加主题党日");
    }

    [Fact]
    public async Task A_member_asks_for_leave_from_the_personal_home_and_sees_it_pending()
    {
        await LinkAsync("mem", MemberA1);
        var id = await MeetingAsync(World.A1, MeetingKinds.主题党日, App.Clock.GetUtcNow().AddDays(3), "三天后的主题党日");
        var c = await App.SignedInAsync("mem");

        (await HtmlAsync(await LeaveOnHomeAsync(c, id, "  "))).ShouldContain("请填写请假理由");
        var r = await LeaveOnHomeAsync(c, id, "出差在外");
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LeaveRowsAsync()).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM notifications WHERE user_id = {World.UserIds["branchsec"]} AND url = '/Meetings/CheckIn/{id}#leave'")).ShouldBe(1);
        var html = await HtmlAsync(await c.GetAsync("/Me/Home?sent=1"));
        html.ShouldContain("请假申请已提交");
        html.ShouldContain("请假待审批");
        html.ShouldContain("data-state=\"待审批\"");
    }

    [Fact]
    public async Task A_member_who_is_not_a_committee_member_is_not_offered_and_is_refused_leave_for_a_branch_committee_meeting()
    {
        await LinkAsync("mem", MemberA1);
        var committee = await MeetingAsync(World.A1, MeetingKinds.支部委员会, App.Clock.GetUtcNow().AddDays(4), "四天后的支委会");
        var c = await App.SignedInAsync("mem");

        // not offered on either page
        (await HtmlAsync(await c.GetAsync("/Me/Home"))).ShouldNotContain("四天后的支委会");
        (await HtmlAsync(await c.GetAsync("/Me/Meetings"))).ShouldNotContain("四天后的支委会");

        // refused by the use case when posted anyway: the page …
        (await HtmlAsync(await LeaveOnHomeAsync(c, committee, "出差"))).ShouldContain("只有支委会成员参加");
        (await HtmlAsync(await AppFactory.PostFormAsync(c, "/Me/Meetings?handler=Leave",
            new() { ["MeetingId"] = committee.ToString(CultureInfo.InvariantCulture), ["Reason"] = "出差" }, formPage: "/Me/Meetings"))).ShouldContain("只有支委会成员参加");
        // … and the API
        var api = await App.BearerAsync("mem");
        var refused = await api.PostAsJsonAsync($"/api/v1/meetings/{committee}/leave-requests", new { reason = "出差" });
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("只有支委会成员参加");
        (await LeaveRowsAsync()).ShouldBe(0);

        // scanning the host's code is refused the same way
        var token = App.Services.GetRequiredService<CheckInTokens>().Issue(committee, App.Clock.GetUtcNow()).Token;
        await App.ExecAsync($"UPDATE meetings SET held_at = now() + interval '5 minutes' WHERE id = {committee}");
        var scan = await api.PostAsJsonAsync($"/api/v1/meetings/{committee}/check-in", new { token });
        scan.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.ScalarAsync($"SELECT count(*) FROM meeting_attendance WHERE meeting_id = {committee}")).ShouldBe(0);
    }

    [Fact]
    public async Task A_committee_member_is_offered_and_granted_leave_for_the_branch_committee_meeting()
    {
        await LinkAsync("mem", MemberA1);
        await MakeCommitteeAsync(World.A1, MemberA1);
        var committee = await MeetingAsync(World.A1, MeetingKinds.支部委员会, App.Clock.GetUtcNow().AddDays(4), "四天后的支委会");
        var c = await App.SignedInAsync("mem");
        (await HtmlAsync(await c.GetAsync("/Me/Home"))).ShouldContain("四天后的支委会");

        var api = await App.BearerAsync("mem");
        var ok = await api.PostAsJsonAsync($"/api/v1/meetings/{committee}/leave-requests", new { reason = "出差" });
        ok.StatusCode.ShouldBe(HttpStatusCode.Created, await ok.Content.ReadAsStringAsync());
        (await ok.Content.ReadAsStringAsync()).ShouldContain("待审批");
        (await LeaveRowsAsync()).ShouldBe(1);
        var again = await api.PostAsJsonAsync($"/api/v1/meetings/{committee}/leave-requests", new { reason = "出差" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_leave_api_checks_the_reason_the_meeting_and_the_linked_member()
    {
        var noMember = await App.BearerAsync("mem");
        var id = await MeetingAsync(World.A1, MeetingKinds.主题党日, App.Clock.GetUtcNow().AddDays(3), "三天后的主题党日");
        (await noMember.PostAsJsonAsync($"/api/v1/meetings/{id}/leave-requests", new { reason = "出差" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await LinkAsync("mem", MemberA1);
        (await noMember.PostAsJsonAsync($"/api/v1/meetings/{id}/leave-requests", new { reason = " " })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noMember.PostAsJsonAsync("/api/v1/meetings/999999/leave-requests", new { reason = "出差" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var other = await MeetingAsync(World.B1, MeetingKinds.主题党日, App.Clock.GetUtcNow().AddDays(3), "别的支部的会议");
        (await noMember.PostAsJsonAsync($"/api/v1/meetings/{other}/leave-requests", new { reason = "出差" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await LeaveRowsAsync()).ShouldBe(0);
    }
}
