using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Member = Bastion.Domain.Member;

namespace Bastion.IntegrationTests.Features;

/// <summary>Recording organizational life through the API and the pages: roster, quorum, attendance, validation, attachments, versions.</summary>
public sealed class MeetingTests(AppFactory app) : AppTest(app)
{
    /// <summary>A1's people: the seeded member plus five 正式党员 (two on the committee) and one 预备党员.</summary>
    private sealed record Branch(long Seeded, long Secretary, long Deputy, long M3, long M4, long M5, long Probationary)
    {
        public long[] All => [Seeded, Secretary, Deputy, M3, M4, M5, Probationary];
    }

    private static readonly DateTimeOffset Held = new DateTimeOffset(TimeProvider.System.Today().AddDays(-30).ToDateTime(new TimeOnly(14, 30)), TimeSpan.FromHours(8));
    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private int _seq;

    private Task<long> AddMemberAsync(Organization org, string name, MemberCategory category = MemberCategory.正式党员) => App.WithDbAsync(async db =>
    {
        var birth = new DateOnly(1985, 5, 6);
        var m = new Member
        {
            OrgId = org.Id, Name = name, Gender = Gender.男, IdNumber = ChineseIdNumber.Compose("110105", birth, 301 + 2 * _seq++), BirthDate = birth,
            Category = category, JoinedAt = category == MemberCategory.预备党员 ? TimeProvider.System.Today().AddMonths(-6) : new DateOnly(2010, 7, 1),
            ConfirmedAt = category == MemberCategory.预备党员 ? null : new DateOnly(2011, 7, 1), CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    private async Task<Branch> BranchAsync()
    {
        var b = new Branch(World.MemberInOrg[World.A1.Id], await AddMemberAsync(World.A1, "王书记"), await AddMemberAsync(World.A1, "李委员"),
            await AddMemberAsync(World.A1, "张三"), await AddMemberAsync(World.A1, "赵四"), await AddMemberAsync(World.A1, "钱五"),
            await AddMemberAsync(World.A1, "孙预备", MemberCategory.预备党员));
        await App.WithDbAsync(async db =>
        {
            var start = new DateOnly(2024, 1, 1);
            var term = new OrgTerm { OrgId = World.A1.Id, Number = 3, StartDate = start, DueDate = start.AddYears(3), CreatedAt = DateTimeOffset.UtcNow };
            db.Add(term);
            await db.SaveChangesAsync();
            db.Add(new OrgTermMember { TermId = term.Id, Post = CommitteePost.书记, Name = "王书记", MemberId = b.Secretary, AppointedAt = start });
            db.Add(new OrgTermMember { TermId = term.Id, Post = CommitteePost.副书记, Name = "李委员", MemberId = b.Deputy, AppointedAt = start });
            return await db.SaveChangesAsync();
        });
        return b;
    }

    private object Body(Branch b, long[]? attendees = null, object[]? leave = null, string[]? types = null, DateTimeOffset? heldAt = null,
        long? orgId = null, string? topic = "学习贯彻党的二十届四中全会精神", int? presentCount = null, long? hostId = null,
        string? resolutions = null, int? votesFor = null, int? votesAgainst = null, long? planId = null, string? minutes = null, long[]? absent = null,
        int? yearOf = null)
    {
        attendees ??= [b.Secretary, b.Deputy, b.M3, b.M4, b.Probationary];
        leave ??= [new { memberId = b.M5, reason = "出差" }];
        // nobody is absent by default: everyone of the branch not present or on leave is marked 缺席 explicitly
        var onLeave = leave.Select(l => (long)l.GetType().GetProperty("memberId")!.GetValue(l)!).ToList();
        absent ??= [.. b.All.Except(attendees).Except(onLeave)];
        return new
        {
            orgId = orgId ?? World.A1.Id,
            types = types ?? ["支部党员大会", "党课"],
            heldAt = Iso(heldAt ?? Held),
            place = "三楼党员活动室",
            topic,
            hostId = hostId ?? b.Secretary,
            recorderId = b.Deputy,
            lecturerId = b.Secretary,
            attendeeIds = attendees,
            leave,
            absentIds = absent,
            minutes = minutes ?? "<p>会议由<strong>王书记</strong>主持</p><script>alert(1)</script>",
            resolutions, votesFor, votesAgainst, presentCount, planId, yearOf,
        };
    }

    private async Task<HttpResponseMessage> PostAsync(object body, string user = "branchsec")
    {
        var c = await App.BearerAsync(user);
        return await c.PostAsJsonAsync($"/api/v1/meetings?org={World.A.Id}", body);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private static async Task<string> ErrorAsync(HttpResponseMessage r, string field)
    {
        var text = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        errors.TryGetProperty(field, out var e).ShouldBeTrue($"expected an error on {field}: {text}");
        return e[0].GetString()!;
    }

    private Task<long> HeldMeetingsAsync() => App.ScalarAsync("SELECT count(*) FROM meetings WHERE state = '已召开'");
    private Task<long> AttendanceRowsAsync() => App.ScalarAsync("SELECT count(*) FROM meeting_attendance");

    [Fact]
    public async Task A_branch_secretary_records_a_party_congress_and_gets_its_quorum_and_attendance_figures()
    {
        var b = await BranchAsync();
        var r = await PostAsync(Body(b));
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var j = await JsonAsync(r);
        j.GetProperty("expected").GetInt32().ShouldBe(7);
        j.GetProperty("present").GetInt32().ShouldBe(5);
        j.GetProperty("votingExpected").GetInt32().ShouldBe(6);   // the 预备党员 has no vote
        j.GetProperty("votingPresent").GetInt32().ShouldBe(4);
        j.GetProperty("onLeave").GetInt32().ShouldBe(1);
        j.GetProperty("absent").GetInt32().ShouldBe(1);
        j.GetProperty("quorumMet").GetBoolean().ShouldBeTrue();
        j.GetProperty("valid").GetBoolean().ShouldBeTrue();
        var id = j.GetProperty("id").GetInt64();

        var rows = await App.WithDbAsync(db => db.Set<MeetingAttendance>().Where(a => a.MeetingId == id).ToListAsync());
        rows.Count.ShouldBe(7);
        rows.ShouldAllBe(a => a.Method == CheckInMethod.录入);
        rows.Single(a => a.MemberId == b.M5).ShouldSatisfyAllConditions(a => a.Status.ShouldBe(AttendanceStatus.请假), a => a.Reason.ShouldBe("出差"));
        rows.Single(a => a.MemberId == b.Seeded).Status.ShouldBe(AttendanceStatus.缺席);
        rows.Single(a => a.MemberId == b.Probationary).Voting.ShouldBeFalse();
        rows.Single(a => a.MemberId == b.Secretary).Committee.ShouldBeTrue();

        var m = await App.WithDbAsync(db => db.Set<Meeting>().SingleAsync(x => x.Id == id));
        m.Kinds.ShouldBe(MeetingKinds.支部党员大会 | MeetingKinds.党课);
        m.State.ShouldBe(MeetingState.已召开);
        m.CommitteeExpected.ShouldBe(2);
        m.CommitteePresent.ShouldBe(2);
        m.MinutesHtml.ShouldBe("<p>会议由<strong>王书记</strong>主持</p>");
        m.RecordedBy.ShouldBe("branchsec");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'meetings' AND entity_id = '{id}' AND action = 'create'")).ShouldBe(1);

        var details = await JsonAsync(await (await App.BearerAsync("branchsec")).GetAsync($"/api/v1/meetings/{id}"));
        details.GetProperty("attendance").GetArrayLength().ShouldBe(7);
        details.GetProperty("host").GetProperty("name").GetString().ShouldBe("王书记");
    }

    [Fact]
    public async Task A_party_congress_with_exactly_half_of_the_voting_members_is_recorded_but_invalid()
    {
        var b = await BranchAsync();
        // 6 voting members, 3 of them present (plus the 预备党员, who has no vote)
        var r = await PostAsync(Body(b, attendees: [b.Secretary, b.Deputy, b.M3, b.Probationary], leave: []));
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var j = await JsonAsync(r);
        j.GetProperty("quorumMet").GetBoolean().ShouldBeFalse();
        j.GetProperty("valid").GetBoolean().ShouldBeFalse();
        j.GetProperty("quorumNote").GetString()!.ShouldContain("未超过半数");
        j.GetProperty("message").GetString()!.ShouldContain("无效");
        (await App.ScalarAsync("SELECT count(*) FROM meetings WHERE state = '已召开' AND NOT quorum_met")).ShouldBe(1);
    }

    [Fact]
    public async Task A_resolution_passes_only_with_more_than_half_of_all_voting_members_in_favour()
    {
        var b = await BranchAsync();
        var passed = await JsonAsync(await PostAsync(Body(b, resolutions: "同意接收孙预备为预备党员", votesFor: 4)));
        passed.GetProperty("resolutionPassed").GetBoolean().ShouldBeTrue();
        passed.GetProperty("message").GetString()!.ShouldContain("决议获得通过");

        var failed = await JsonAsync(await PostAsync(Body(b, heldAt: Held.AddDays(1), resolutions: "同意某事项", votesFor: 3, votesAgainst: 1)));
        failed.GetProperty("resolutionPassed").GetBoolean().ShouldBeFalse();  // 3 of 6 voting members is not more than half
        failed.GetProperty("message").GetString()!.ShouldContain("决议未获通过");
    }

    [Fact]
    public async Task Recording_a_planned_meeting_keeps_the_scanned_check_ins_and_counts_them_present()
    {
        var b = await BranchAsync();
        var planId = await App.WithDbAsync(async db =>
        {
            var plan = new Meeting { OrgId = World.A1.Id, Kinds = MeetingKinds.主题党日, State = MeetingState.计划, HeldAt = Held.ToUniversalTime(), Topic = "十月主题党日", CreatedAt = DateTimeOffset.UtcNow };
            db.Add(plan);
            await db.SaveChangesAsync();
            db.Add(new MeetingAttendance { MeetingId = plan.Id, MemberId = b.M4, Status = AttendanceStatus.出席, Method = CheckInMethod.扫码, CheckedInAt = Held.ToUniversalTime(), Voting = true, Committee = false });
            db.Add(new MeetingAttendance { MeetingId = plan.Id, MemberId = b.M5, Status = AttendanceStatus.出席, Method = CheckInMethod.手工签到, CheckedInAt = Held.ToUniversalTime(), Voting = true, Committee = false });
            await db.SaveChangesAsync();
            return plan.Id;
        });
        var r = await PostAsync(Body(b, types: ["主题党日"], attendees: [b.Secretary, b.Deputy], leave: [], planId: planId, presentCount: 4, absent: [b.Seeded, b.M3, b.Probationary]));
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var j = await JsonAsync(r);
        j.GetProperty("id").GetInt64().ShouldBe(planId);
        j.GetProperty("present").GetInt32().ShouldBe(4);
        var rows = await App.WithDbAsync(db => db.Set<MeetingAttendance>().Where(a => a.MeetingId == planId).ToListAsync());
        rows.Single(a => a.MemberId == b.M4).Method.ShouldBe(CheckInMethod.扫码);
        rows.Single(a => a.MemberId == b.M5).Method.ShouldBe(CheckInMethod.手工签到);
        rows.Count(a => a.Status == AttendanceStatus.出席).ShouldBe(4);
        (await App.ScalarAsync($"SELECT count(*) FROM meetings WHERE id = {planId} AND state = '已召开'")).ShouldBe(1);

        // the same plan cannot be recorded again
        (await ErrorAsync(await PostAsync(Body(b, types: ["主题党日"], heldAt: Held.AddDays(2), planId: planId)), "planId")).ShouldContain("已经录入");
    }

    [Fact]
    public async Task A_committee_meeting_counts_the_committee_as_expected_and_refuses_other_attendees()
    {
        var b = await BranchAsync();
        var r = await PostAsync(Body(b, types: ["支部委员会"], attendees: [b.Secretary, b.Deputy], leave: [], absent: []));
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var j = await JsonAsync(r);
        j.GetProperty("expected").GetInt32().ShouldBe(2);
        j.GetProperty("present").GetInt32().ShouldBe(2);
        j.GetProperty("quorumMet").GetBoolean().ShouldBeTrue();
        (await App.ScalarAsync($"SELECT count(*) FROM meeting_attendance WHERE meeting_id = {j.GetProperty("id").GetInt64()}")).ShouldBe(2);

        (await ErrorAsync(await PostAsync(Body(b, types: ["支部委员会"], heldAt: Held.AddDays(1), attendees: [b.Secretary, b.M3], leave: [])), "attendeeIds"))
            .ShouldContain("张三在");
    }

    [Fact]
    public async Task A_meeting_held_in_the_future_is_refused_and_nothing_is_written()
    {
        var b = await BranchAsync();
        (await ErrorAsync(await PostAsync(Body(b, heldAt: DateTimeOffset.UtcNow.AddDays(1))), "heldAt")).ShouldContain("不能晚于当前时间");
        (await HeldMeetingsAsync()).ShouldBe(0);
        (await AttendanceRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_party_committee_cannot_record_branch_meetings()
    {
        var b = await BranchAsync();
        (await ErrorAsync(await PostAsync(Body(b, orgId: World.A.Id)), "orgId")).ShouldContain("须由党支部");
        (await HeldMeetingsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_party_group_records_only_party_group_meetings()
    {
        var b = await BranchAsync();
        (await ErrorAsync(await PostAsync(Body(b, orgId: World.A1Group.Id, types: ["支部党员大会"])), "types")).ShouldContain("只能录入党小组会");
        (await HeldMeetingsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Unknown_meeting_types_are_named()
    {
        var b = await BranchAsync();
        (await ErrorAsync(await PostAsync(Body(b, types: ["支部党员大会", "茶话会"])), "types")).ShouldContain("未知的会议类型：茶话会");
        (await HeldMeetingsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Attendees_who_were_not_in_the_branch_on_that_day_are_named_and_nothing_is_written()
    {
        var b = await BranchAsync();
        var outsider = World.MemberInOrg[World.B1.Id];
        var message = await ErrorAsync(await PostAsync(Body(b, attendees: [b.Secretary, outsider])), "attendeeIds");
        message.ShouldContain("测试党员5");
        message.ShouldContain("不是甲一党支部的党员");
        (await HeldMeetingsAsync()).ShouldBe(0);
        (await AttendanceRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_member_who_joined_the_branch_after_the_meeting_is_not_on_its_roster()
    {
        var b = await BranchAsync();
        var late = await AddMemberAsync(World.A1, "新来的");
        await App.ExecAsync($"UPDATE member_memberships SET from_date = CURRENT_DATE - 5 WHERE member_id = {late}");
        (await ErrorAsync(await PostAsync(Body(b, attendees: [b.Secretary, late])), "attendeeIds")).ShouldContain("新来的");
    }

    [Fact]
    public async Task Leave_members_and_hosts_outside_the_branch_are_refused()
    {
        var b = await BranchAsync();
        var outsider = World.MemberInOrg[World.B1.Id];
        (await ErrorAsync(await PostAsync(Body(b, leave: [new { memberId = outsider, reason = "病假" }])), "leave")).ShouldContain("测试党员5");
        (await ErrorAsync(await PostAsync(Body(b, hostId: outsider)), "hostId")).ShouldContain("主持人测试党员5");
        (await HeldMeetingsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_same_person_cannot_be_both_present_and_on_leave()
    {
        var b = await BranchAsync();
        (await ErrorAsync(await PostAsync(Body(b, leave: [new { memberId = b.M3, reason = "病假" }])), "leave")).ShouldContain("张三不能既出席又请假");
        (await HeldMeetingsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_present_count_above_the_expected_count_is_refused_with_both_figures()
    {
        var b = await BranchAsync();
        (await ErrorAsync(await PostAsync(Body(b, presentCount: 9)), "presentCount")).ShouldBe("实到人数（9）不能多于应到人数（7）");
        (await ErrorAsync(await PostAsync(Body(b, presentCount: 4)), "presentCount")).ShouldContain("与出席名单人数（5）不一致");
        (await HeldMeetingsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_same_meeting_cannot_be_recorded_twice()
    {
        var b = await BranchAsync();
        (await PostAsync(Body(b))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await ErrorAsync(await PostAsync(Body(b)), "heldAt")).ShouldContain("已经录入，不能重复录入");
        (await HeldMeetingsAsync()).ShouldBe(1);
        (await AttendanceRowsAsync()).ShouldBe(7);
    }

    [Fact]
    public async Task A_missing_or_overlong_topic_is_refused()
    {
        var b = await BranchAsync();
        (await ErrorAsync(await PostAsync(Body(b, topic: " ")), "topic")).ShouldBe("请填写会议主题");
        (await ErrorAsync(await PostAsync(Body(b, topic: new string('学', 201))), "topic")).ShouldContain("不超过200字");
        (await HeldMeetingsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Votes_cannot_outnumber_the_voting_members_present()
    {
        var b = await BranchAsync();
        (await ErrorAsync(await PostAsync(Body(b, resolutions: "决议", votesFor: 4, votesAgainst: 1)), "votesFor")).ShouldContain("不能多于出席的有表决权党员人数（4）");
        (await HeldMeetingsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_branch_secretary_cannot_record_for_a_branch_outside_their_scope()
    {
        var b = await BranchAsync();
        (await ErrorAsync(await PostAsync(Body(b, orgId: World.B1.Id)), "orgId")).ShouldContain("不在您的管理范围内");
        var c = await App.BearerAsync("branchsec");
        (await c.PostAsJsonAsync($"/api/v1/meetings?org={World.B.Id}", Body(b, orgId: World.B1.Id))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await HeldMeetingsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_list_shows_meetings_of_the_subtree_filtered_by_date_and_validity()
    {
        var b = await BranchAsync();
        (await PostAsync(Body(b))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await PostAsync(Body(b, heldAt: Held.AddDays(-40), attendees: [b.Secretary], leave: []))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var c = await App.BearerAsync("insp");
        var all = await JsonAsync(await c.GetAsync($"/api/v1/meetings?org={World.A.Id}&state=已召开"));
        all.GetProperty("total").GetInt32().ShouldBe(2);
        var from = Held.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var recent = await JsonAsync(await c.GetAsync($"/api/v1/meetings?org={World.A.Id}&state=已召开&from={from}"));
        recent.GetProperty("total").GetInt32().ShouldBe(1);
        var invalid = await JsonAsync(await c.GetAsync($"/api/v1/meetings?org={World.A.Id}&valid=无效"));
        invalid.GetProperty("total").GetInt32().ShouldBe(1);
        invalid.GetProperty("items")[0].GetProperty("quorumMet").GetBoolean().ShouldBeFalse();
        (await c.GetAsync($"/api/v1/meetings?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var page = await App.SignedInAsync("branchsec");
        var html = await (await page.GetAsync($"/Meetings?org={World.A.Id}&valid=无效")).Content.ReadAsStringAsync();
        html.ShouldContain("无效");
        var xlsx = await page.GetAsync($"/Meetings?org={World.A.Id}&handler=Export");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe(Bastion.Web.Xlsx.ContentType);
    }

    // ---- the page form ----

    private static Dictionary<string, string> Form(Branch b, long orgId, DateTimeOffset held) => new()
    {
        ["Input.OrgId"] = orgId.ToString(CultureInfo.InvariantCulture),
        ["Input.Date"] = held.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Input.Time"] = held.ToString("HH:mm", CultureInfo.InvariantCulture),
        ["Input.Types"] = "支部党员大会",
        ["Input.Topic"] = "第三季度支部党员大会",
        ["Input.HostId"] = b.Secretary.ToString(CultureInfo.InvariantCulture),
        ["Input.RecorderId"] = b.Deputy.ToString(CultureInfo.InvariantCulture),
        [$"Input.Status[{b.Secretary}]"] = "出席", [$"Input.Status[{b.Deputy}]"] = "出席", [$"Input.Status[{b.M3}]"] = "出席",
        [$"Input.Status[{b.M4}]"] = "出席", [$"Input.Status[{b.M5}]"] = "请假", [$"Input.Reason[{b.M5}]"] = "外出培训",
        [$"Input.Status[{b.Seeded}]"] = "缺席", [$"Input.Status[{b.Probationary}]"] = "出席",
    };

    [Fact]
    public async Task The_record_form_writes_the_meeting_and_shows_it_on_the_details_page()
    {
        var b = await BranchAsync();
        var c = await App.SignedInAsync("branchsec");
        var r = await AppFactory.PostFormAsync(c, $"/Meetings/Record?org={World.A.Id}", Form(b, World.A1.Id, Held));
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect, await r.Content.ReadAsStringAsync());
        var details = await (await c.GetAsync(r.Headers.Location!.ToString())).Content.ReadAsStringAsync();
        details.ShouldContain("第三季度支部党员大会");
        details.ShouldContain("有效");
        details.ShouldContain("外出培训");
        (await HeldMeetingsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task The_record_form_refuses_a_future_meeting_next_to_the_date_field()
    {
        var b = await BranchAsync();
        var c = await App.SignedInAsync("branchsec");
        var r = await AppFactory.PostFormAsync(c, $"/Meetings/Record?org={World.A.Id}", Form(b, World.A1.Id, new DateTimeOffset(TimeProvider.System.Today().AddDays(2).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8))));
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"heldAt-error\"");
        html.ShouldContain("召开时间不能晚于当前时间");
        (await HeldMeetingsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_record_form_refuses_a_party_committee_as_the_meeting_organization()
    {
        var b = await BranchAsync();
        var c = await App.SignedInAsync("branchsec");
        var r = await AppFactory.PostFormAsync(c, $"/Meetings/Record?org={World.A.Id}", Form(b, World.A.Id, Held));
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await r.Content.ReadAsStringAsync()).ShouldContain("须由党支部");
        (await HeldMeetingsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_record_form_names_an_excess_present_count()
    {
        var b = await BranchAsync();
        var c = await App.SignedInAsync("branchsec");
        var form = Form(b, World.A1.Id, Held);
        form["Input.PresentCount"] = "12";
        var r = await AppFactory.PostFormAsync(c, $"/Meetings/Record?org={World.A.Id}", form);
        (await r.Content.ReadAsStringAsync()).ShouldContain("实到人数（12）不能多于应到人数（7）");
        (await HeldMeetingsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_roster_checklist_lists_the_branch_members_on_the_chosen_date()
    {
        var b = await BranchAsync();
        var c = await App.SignedInAsync("branchsec");
        var html = await (await c.GetAsync($"/Meetings/Record?org={World.A.Id}&handler=Roster&Input.OrgId={World.A1.Id}&Input.Date={Held:yyyy-MM-dd}")).Content.ReadAsStringAsync();
        html.ShouldContain("应到 <strong>7</strong> 人");
        html.ShouldContain($"Input.Status[{b.Probationary}]");
        html.ShouldNotContain("测试党员5");
    }

    [Fact]
    public async Task Recording_from_a_plan_keeps_the_scanned_members_marked_checked_in_when_the_roster_reloads()
    {
        var b = await BranchAsync();
        Task<long> PlanWithScanAsync(Organization org) => App.WithDbAsync(async db =>
        {
            var plan = new Meeting { OrgId = org.Id, Kinds = MeetingKinds.主题党日, State = MeetingState.计划, HeldAt = Held.ToUniversalTime(), Topic = "扫码后录入", CreatedAt = DateTimeOffset.UtcNow };
            db.Add(plan);
            await db.SaveChangesAsync();
            db.Add(new MeetingAttendance { MeetingId = plan.Id, MemberId = b.M4, Status = AttendanceStatus.出席, Method = CheckInMethod.扫码, CheckedInAt = Held.ToUniversalTime(), Voting = true });
            await db.SaveChangesAsync();
            return plan.Id;
        });
        var planId = await PlanWithScanAsync(World.A1);
        var c = await App.SignedInAsync("branchsec");

        // the form from the plan carries the meeting into the roster's htmx reloads
        var form = await (await c.GetAsync($"/Meetings/Record?org={World.A.Id}&planId={planId}")).Content.ReadAsStringAsync();
        form.ShouldContain($"id=\"RosterMeetingId\" name=\"meetingId\" value=\"{planId}\"");
        form.ShouldContain("hx-include=\"closest form\"");
        form.ShouldNotContain($"Input.Status[{b.M4}]");

        // reloaded for the plan: the scanned member stays 已签到, without radios or a leave reason
        string RosterUrl(long meetingId) => $"/Meetings/Record?org={World.A.Id}&handler=Roster&Input.OrgId={World.A1.Id}&Input.Date={Held:yyyy-MM-dd}&meetingId={meetingId}";
        var html = await (await c.GetAsync(RosterUrl(planId))).Content.ReadAsStringAsync();
        html.ShouldContain("已签到");
        html.ShouldNotContain($"Input.Status[{b.M4}]");
        html.ShouldNotContain($"Input.Reason[{b.M4}]");
        html.ShouldContain($"Input.Status[{b.M3}]");

        // a meeting of another organization does not mark anyone in this roster
        var foreign = await PlanWithScanAsync(World.B1);
        var other = await (await c.GetAsync(RosterUrl(foreign))).Content.ReadAsStringAsync();
        other.ShouldContain($"Input.Status[{b.M4}]");
        other.ShouldNotContain("已签到");
    }

    // ---- attendance is marked, never defaulted; the roster follows the kind; 所属年度 ----

    private static string RowStatus(string html, long memberId) =>
        System.Text.RegularExpressions.Regex.Match(html, $"data-member=\"{memberId}\" data-status=\"([^\"]+)\"").Groups[1].Value;

    private static IReadOnlyList<long> RosterRows(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "<tr data-member=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    [Fact]
    public async Task A_member_left_unmarked_refuses_the_record_through_the_API_and_the_form()
    {
        var b = await BranchAsync();
        // five present, one on leave, and the seeded member neither present, on leave nor marked absent
        var message = await ErrorAsync(await PostAsync(Body(b, absent: [])), "attendance");
        message.ShouldContain("尚有1人未标记出勤");
        (await HeldMeetingsAsync()).ShouldBe(0);

        var c = await App.SignedInAsync("branchsec");
        var form = Form(b, World.A1.Id, Held);
        form.Remove($"Input.Status[{b.Seeded}]");
        form.Remove($"Input.Status[{b.M3}]");
        var r = await AppFactory.PostFormAsync(c, $"/Meetings/Record?org={World.A.Id}", form);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("尚有2人未标记出勤");
        // what was marked stays marked; the two left out are shown 未签到
        RowStatus(html, b.Secretary).ShouldBe("出席");
        RowStatus(html, b.M5).ShouldBe("请假");
        RowStatus(html, b.M3).ShouldBe("未签到");
        RowStatus(html, b.Seeded).ShouldBe("未签到");
        (await HeldMeetingsAsync()).ShouldBe(0);

        // a fresh form marks nobody
        var fresh = await (await c.GetAsync($"/Meetings/Record?org={World.A.Id}&handler=Roster&Input.OrgId={World.A1.Id}&Input.Date={Held:yyyy-MM-dd}&Input.Types=支部党员大会")).Content.ReadAsStringAsync();
        foreach (var id in b.All) RowStatus(fresh, id).ShouldBe("未签到");
        fresh.ShouldNotContain("checked=\"checked\"");
        fresh.ShouldContain("id=\"mark-all-present\"");
    }

    [Fact]
    public async Task Recording_from_a_plan_presets_only_the_scanned_member_present_and_the_approved_leave()
    {
        var b = await BranchAsync();
        var scannedAt = Held.AddMinutes(-7).ToUniversalTime();
        var planId = await App.WithDbAsync(async db =>
        {
            var plan = new Meeting { OrgId = World.A1.Id, Kinds = MeetingKinds.主题党日, State = MeetingState.计划, HeldAt = Held.ToUniversalTime(), Topic = "扫码一人", CreatedAt = DateTimeOffset.UtcNow };
            db.Add(plan);
            await db.SaveChangesAsync();
            db.Add(new MeetingAttendance { MeetingId = plan.Id, MemberId = b.M4, Status = AttendanceStatus.出席, Method = CheckInMethod.扫码, CheckedInAt = scannedAt, Voting = true });
            db.Add(new MeetingAttendance { MeetingId = plan.Id, MemberId = b.M5, Status = AttendanceStatus.请假, Reason = "家中有事", Method = CheckInMethod.录入, Voting = true });
            await db.SaveChangesAsync();
            return plan.Id;
        });
        var c = await App.SignedInAsync("branchsec");
        var html = await (await c.GetAsync($"/Meetings/Record?org={World.A.Id}&planId={planId}")).Content.ReadAsStringAsync();
        RowStatus(html, b.M4).ShouldBe("出席");
        html.ShouldContain(MeetingTimeText(scannedAt) + " 签到");
        RowStatus(html, b.M5).ShouldBe("请假");
        html.ShouldContain("value=\"家中有事\"");
        foreach (var id in new[] { b.Seeded, b.Secretary, b.Deputy, b.M3, b.Probationary }) RowStatus(html, id).ShouldBe("未签到");
        System.Text.RegularExpressions.Regex.Matches(html, "data-status=\"出席\"").Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_leave_approved_on_the_plan_counts_as_marked_unless_the_record_marks_the_member_absent()
    {
        var b = await BranchAsync();
        Task<long> PlanWithLeaveAsync(DateTimeOffset at) => App.WithDbAsync(async db =>
        {
            var plan = new Meeting { OrgId = World.A1.Id, Kinds = MeetingKinds.主题党日, State = MeetingState.计划, HeldAt = at.ToUniversalTime(), Topic = "请假已批准", CreatedAt = DateTimeOffset.UtcNow };
            db.Add(plan);
            await db.SaveChangesAsync();
            db.Add(new MeetingAttendance { MeetingId = plan.Id, MemberId = b.M5, Status = AttendanceStatus.请假, Reason = "家中有事", Method = CheckInMethod.录入, Voting = true });
            await db.SaveChangesAsync();
            return plan.Id;
        });
        // M5 is neither listed present, on leave nor absent: the approved leave marks them
        var kept = await PlanWithLeaveAsync(Held);
        var r = await PostAsync(Body(b, types: ["主题党日"], leave: [], absent: [b.Seeded], planId: kept));
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        (await JsonAsync(r)).GetProperty("onLeave").GetInt32().ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM meeting_attendance WHERE meeting_id = {kept} AND member_id = {b.M5} AND status = '请假'")).ShouldBe(1);

        // marked 缺席 on the record: the record says otherwise
        var overridden = await PlanWithLeaveAsync(Held.AddDays(1));
        var r2 = await PostAsync(Body(b, types: ["主题党日"], heldAt: Held.AddDays(1), leave: [], absent: [b.Seeded, b.M5], planId: overridden));
        r2.StatusCode.ShouldBe(HttpStatusCode.Created, await r2.Content.ReadAsStringAsync());
        (await JsonAsync(r2)).GetProperty("onLeave").GetInt32().ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM meeting_attendance WHERE meeting_id = {overridden} AND member_id = {b.M5} AND status = '缺席'")).ShouldBe(1);
    }

    private static string MeetingTimeText(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("HH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Choosing_a_committee_meeting_narrows_the_roster_and_the_hosts_to_the_committee_and_keeps_what_was_typed()
    {
        var b = await BranchAsync();
        var c = await App.SignedInAsync("branchsec");
        var html = await (await c.GetAsync($"/Meetings/Record?org={World.A.Id}&handler=Roster&Input.OrgId={World.A1.Id}&Input.Date={Held:yyyy-MM-dd}&Input.Types=支部委员会")).Content.ReadAsStringAsync();
        RosterRows(html).Order().ShouldBe(new[] { b.Secretary, b.Deputy }.Order());
        html.ShouldContain("应到 <strong>2</strong> 人");
        html.ShouldNotContain($"<option value=\"{b.M3}\"");

        // the htmx reload posts the form as typed: a status and the host chosen stay for those still on the roster
        var posted = await AppFactory.PostFormAsync(c, $"/Meetings/Record?org={World.A.Id}&handler=Roster", new()
        {
            ["Input.OrgId"] = World.A1.Id.ToString(CultureInfo.InvariantCulture), ["Input.Date"] = Held.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Input.Types"] = "支部委员会", [$"Input.Status[{b.Deputy}]"] = "缺席", [$"Input.Status[{b.M3}]"] = "出席",
            ["Input.HostId"] = b.Secretary.ToString(CultureInfo.InvariantCulture),
        }, $"/Meetings/Record?org={World.A.Id}");
        var reloaded = await posted.Content.ReadAsStringAsync();
        posted.StatusCode.ShouldBe(HttpStatusCode.OK, reloaded);
        RosterRows(reloaded).Count.ShouldBe(2);
        RowStatus(reloaded, b.Deputy).ShouldBe("缺席");
        RowStatus(reloaded, b.Secretary).ShouldBe("未签到");
        reloaded.ShouldContain($"<option value=\"{b.Secretary}\" selected=\"selected\">");

        // recorded with the committee marked: no 缺席 clicks for the other members
        var r = await PostAsync(Body(b, types: ["支部委员会"], attendees: [b.Secretary], leave: [], absent: [b.Deputy]));
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        (await JsonAsync(r)).GetProperty("expected").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task A_party_group_meeting_lists_the_group_members_and_is_held_by_the_group()
    {
        var b = await BranchAsync();
        var grouped = await AddMemberAsync(World.A1Group, "组员甲");
        var c = await App.SignedInAsync("branchsec");
        string Url(long orgId) => $"/Meetings/Record?org={World.A.Id}&handler=Roster&Input.OrgId={orgId}&Input.Date={Held:yyyy-MM-dd}&Input.Types=党小组会";
        var group = await (await c.GetAsync(Url(World.A1Group.Id))).Content.ReadAsStringAsync();
        RosterRows(group).ShouldContain(grouped);
        RosterRows(group).ShouldNotContain(b.M3);
        group.ShouldContain("党小组会只列本党小组党员");

        // 党小组会 chosen for the branch: the branch's groups are offered instead of the branch roster
        var branch = await (await c.GetAsync(Url(World.A1.Id))).Content.ReadAsStringAsync();
        branch.ShouldContain($"data-org=\"{World.A1Group.Id}\"");
        (await ErrorAsync(await PostAsync(Body(b, types: ["党小组会"])), "types")).ShouldContain("党小组会由党小组召开");
        (await HeldMeetingsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_yearly_meeting_held_in_January_counts_for_the_year_it_belongs_to()
    {
        var b = await BranchAsync();
        await App.ExecAsync($"UPDATE organizations SET created_at = '2020-01-01' WHERE id IN ({World.A1.Id}, {World.A1Group.Id})");
        var january = new DateTimeOffset(2026, 1, 20, 14, 30, 0, TimeSpan.FromHours(8));
        // the 预备党员 joined after January: not on that day's roster
        object Yearly(int? yearOf, DateTimeOffset at) => Body(b, types: ["组织生活会", "民主评议党员"], heldAt: at, attendees: [b.Secretary, b.Deputy, b.M3, b.M4],
            leave: [], absent: [b.Seeded, b.M5], yearOf: yearOf);

        // the form offers 所属年度 for these kinds, the year before by default in January, the year held from March
        var form = await App.SignedInAsync("branchsec");
        string YearUrl(string date) => $"/Meetings/Record?org={World.A.Id}&handler=Roster&Input.OrgId={World.A1.Id}&Input.Date={date}&Input.Types=组织生活会";
        (await (await form.GetAsync(YearUrl("2026-01-20"))).Content.ReadAsStringAsync()).ShouldContain("<option value=\"2025\" selected=\"selected\">2025年度</option>");
        (await (await form.GetAsync(YearUrl("2026-03-02"))).Content.ReadAsStringAsync()).ShouldContain("<option value=\"2026\" selected=\"selected\">2026年度</option>");
        (await (await form.GetAsync(YearUrl("2026-01-20").Replace("组织生活会", "党课", StringComparison.Ordinal))).Content.ReadAsStringAsync()).ShouldNotContain("id=\"YearOf\"");

        (await ErrorAsync(await PostAsync(Yearly(2024, january)), "yearOf")).ShouldContain("所属年度只能是召开当年（2026年）或上一年度（2025年）");
        // no 所属年度 given: January belongs to the year before
        var r = await PostAsync(Yearly(null, january));
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var id = (await JsonAsync(r)).GetProperty("id").GetInt64();
        (await JsonAsync(await (await App.BearerAsync("branchsec")).GetAsync($"/api/v1/meetings/{id}"))).GetProperty("yearOf").GetInt32().ShouldBe(2025);
        var page = await App.SignedInAsync("branchsec");
        (await (await page.GetAsync($"/Meetings/Details/{id}")).Content.ReadAsStringAsync()).ShouldContain("2025年度");

        var c = await App.BearerAsync("orgadmin");
        async Task<string[]> YearlyGapsAsync(int year)
        {
            var json = JsonDocument.Parse(await (await c.GetAsync($"/api/v1/compliance?org={World.A.Id}&period={year}")).Content.ReadAsStringAsync()).RootElement;
            return json.GetProperty("gaps").EnumerateArray()
                .Where(g => g.GetProperty("branch").GetProperty("id").GetInt64() == World.A1.Id && g.GetProperty("rule").GetString() is "组织生活会" or "民主评议党员")
                .Select(g => g.GetProperty("message").GetString()!).ToArray();
        }
        (await YearlyGapsAsync(2025)).ShouldBeEmpty();
        (await YearlyGapsAsync(2026)).ShouldBe(["2026年未召开组织生活会", "2026年未召开民主评议党员"], ignoreOrder: true);

        // set to the year it was held: the compliance view (through its cache's change log) moves it to 2026
        await App.ExecAsync($"UPDATE meetings SET year_of = 2026 WHERE id = {id}");
        (await YearlyGapsAsync(2026)).ShouldBeEmpty();
        (await YearlyGapsAsync(2025)).ShouldBe(["2025年未召开组织生活会", "2025年未召开民主评议党员"], ignoreOrder: true);
    }

    // ---- editing ----

    [Fact]
    public async Task Edits_after_seven_days_need_a_reason_and_keep_the_previous_version()
    {
        var b = await BranchAsync();
        var id = (await JsonAsync(await PostAsync(Body(b)))).GetProperty("id").GetInt64();
        var c = await App.SignedInAsync("branchsec");
        var form = Form(b, World.A1.Id, Held);
        form["Input.Types"] = "支部党员大会";
        form["Input.Topic"] = "修改后的主题";

        // within the window: saved freely, no version
        (await AppFactory.PostFormAsync(c, $"/Meetings/Edit/{id}", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync("SELECT count(*) FROM meeting_versions")).ShouldBe(0);

        await App.ExecAsync($"UPDATE meetings SET recorded_at = now() - interval '8 days' WHERE id = {id}");
        form["Input.Topic"] = "再次修改";
        var refused = await AppFactory.PostFormAsync(c, $"/Meetings/Edit/{id}", form);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("修改须填写修改原因");
        (await App.ScalarAsync($"SELECT count(*) FROM meetings WHERE id = {id} AND topic = '修改后的主题' AND version = 1")).ShouldBe(1);

        form["Input.EditReason"] = "补充会议主题";
        (await AppFactory.PostFormAsync(c, $"/Meetings/Edit/{id}", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync($"SELECT count(*) FROM meetings WHERE id = {id} AND topic = '再次修改' AND version = 2")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM meeting_versions WHERE meeting_id = {id} AND version = 1 AND snapshot->>'Topic' = '修改后的主题' AND reason = '补充会议主题'")).ShouldBe(1);
        (await (await c.GetAsync($"/Meetings/Details/{id}")).Content.ReadAsStringAsync()).ShouldContain("补充会议主题");
    }

    // ---- attachments ----

    private async Task<long> RecordedAsync()
    {
        var b = await BranchAsync();
        return (await JsonAsync(await PostAsync(Body(b)))).GetProperty("id").GetInt64();
    }

    private static MultipartFormDataContent FileContent(byte[] bytes, string name, string type)
    {
        var f = new ByteArrayContent(bytes);
        f.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { f, "file", name } };
    }

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    [Fact]
    public async Task A_photo_is_stored_with_its_hash_and_downloaded_as_an_attachment()
    {
        var id = await RecordedAsync();
        var c = await App.BearerAsync("branchsec");
        var up = await c.PostAsync($"/api/v1/meetings/{id}/attachments", FileContent(Png, "现场照片.png", "image/png"));
        up.StatusCode.ShouldBe(HttpStatusCode.Created, await up.Content.ReadAsStringAsync());
        var attachmentId = (await JsonAsync(up)).GetProperty("id").GetInt64();
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Png));
        (await App.ScalarAsync($"SELECT count(*) FROM meeting_attachments WHERE sha256 = '{sha}' AND content_type = 'image/png'")).ShouldBe(1);

        var page = await App.SignedInAsync("insp");
        var down = await page.GetAsync($"/Meetings/Details/{id}?handler=Attachment&file={attachmentId}");
        down.StatusCode.ShouldBe(HttpStatusCode.OK);
        down.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        down.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
        (await down.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        var api = await (await App.BearerAsync("insp")).GetAsync($"/api/v1/meetings/{id}/attachments?file={attachmentId}");
        api.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
    }

    [Fact]
    public async Task An_executable_renamed_to_a_photo_is_refused_and_nothing_is_stored()
    {
        var id = await RecordedAsync();
        var exe = new byte[4096];
        "MZ"u8.CopyTo(exe);
        var c = await App.BearerAsync("branchsec");
        (await ErrorAsync(await c.PostAsync($"/api/v1/meetings/{id}/attachments", FileContent(exe, "合影.jpg", "image/jpeg")), "file")).ShouldContain("可执行程序");

        var page = await App.SignedInAsync("branchsec");
        var html = await (await page.GetAsync($"/Meetings/Details/{id}")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"").Groups[1].Value;
        var form = FileContent(exe, "合影.jpg", "image/jpeg");
        form.Add(new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken");
        var r = await page.PostAsync($"/Meetings/Details/{id}?handler=Upload", form);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await r.Content.ReadAsStringAsync()).ShouldContain("可执行程序");
        (await App.ScalarAsync("SELECT count(*) FROM meeting_attachments")).ShouldBe(0);
    }

    [Fact]
    public async Task An_oversized_file_is_refused_and_nothing_is_stored()
    {
        var id = await RecordedAsync();
        var big = new byte[AttachmentLimit + 1];
        big[0] = 0xFF; big[1] = 0xD8; big[2] = 0xFF;
        var c = await App.BearerAsync("branchsec");
        // one byte over the limit: 413 naming the limit
        var r = await c.PostAsync($"/api/v1/meetings/{id}/attachments", FileContent(big, "大照片.jpg", "image/jpeg"));
        r.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await r.Content.ReadAsStringAsync()).ShouldContain("文件超过 10 MB 上限");
        (await App.ScalarAsync("SELECT count(*) FROM meeting_attachments")).ShouldBe(0);
    }

    private const int AttachmentLimit = 10 * 1024 * 1024;

    [Fact]
    public async Task A_member_without_meeting_management_cannot_upload()
    {
        var id = await RecordedAsync();
        var c = await App.BearerAsync("insp");
        (await c.PostAsync($"/api/v1/meetings/{id}/attachments", FileContent(Png, "a.png", "image/png"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
