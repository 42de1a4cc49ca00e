using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bastion.Domain;
using Bastion.Features.CheckIn;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Features;

/// <summary>QR check-in: the host view, the member's confirmation page and API, manual check-in, and every refusal.</summary>
public sealed partial class CheckInTests(AppFactory app) : AppTest(app)
{
    private long MemberA1 => World.MemberInOrg[World.A1.Id];

    private Task LinkAsync(string userName, long memberId) =>
        App.ExecAsync($"UPDATE users SET member_id = {memberId} WHERE user_name = '{userName}'");

    private Task<long> MeetingAsync(Organization org, DateTimeOffset heldAt, MeetingState state = MeetingState.计划, DateTimeOffset? recordedAt = null,
        MeetingKinds kinds = MeetingKinds.支部党员大会 | MeetingKinds.党课) => App.WithDbAsync(async db =>
    {
        var m = new Meeting
        {
            OrgId = org.Id, Kinds = kinds, State = state, HeldAt = heldAt, Place = "三楼会议室",
            Topic = "学习贯彻党的二十届四中全会精神", CreatedAt = DateTimeOffset.UtcNow, RecordedAt = recordedAt,
        };
        db.Set<Meeting>().Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    /// <summary>A meeting of 甲一党支部 starting in 5 minutes (check-in open, whatever the time of day).</summary>
    private Task<long> NowMeetingAsync(MeetingState state = MeetingState.计划, DateTimeOffset? recordedAt = null) =>
        MeetingAsync(World.A1, App.Clock.GetUtcNow().AddMinutes(5), state, recordedAt);

    private string Token(long meetingId) => App.Services.GetRequiredService<CheckInTokens>().Issue(meetingId, App.Clock.GetUtcNow()).Token;

    private Task<long> RowsAsync(long meetingId) => App.ScalarAsync($"SELECT count(*) FROM meeting_attendance WHERE meeting_id = {meetingId}");

    private static async Task<string> ConfirmAsync(HttpClient c, string token)
    {
        var url = "/CheckIn?t=" + Uri.EscapeDataString(token);
        var r = await AppFactory.PostFormAsync(c, url, new() { ["t"] = token }, formPage: url);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        return WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
    }

    private static async Task<string> PageAsync(HttpClient c, string url)
    {
        var r = await c.GetAsync(url);
        r.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_committee_meeting_is_checked_in_by_the_committee_only_and_its_board_lists_the_committee()
    {
        // the seeded member of 甲一党支部 is not on its committee (no term recorded)
        await LinkAsync("mem", MemberA1);
        var id = await MeetingAsync(World.A1, App.Clock.GetUtcNow().AddMinutes(5), kinds: MeetingKinds.支部委员会);
        var c = await App.SignedInAsync("mem");
        (await ConfirmAsync(c, Token(id))).ShouldContain("只有支委会成员参加；您不是支委会成员");
        (await RowsAsync(id)).ShouldBe(0);
        var host = await App.SignedInAsync("branchsec");
        var board = await PageAsync(host, $"/Meetings/CheckIn/{id}");
        board.ShouldNotContain($"data-member=\"{MemberA1}\"");
        board.ShouldContain("应到 <b id=\"checkin-expected\">0</b>");
    }

    [Fact]
    public async Task A_member_scans_confirms_and_is_recorded_present_by_scan_once()
    {
        await LinkAsync("mem", MemberA1);
        var id = await NowMeetingAsync();
        var c = await App.SignedInAsync("mem");
        var token = Token(id);

        var preview = await PageAsync(c, "/CheckIn?t=" + token);
        preview.ShouldContain("学习贯彻党的二十届四中全会精神");
        preview.ShouldContain("支部党员大会、党课");
        preview.ShouldContain("三楼会议室");
        preview.ShouldContain("确认签到");
        (await RowsAsync(id)).ShouldBe(0, "looking is not checking in");

        (await ConfirmAsync(c, token)).ShouldContain("签到成功");
        var row = await App.WithDbAsync(db => db.Set<MeetingAttendance>().AsNoTracking().SingleAsync(a => a.MeetingId == id));
        row.MemberId.ShouldBe(MemberA1);
        row.Status.ShouldBe(AttendanceStatus.出席);
        row.Method.ShouldBe(CheckInMethod.扫码);
        row.CheckedInAt.ShouldNotBeNull();
        row.Voting.ShouldBeTrue();
        row.Committee.ShouldBeFalse();

        // twice is harmless
        (await ConfirmAsync(c, token)).ShouldContain("已签到");
        (await RowsAsync(id)).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'meeting_attendance' AND action = 'create' AND actor_name = 'mem'")).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task An_anonymous_scan_goes_through_sign_in_and_comes_back_to_the_code()
    {
        var id = await NowMeetingAsync();
        var token = Token(id);
        var r = await App.Client().GetAsync("/CheckIn?t=" + token);
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = r.Headers.Location!.ToString();
        location.ShouldContain("/Account/Login");
        Uri.UnescapeDataString(location).ShouldContain("/CheckIn?t=" + token);
    }

    [Fact]
    public async Task The_api_checks_in_with_the_same_rules()
    {
        await LinkAsync("mem", MemberA1);
        var id = await NowMeetingAsync();
        var api = await App.BearerAsync("mem");
        var r = await api.PostAsJsonAsync($"/api/v1/meetings/{id}/check-in", new { token = Token(id) });
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var body = await r.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().ShouldBe("出席");
        body.GetProperty("method").GetString().ShouldBe("扫码");
        body.GetProperty("alreadyCheckedIn").GetBoolean().ShouldBeFalse();

        // a token of another meeting is refused for this one
        var other = await NowMeetingAsync();
        var wrong = await api.PostAsJsonAsync($"/api/v1/meetings/{id}/check-in", new { token = Token(other) });
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("签到码与该会议不符");
        (await RowsAsync(other)).ShouldBe(0);

        var none = await api.PostAsJsonAsync($"/api/v1/meetings/{id}/check-in", new { });
        none.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("token")[0].GetString()!.ShouldContain("签到码无效");
    }

    [Fact]
    public async Task A_token_used_after_it_expired_is_refused_and_nothing_is_written()
    {
        await LinkAsync("mem", MemberA1);
        await LinkAsync("branchsec", World.MemberInOrg[World.A.Id]);
        var id = await NowMeetingAsync();
        var token = Token(id);
        (await ConfirmAsync(await App.SignedInAsync("branchsec"), token)).ShouldContain("您不在该会议所属党组织"); // A's member is not in A1
        (await ConfirmAsync(await App.SignedInAsync("mem"), token)).ShouldContain("签到成功");
        await App.ExecAsync($"DELETE FROM meeting_attendance WHERE meeting_id = {id}");

        App.Clock.Advance(TimeSpan.FromMinutes(CheckInRules.DefaultTokenMinutes) + TimeSpan.FromSeconds(1));
        var c = await App.SignedInAsync("mem");
        (await PageAsync(c, "/CheckIn?t=" + token)).ShouldContain("签到码已过期");
        var html = await ConfirmAsync(c, token);
        html.ShouldContain("签到码已过期");
        html.ShouldNotContain("签到成功");
        (await RowsAsync(id)).ShouldBe(0);

        var api = await App.BearerAsync("mem");
        var r = await api.PostAsJsonAsync($"/api/v1/meetings/{id}/check-in", new { token });
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await r.Content.ReadAsStringAsync()).ShouldContain("签到码已过期");
        (await RowsAsync(id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_tampered_or_made_up_token_is_refused()
    {
        await LinkAsync("mem", MemberA1);
        var id = await NowMeetingAsync();
        var token = Token(id);
        var flipped = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        var c = await App.SignedInAsync("mem");
        foreach (var t in new[] { flipped, token[..^4], "123", id.ToString(CultureInfo.InvariantCulture) })
            (await ConfirmAsync(c, t)).ShouldContain("签到码无效");
        (await PageAsync(c, "/CheckIn")).ShouldContain("签到码无效");
        (await RowsAsync(id)).ShouldBe(0);
    }

    [Fact]
    public async Task An_account_without_a_linked_member_cannot_check_in()
    {
        var id = await NowMeetingAsync();
        (await ConfirmAsync(await App.SignedInAsync("branchsec"), Token(id))).ShouldContain("尚未关联党员档案");
        (await RowsAsync(id)).ShouldBe(0);
    }

    [Fact]
    public async Task Someone_outside_the_meetings_branch_cannot_check_in_even_with_a_valid_code()
    {
        await LinkAsync("mem", World.MemberInOrg[World.B1.Id]);
        var id = await NowMeetingAsync();
        var token = Token(id);
        (await ConfirmAsync(await App.SignedInAsync("mem"), token)).ShouldContain("您不在该会议所属党组织，不能签到");
        var r = await (await App.BearerAsync("mem")).PostAsJsonAsync($"/api/v1/meetings/{id}/check-in", new { token });
        r.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await RowsAsync(id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_cancelled_meeting_refuses_check_in()
    {
        await LinkAsync("mem", MemberA1);
        var id = await NowMeetingAsync(MeetingState.已取消);
        (await ConfirmAsync(await App.SignedInAsync("mem"), Token(id))).ShouldContain("该会议已取消，不能签到");
        (await RowsAsync(id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_recorded_meeting_refuses_check_in_and_says_when_it_is_locked()
    {
        await LinkAsync("mem", MemberA1);
        var c = await App.SignedInAsync("mem");
        var recorded = await NowMeetingAsync(MeetingState.已召开, App.Clock.GetUtcNow());
        (await ConfirmAsync(c, Token(recorded))).ShouldContain("已登记为已召开，签到已结束");
        var locked = await MeetingAsync(World.A1, App.Clock.GetUtcNow().AddMinutes(10), MeetingState.已召开, App.Clock.GetUtcNow().AddDays(-8));
        (await ConfirmAsync(c, Token(locked))).ShouldContain("会议记录已锁定");
        (await RowsAsync(recorded)).ShouldBe(0);
        (await RowsAsync(locked)).ShouldBe(0);
    }

    [Fact]
    public async Task Check_in_opens_two_hours_before_the_start_and_closes_at_the_end_of_the_meeting_day()
    {
        await LinkAsync("mem", MemberA1);
        var c = await App.SignedInAsync("mem");
        var now = App.Clock.GetUtcNow();
        var later = await MeetingAsync(World.A1, now.AddMinutes(CheckInRules.DefaultOpensMinutesBefore + 5));
        (await ConfirmAsync(c, Token(later))).ShouldContain("签到尚未开始");
        var yesterday = await MeetingAsync(World.A1, now.AddDays(-1).AddMinutes(-10));
        (await ConfirmAsync(c, Token(yesterday))).ShouldContain("签到已结束");
        (await RowsAsync(later)).ShouldBe(0);
        (await RowsAsync(yesterday)).ShouldBe(0);

        // ten minutes later the first one is open
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        (await ConfirmAsync(c, Token(later))).ShouldContain("签到成功");
    }

    [GeneratedRegex("data-url=\"([^\"]+)\"")]
    private static partial Regex CodeUrl();

    [Fact]
    public async Task The_host_shows_a_code_whose_link_checks_in_and_then_sees_the_member_as_checked_in()
    {
        await LinkAsync("mem", MemberA1);
        var id = await NowMeetingAsync();
        var host = await App.SignedInAsync("branchsec");
        var page = await PageAsync(host, $"/Meetings/CheckIn/{id}");
        page.ShouldContain("data:image/png;base64,");
        page.ShouldContain("已签到 <b id=\"checkin-present\">0</b> / 应到 <b id=\"checkin-expected\">1</b>");
        var url = new Uri(CodeUrl().Match(page).Groups[1].Value);
        url.AbsolutePath.ShouldBe("/CheckIn");
        var token = Uri.UnescapeDataString(url.Query["?t=".Length..]);
        App.Services.GetRequiredService<CheckInTokens>().Read(token)!.MeetingId.ShouldBe(id);

        (await ConfirmAsync(await App.SignedInAsync("mem"), token)).ShouldContain("签到成功");
        var board = await PageAsync(host, $"/Meetings/CheckIn/{id}?handler=Board");
        board.ShouldContain("已签到 <b id=\"checkin-present\">1</b>");
        board.ShouldContain("扫码签到");

        // a fresh code on each refresh
        var code = await PageAsync(host, $"/Meetings/CheckIn/{id}?handler=Code");
        code.ShouldContain("id=\"checkin-code\"");
        code.ShouldContain("hx-trigger=\"every 120s\"", customMessage: "a 10-minute code is fetched again every 2 minutes");
    }

    [Fact]
    public async Task The_host_checks_a_member_in_by_hand_marked_as_such_and_can_undo_it()
    {
        var id = await NowMeetingAsync();
        var host = await App.SignedInAsync("branchsec");
        var url = $"/Meetings/CheckIn/{id}";
        var r = await AppFactory.PostFormAsync(host, url + "?handler=Manual", new() { ["memberId"] = MemberA1.ToString(CultureInfo.InvariantCulture) }, formPage: url);
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var row = await App.WithDbAsync(db => db.Set<MeetingAttendance>().AsNoTracking().SingleAsync(a => a.MeetingId == id));
        row.Method.ShouldBe(CheckInMethod.手工签到);
        row.Status.ShouldBe(AttendanceStatus.出席);
        (await PageAsync(host, url)).ShouldContain("checkin-manual\">手工签到</span>");

        // someone not on the roster cannot be checked in
        var outsider = World.MemberInOrg[World.B1.Id];
        var bad = await AppFactory.PostFormAsync(host, url + "?handler=Manual", new() { ["memberId"] = outsider.ToString(CultureInfo.InvariantCulture) }, formPage: url);
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()).ShouldContain("该党员不在本会议的应到名单中");
        (await RowsAsync(id)).ShouldBe(1);

        var undo = await AppFactory.PostFormAsync(host, url + "?handler=Undo", new() { ["memberId"] = MemberA1.ToString(CultureInfo.InvariantCulture) }, formPage: url);
        undo.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await RowsAsync(id)).ShouldBe(0);
    }

    [Fact]
    public async Task The_host_view_of_another_branchs_meeting_is_refused()
    {
        var id = await MeetingAsync(World.B1, App.Clock.GetUtcNow());
        // answered as a missing meeting (no existence oracle)
        (await (await App.SignedInAsync("branchsec")).GetAsync($"/Meetings/CheckIn/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
