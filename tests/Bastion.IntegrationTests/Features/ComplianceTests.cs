using System.Globalization;
using System.Net;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Compliance;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bastion.IntegrationTests.Features;

public sealed class ComplianceTests(AppFactory app) : AppTest(app)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static DateTimeOffset At(int y, int m, int d, int h = 14) => new(y, m, d, h, 30, 0, China);

    private int _minute;

    private Task<Meeting> AddMeetingAsync(Organization org, MeetingKinds kinds, DateTimeOffset heldAt, bool valid = true, int expected = 10, int present = 8,
        long? lecturer = null, MeetingState state = MeetingState.已召开, int? yearOf = null) => App.WithDbAsync(async db =>
    {
        var m = new Meeting
        {
            OrgId = org.Id, Kinds = kinds, State = state, HeldAt = heldAt.AddSeconds(_minute++).ToUniversalTime(), Topic = "测试会议", Expected = expected, Present = present,
            Absent = expected - present, QuorumMet = valid, LecturerMemberId = lecturer, YearOf = yearOf, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(m);
        await db.SaveChangesAsync();
        return m;
    });

    private sealed record Stat(long OrgId, DateOnly Month, int General, int Committee, int Group, int Lessons, int Theme, int Life, int Appraisal, int Talk,
        double? MinRate, double? MaxRate, int Secretary);

    private async Task<List<Stat>> StatsAsync(string from = "meeting_month_stats")
    {
        await using var conn = new NpgsqlConnection(App.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            SELECT org_id, month, general_meetings, committee_meetings, group_meetings, lessons, theme_days, life_meetings, appraisals,
                   talk_meetings, theme_min_rate, theme_max_rate, secretary_lessons FROM {from} ORDER BY org_id, month
            """, conn);
        var list = new List<Stat>();
        await using var rd = await cmd.ExecuteReaderAsync();
        while (await rd.ReadAsync())
            list.Add(new Stat(rd.GetInt64(0), rd.GetFieldValue<DateOnly>(1), rd.GetInt32(2), rd.GetInt32(3), rd.GetInt32(4), rd.GetInt32(5), rd.GetInt32(6),
                rd.GetInt32(7), rd.GetInt32(8), rd.GetInt32(9), rd.IsDBNull(10) ? null : rd.GetDouble(10), rd.IsDBNull(11) ? null : rd.GetDouble(11), rd.GetInt32(12)));
        return list;
    }

    /// <summary>The summary recomputed from scratch (the oracle the trigger-kept table must equal).</summary>
    private async Task<List<Stat>> RecomputedAsync()
    {
        await App.ExecAsync("""
            DROP TABLE IF EXISTS oracle_stats;
            CREATE TABLE oracle_stats AS SELECT * FROM meeting_month_stats WITH NO DATA;
            """);
        // the same refresh over every key, into an empty stand-in table, copied out as the oracle
        await App.ExecAsync("""
            BEGIN;
            ALTER TABLE meeting_month_stats RENAME TO meeting_month_stats_kept;
            CREATE TABLE meeting_month_stats (LIKE meeting_month_stats_kept INCLUDING ALL);
            SELECT meeting_month_stats_refresh(array_agg(org_id), array_agg(month))
              FROM (SELECT org_id, meeting_month(held_at) AS month FROM meetings
                    UNION SELECT org_id, meeting_year_month(held_at, year_of) FROM meetings) k HAVING count(*) > 0;
            INSERT INTO oracle_stats SELECT * FROM meeting_month_stats;
            DROP TABLE meeting_month_stats;
            ALTER TABLE meeting_month_stats_kept RENAME TO meeting_month_stats;
            COMMIT;
            """);
        var list = await StatsAsync("oracle_stats");
        await App.ExecAsync("DROP TABLE oracle_stats");
        return list;
    }

    private async Task<List<Stat>> ShouldMatchRecomputedAsync()
    {
        var kept = await StatsAsync();
        kept.ShouldBe(await RecomputedAsync());
        return kept;
    }

    [Fact]
    public async Task The_monthly_summary_follows_meetings_added_edited_and_deleted()
    {
        var a1 = World.A1;
        var m1 = await AddMeetingAsync(a1, MeetingKinds.支部党员大会 | MeetingKinds.党课, At(2026, 9, 20));
        await AddMeetingAsync(a1, MeetingKinds.支部委员会, At(2026, 9, 21), valid: false);           // below quorum: 无效
        await AddMeetingAsync(a1, MeetingKinds.支部委员会, At(2026, 9, 22), state: MeetingState.计划); // only planned
        var theme = await AddMeetingAsync(a1, MeetingKinds.主题党日, At(2026, 9, 25), expected: 10, present: 4);
        var stats = await ShouldMatchRecomputedAsync();
        var sep = stats.Single();
        sep.ShouldBe(new Stat(a1.Id, new DateOnly(2026, 9, 1), 1, 0, 0, 1, 1, 0, 0, 0, 0.4, 0.4, 0));

        // edit kinds and attendance
        await App.WithDbAsync(async db =>
        {
            var m = await db.Set<Meeting>().SingleAsync(x => x.Id == theme.Id);
            m.Kinds = MeetingKinds.主题党日 | MeetingKinds.党课;
            m.Present = 9; m.Absent = 1;
            await db.SaveChangesAsync();
            return 0;
        });
        (await ShouldMatchRecomputedAsync()).Single().ShouldBe(sep with { Lessons = 2, MinRate = 0.9, MaxRate = 0.9 });

        // move a meeting across the quarter boundary (China time) and to another organization
        await App.WithDbAsync(async db =>
        {
            var m = await db.Set<Meeting>().SingleAsync(x => x.Id == m1.Id);
            m.HeldAt = new DateTimeOffset(2026, 9, 30, 16, 30, 0, TimeSpan.Zero); // 1 October 00:30 in Beijing
            await db.SaveChangesAsync();
            return 0;
        });
        stats = await ShouldMatchRecomputedAsync();
        stats.Select(s => (s.Month, s.General)).ShouldBe([(new DateOnly(2026, 9, 1), 0), (new DateOnly(2026, 10, 1), 1)]);
        await App.ExecAsync($"UPDATE meetings SET org_id = {World.B1.Id} WHERE id = {m1.Id}");
        stats = await ShouldMatchRecomputedAsync();
        stats.Single(s => s.OrgId == World.B1.Id).Month.ShouldBe(new DateOnly(2026, 10, 1));
        stats.ShouldNotContain(s => s.OrgId == a1.Id && s.Month == new DateOnly(2026, 10, 1));

        // quorum lost, then found; then deleted
        await App.ExecAsync($"UPDATE meetings SET quorum_met = false WHERE id = {m1.Id}");
        (await ShouldMatchRecomputedAsync()).ShouldNotContain(s => s.OrgId == World.B1.Id);
        await App.ExecAsync($"UPDATE meetings SET quorum_met = true WHERE id = {m1.Id}");
        (await ShouldMatchRecomputedAsync()).ShouldContain(s => s.OrgId == World.B1.Id);
        await App.ExecAsync($"DELETE FROM meetings WHERE id = {m1.Id}");
        (await ShouldMatchRecomputedAsync()).ShouldNotContain(s => s.OrgId == World.B1.Id);

        // several rows in one statement (a bulk import): one refresh for all of them
        await App.ExecAsync($"""
            INSERT INTO meetings (org_id, kinds, state, held_at, topic, expected, present, absent, quorum_met, created_at)
            SELECT {a1.Id}, 2, '已召开', timestamptz '2026-01-05 10:00+08' + (i || ' days')::interval, '批量', 5, 5, 0, true, now()
            FROM generate_series(0, 59) i
            """);
        stats = await ShouldMatchRecomputedAsync();
        stats.Where(s => s.OrgId == a1.Id && s.Month < new DateOnly(2026, 4, 1)).Sum(s => s.Committee).ShouldBe(60);
        await App.ExecAsync("DELETE FROM meetings WHERE topic = '批量'");
        (await ShouldMatchRecomputedAsync()).ShouldNotContain(s => s.Month < new DateOnly(2026, 4, 1));
    }

    [Fact]
    public async Task A_yearly_meeting_counts_in_the_december_of_the_year_it_belongs_to_and_follows_edits()
    {
        var a1 = World.A1;
        Task<long> ChangesAsync() => App.ScalarAsync($"SELECT count(*) FROM compliance_changes WHERE org_id = {a1.Id}");
        // a 2025年度组织生活会 held with a 党课 in January 2026: the 党课 counts in January, the 组织生活会 in December 2025
        var m = await AddMeetingAsync(a1, MeetingKinds.组织生活会 | MeetingKinds.党课, At(2026, 1, 20), yearOf: 2025);
        var stats = await ShouldMatchRecomputedAsync();
        stats.Single(x => x.Month == new DateOnly(2025, 12, 1)).ShouldSatisfyAllConditions(x => x.Life.ShouldBe(1), x => x.Lessons.ShouldBe(0));
        stats.Single(x => x.Month == new DateOnly(2026, 1, 1)).ShouldSatisfyAllConditions(x => x.Life.ShouldBe(0), x => x.Lessons.ShouldBe(1));

        // moved to the year it was held: December 2025 no longer counts it, and the cache's change log names the branch
        var before = await ChangesAsync();
        await App.ExecAsync($"UPDATE meetings SET year_of = 2026 WHERE id = {m.Id}");
        stats = await ShouldMatchRecomputedAsync();
        stats.ShouldNotContain(x => x.Month == new DateOnly(2025, 12, 1));
        stats.Single(x => x.Month == new DateOnly(2026, 1, 1)).Life.ShouldBe(1);
        (await ChangesAsync()).ShouldBeGreaterThan(before);

        // back to 2025, then deleted
        await App.ExecAsync($"UPDATE meetings SET year_of = 2025 WHERE id = {m.Id}");
        (await ShouldMatchRecomputedAsync()).Single(x => x.Month == new DateOnly(2025, 12, 1)).Life.ShouldBe(1);
        before = await ChangesAsync();
        await App.ExecAsync($"DELETE FROM meetings WHERE id = {m.Id}");
        (await ShouldMatchRecomputedAsync()).ShouldBeEmpty();
        (await ChangesAsync()).ShouldBeGreaterThan(before);

        // the engine counts it for 2025's yearly rule and not for 2026's
        await App.ExecAsync($"UPDATE organizations SET created_at = '2020-01-01' WHERE id = {a1.Id}");
        await AddMeetingAsync(a1, MeetingKinds.组织生活会, At(2026, 2, 3), yearOf: 2025);
        var engine = App.Services.CreateScope().ServiceProvider.GetRequiredService<ComplianceEngine>();
        (await engine.EvaluateBranchAsync(a1.Id, Period.OfYear(2025), today: new DateOnly(2026, 3, 1)))!
            .Rules.Single(r => r.Kind == RuleKind.组织生活会).Held.ShouldBe(1);
        (await engine.EvaluateBranchAsync(a1.Id, Period.OfYear(2026), today: new DateOnly(2026, 3, 1)))!
            .Rules.Single(r => r.Kind == RuleKind.组织生活会).Held.ShouldBe(0);
    }

    [Fact]
    public async Task A_lesson_counts_as_the_secretarys_when_the_terms_say_so_on_that_day()
    {
        var a1 = World.A1;
        var secretary = World.MemberInOrg[a1.Id];
        var lesson = await AddMeetingAsync(a1, MeetingKinds.党课, At(2026, 5, 10), lecturer: secretary);
        (await ShouldMatchRecomputedAsync()).Single().Secretary.ShouldBe(0); // no term recorded yet

        var termMemberId = await App.WithDbAsync(async db =>
        {
            var t = new OrgTerm { OrgId = a1.Id, Number = 1, StartDate = new DateOnly(2024, 1, 1), DueDate = new DateOnly(2027, 1, 1), CreatedAt = DateTimeOffset.UtcNow };
            db.Add(t);
            await db.SaveChangesAsync();
            var tm = new OrgTermMember { TermId = t.Id, Post = CommitteePost.书记, Name = "书记", MemberId = secretary, AppointedAt = new DateOnly(2024, 1, 1) };
            db.Add(tm);
            await db.SaveChangesAsync();
            return tm.Id;
        });
        (await ShouldMatchRecomputedAsync()).Single().Secretary.ShouldBe(1);

        // the appointment ended before the lesson: not the secretary's any more
        await App.ExecAsync($"UPDATE org_term_members SET left_at = '2026-05-01' WHERE id = {termMemberId}");
        (await ShouldMatchRecomputedAsync()).Single().Secretary.ShouldBe(0);
        await App.ExecAsync($"UPDATE org_term_members SET left_at = NULL WHERE id = {termMemberId}");
        (await ShouldMatchRecomputedAsync()).Single().Secretary.ShouldBe(1);
        await App.ExecAsync($"UPDATE meetings SET lecturer_member_id = NULL WHERE id = {lesson.Id}");
        (await ShouldMatchRecomputedAsync()).Single().Secretary.ShouldBe(0);
    }

    // ---- engine and API ----

    private async Task BackdateAsync(params Organization[] orgs)
    {
        foreach (var o in orgs) await App.ExecAsync($"UPDATE organizations SET created_at = '2020-01-01' WHERE id = {o.Id}");
    }

    /// <summary>Everything A1 (a 党支部 with one 党小组) owes in 2026Q3.</summary>
    private async Task FullQuarterAsync(Organization branch, Organization? group)
    {
        foreach (var month in new[] { 7, 8, 9 })
        {
            await AddMeetingAsync(branch, MeetingKinds.支部委员会 | MeetingKinds.主题党日, At(2026, month, 10));
            if (group is not null) await AddMeetingAsync(group, MeetingKinds.党小组会, At(2026, month, 12));
        }
        await AddMeetingAsync(branch, MeetingKinds.支部党员大会 | MeetingKinds.党课, At(2026, 8, 20));
    }

    private async Task<JsonElement> GetJsonAsync(HttpClient c, string url)
    {
        var res = await c.GetAsync(url);
        var body = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task The_rollup_counts_branches_per_child_with_plain_Chinese_gaps()
    {
        await BackdateAsync(World.A1, World.A1Group, World.B1);
        await FullQuarterAsync(World.A1, World.A1Group);
        await AddMeetingAsync(World.B1, MeetingKinds.支部委员会 | MeetingKinds.主题党日, At(2026, 7, 10));
        await AddMeetingAsync(World.B1, MeetingKinds.支部委员会, At(2026, 8, 10));
        await AddMeetingAsync(World.B1, MeetingKinds.主题党日, At(2026, 8, 11), expected: 50, present: 21);

        await App.AddUserAsync("rootadmin", Role.OrgAdmin, World.R);
        var c = await App.BearerAsync("rootadmin");
        var json = await GetJsonAsync(c, $"/api/v1/compliance?org={World.R.Id}&period=2026Q3");
        json.GetProperty("period").GetString().ShouldBe("2026Q3");
        json.GetProperty("label").GetString().ShouldBe("2026年第3季度");
        json.GetProperty("org").GetProperty("name").GetString().ShouldBe(World.R.Name);
        json.GetProperty("branches").GetInt32().ShouldBe(2);
        json.GetProperty("compliant").GetInt32().ShouldBe(1);
        json.GetProperty("failing").GetInt32().ShouldBe(1);
        json.GetProperty("rate").GetDouble().ShouldBe(0.5);
        var children = json.GetProperty("children").EnumerateArray().ToDictionary(x => x.GetProperty("org").GetProperty("id").GetInt64());
        children[World.A.Id].GetProperty("rate").GetDouble().ShouldBe(1);
        children[World.B.Id].GetProperty("failing").GetInt32().ShouldBe(1);
        children[World.B.Id].GetProperty("rate").GetDouble().ShouldBe(0);
        var gaps = json.GetProperty("gaps").EnumerateArray().Select(g => g.GetProperty("message").GetString()).ToList();
        gaps.ShouldBe([
            "2026年第3季度未召开支部党员大会",
            "2026年第3季度未召开党课",
            "2026年9月未召开支部委员会",
            "2026年9月未召开主题党日",
            "8月主题党日出席率42%，低于50%",
        ], ignoreOrder: true);
        json.GetProperty("gapsTotal").GetInt32().ShouldBe(5);
        json.GetProperty("gaps")[0].GetProperty("branch").GetProperty("name").GetString().ShouldBe(World.B1.Name);
    }

    [Fact]
    public async Task A_party_group_nobody_belongs_to_owes_no_group_meeting()
    {
        await BackdateAsync(World.A1, World.A1Group);
        await FullQuarterAsync(World.A1, null);
        var engine = App.Services.CreateScope().ServiceProvider.GetRequiredService<ComplianceEngine>();
        var o = (await engine.EvaluateBranchAsync(World.A1.Id, Period.Quarter(2026, 3), today: new DateOnly(2026, 10, 8)))!;
        o.Status.ShouldBe(ComplianceStatus.达标);
        o.Gaps.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_missing_party_group_meeting_fails_the_branch_and_an_exemption_clears_it()
    {
        await BackdateAsync(World.A1, World.A1Group);
        // the group has a member (moved from the branch into it)
        await App.ExecAsync($"UPDATE members SET org_id = {World.A1Group.Id} WHERE id = {World.MemberInOrg[World.A1.Id]}");
        await FullQuarterAsync(World.A1, null);
        var engine = App.Services.CreateScope().ServiceProvider.GetRequiredService<ComplianceEngine>();
        var o = (await engine.EvaluateBranchAsync(World.A1.Id, Period.Quarter(2026, 3), today: new DateOnly(2026, 10, 8)))!;
        o.Status.ShouldBe(ComplianceStatus.未达标);
        o.Gaps.Select(g => g.Message).ShouldBe(["2026年7月未召开党小组会", "2026年8月未召开党小组会", "2026年9月未召开党小组会"]);

        // an exemption on the superior 党委 covers the branch under it
        await App.WithDbAsync(async db =>
        {
            db.Add(new ComplianceExemption { OrgId = World.A.Id, Kind = RuleKind.党小组会, FromDate = new DateOnly(2026, 7, 1), ToDate = new DateOnly(2026, 9, 30), Reason = "党小组调整", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            return 0;
        });
        var engine2 = App.Services.CreateScope().ServiceProvider.GetRequiredService<ComplianceEngine>();
        (await engine2.EvaluateBranchAsync(World.A1.Id, Period.Quarter(2026, 3), today: new DateOnly(2026, 10, 8)))!.Status.ShouldBe(ComplianceStatus.达标);
        (await engine2.EvaluateBranchAsync(World.A.Id, Period.Quarter(2026, 3))).ShouldBeNull(); // a 党委 is not a branch
    }

    [Fact]
    public async Task The_branch_secretary_sees_a_gap_turn_from_warning_to_compliant()
    {
        await BackdateAsync(World.A1, World.A1Group);
        await FullQuarterAsync(World.A1, World.A1Group);
        await App.ExecAsync("DELETE FROM meetings WHERE kinds & 1 <> 0");
        var engine = App.Services.CreateScope().ServiceProvider.GetRequiredService<ComplianceEngine>();
        var warn = (await engine.EvaluateBranchAsync(World.A1.Id, Period.Quarter(2026, 3), today: new DateOnly(2026, 9, 20)))!;
        warn.Status.ShouldBe(ComplianceStatus.预警);
        warn.Gaps.Select(g => g.Message).ShouldBe(["2026年第3季度未召开支部党员大会", "2026年第3季度未召开党课"]);
        await AddMeetingAsync(World.A1, MeetingKinds.支部党员大会 | MeetingKinds.党课, At(2026, 9, 25));
        var engine2 = App.Services.CreateScope().ServiceProvider.GetRequiredService<ComplianceEngine>();
        (await engine2.EvaluateBranchAsync(World.A1.Id, Period.Quarter(2026, 3), today: new DateOnly(2026, 9, 26)))!.Status.ShouldBe(ComplianceStatus.达标);
    }

    [Fact]
    public async Task Talk_coverage_counts_members_in_the_branch_for_half_the_year()
    {
        await BackdateAsync(World.A1, World.A1Group);
        var early = World.MemberInOrg[World.A1.Id];
        // a second member who came to the branch in August: not owed a talk this year
        var late = await App.WithDbAsync(async db =>
        {
            var m = new Member
            {
                OrgId = World.A1.Id, Name = "新转入党员", Gender = Gender.女, IdNumber = ChineseIdNumber.Compose("110105", new DateOnly(1990, 1, 2), 333),
                BirthDate = new DateOnly(1990, 1, 2), Category = MemberCategory.正式党员, JoinedAt = new DateOnly(2015, 7, 1), CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Members.Add(m);
            await db.SaveChangesAsync();
            return m.Id;
        });
        await App.ExecAsync($"UPDATE member_memberships SET from_date = '2026-08-15' WHERE member_id = {late}");
        await App.ExecAsync($"UPDATE member_memberships SET from_date = '2020-01-01' WHERE member_id = {early}");
        var engine = App.Services.CreateScope().ServiceProvider.GetRequiredService<ComplianceEngine>();
        var talks = (await engine.EvaluateBranchAsync(World.A1.Id, Period.OfYear(2026), today: new DateOnly(2026, 11, 21)))!.Rules.Single(r => r.Kind == RuleKind.谈心谈话);
        talks.Required.ShouldBe(1);
        talks.Held.ShouldBe(0);
        talks.Gaps.Single().Message.ShouldBe("2026年谈心谈话应谈1人、已谈0人，尚有1人未谈");
        await App.WithDbAsync(async db =>
        {
            db.Add(new Talk { OrgId = World.A1.Id, TalkerMemberId = late, MemberId = early, HeldOn = new DateOnly(2026, 3, 3), Topics = "思想工作", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            return 0;
        });
        var engine2 = App.Services.CreateScope().ServiceProvider.GetRequiredService<ComplianceEngine>();
        (await engine2.EvaluateBranchAsync(World.A1.Id, Period.OfYear(2026), today: new DateOnly(2026, 11, 21)))!
            .Rules.Single(r => r.Kind == RuleKind.谈心谈话).Gaps.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("2026Q5", "季度应为1–4")]
    [InlineData("abc", "无法识别期间")]
    public async Task A_bad_period_is_a_Chinese_problem(string period, string message)
    {
        var c = await App.BearerAsync("orgadmin");
        var res = await c.GetAsync($"/api/v1/compliance?org={World.A.Id}&period={period}");
        res.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var json = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        json.GetProperty("errors").GetProperty("period")[0].GetString()!.ShouldContain(message);
    }

    [Fact]
    public async Task An_unknown_or_foreign_org_is_refused_and_the_default_is_the_current_quarter()
    {
        var c = await App.BearerAsync("orgadmin");
        (await c.GetAsync("/api/v1/compliance?org=999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await c.GetAsync($"/api/v1/compliance?org={World.U.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var json = await GetJsonAsync(c, "/api/v1/compliance");
        json.GetProperty("org").GetProperty("id").GetInt64().ShouldBe(World.A.Id);
        json.GetProperty("period").GetString().ShouldBe(Period.Containing(PeriodUnit.季, TimeProvider.System.Today()).Code);
    }

    [Fact]
    public async Task Moving_the_clock_moves_the_compliance_engines_today_and_current_quarter()
    {
        var c = await App.BearerAsync("orgadmin");
        var before = (await GetJsonAsync(c, "/api/v1/compliance")).GetProperty("period").GetString();
        before.ShouldBe(Period.Containing(PeriodUnit.季, App.Clock.Today()).Code);

        // a quarter has at most 92 days: 92 days on is always the next quarter
        App.Clock.Advance(TimeSpan.FromDays(92));
        var today = App.Clock.Today();
        var quarter = Period.Containing(PeriodUnit.季, today);
        c = await App.BearerAsync("orgadmin"); // a token lasts hours
        var after = await GetJsonAsync(c, "/api/v1/compliance");
        after.GetProperty("period").GetString().ShouldBe(quarter.Code);
        after.GetProperty("period").GetString().ShouldNotBe(before);
        after.GetProperty("asOf").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddDays(91));

        // the engine's "today" (what is 预警 or still 进行中) is the clock's day too
        var engine = App.Services.CreateScope().ServiceProvider.GetRequiredService<ComplianceEngine>();
        (await engine.RollupAsync(World.A, quarter)).Today.ShouldBe(today);
    }

    // ---- pages ----

    private static List<List<string>> ReadCells(byte[] xlsx)
    {
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var sheet = doc.WorkbookPart!.WorksheetParts.First().Worksheet;
        return sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
            .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
    }

    [Fact]
    public async Task The_page_shows_children_and_gaps_and_exports_them()
    {
        await BackdateAsync(World.A1, World.A1Group);
        await AddMeetingAsync(World.A1, MeetingKinds.支部委员会 | MeetingKinds.主题党日, At(2026, 7, 10));
        var c = await App.SignedInAsync("orgadmin");
        var html = await (await c.GetAsync($"/Compliance?org={World.A.Id}&period=2026Q3")).Content.ReadAsStringAsync();
        html.ShouldContain("组织生活达标情况");
        html.ShouldContain("2026年第3季度");
        html.ShouldContain(World.A1.Name);
        html.ShouldContain("2026年第3季度未召开支部党员大会");
        html.ShouldContain($"/Compliance/Branch/{World.A1.Id}?period=2026Q3");

        var xlsx = await c.GetAsync($"/Compliance?org={World.A.Id}&period=2026Q3&handler=Export");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe(Bastion.Web.Xlsx.ContentType);
        var cells = ReadCells(await xlsx.Content.ReadAsByteArrayAsync());
        cells[0].ShouldBe(["组织", "类型", "支部数", "达标", "预警", "未达标", "进行中", "季度项目达标率", "年度项目进展（已完成/应完成项）"]);
        cells[1].Take(6).ShouldBe([World.A1.Name, "党支部", "1", "0", "0", "1"]);
        cells.ShouldContain(r => r.Count > 5 && r[5] == "2026年第3季度未召开支部党员大会");

        // a bad period is shown next to the selector, not as an error page
        var bad = await (await c.GetAsync($"/Compliance?org={World.A.Id}&period=2026Q9")).Content.ReadAsStringAsync();
        bad.ShouldContain("季度应为1–4");
    }

    [Fact]
    public async Task The_branch_page_lists_rules_gaps_and_the_meetings_counted()
    {
        await BackdateAsync(World.A1, World.A1Group);
        var m = await AddMeetingAsync(World.A1, MeetingKinds.支部委员会 | MeetingKinds.主题党日, At(2026, 7, 10));
        await AddMeetingAsync(World.A1, MeetingKinds.支部党员大会, At(2026, 7, 11), valid: false);
        var c = await App.SignedInAsync("branchsec");
        var res = await c.GetAsync($"/Compliance/Branch/{World.A1.Id}?period=2026Q3");
        var html = await res.Content.ReadAsStringAsync();
        res.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain($"/Meetings/Details/{m.Id}");
        html.ShouldContain("2026年8月未召开支部委员会");
        html.ShouldContain("2026年第3季度未召开支部党员大会"); // the 无效 one does not count
        html.Split("/Meetings/Details/").Length.ShouldBe(2);
        var cells = ReadCells(await (await c.GetAsync($"/Compliance/Branch/{World.A1.Id}?period=2026Q3&handler=Export")).Content.ReadAsByteArrayAsync());
        cells.ShouldContain(r => r[0] == "支部委员会" && r[2] == "3" && r[3] == "1" && r[4] == "2" && r[5] == "未达标");
        // a 党委 has no branch view of its own
        (await (await c.GetAsync($"/Compliance/Branch/{World.A.Id}?period=2026Q3")).Content.ReadAsStringAsync()).ShouldContain("不单独考核组织生活");
    }

    [Fact]
    public async Task Exemptions_are_added_with_checks_and_removed()
    {
        var c = await App.SignedInAsync("orgadmin");
        var url = $"/Compliance/Rules?org={World.A.Id}";
        var bad = await AppFactory.PostFormAsync(c, url + "&handler=AddExemption", new()
        {
            ["Exemption.OrgId"] = World.A1.Id.ToString(CultureInfo.InvariantCulture), ["Exemption.Kind"] = "主题党日",
            ["Exemption.From"] = "2026-08-31", ["Exemption.To"] = "2026-08-01", ["Exemption.Reason"] = "",
        }, url);
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("结束日期不能早于开始日期");
        html.ShouldContain("请填写豁免理由");
        (await App.ScalarAsync("SELECT count(*) FROM compliance_exemptions")).ShouldBe(0);

        // an organization outside the caller's scope is refused
        var foreign = await AppFactory.PostFormAsync(c, url + "&handler=AddExemption", new()
        {
            ["Exemption.OrgId"] = World.B1.Id.ToString(CultureInfo.InvariantCulture), ["Exemption.Kind"] = "全部",
            ["Exemption.From"] = "2026-08-01", ["Exemption.To"] = "2026-08-31", ["Exemption.Reason"] = "防汛",
        }, url);
        (await foreign.Content.ReadAsStringAsync()).ShouldContain("该组织不在您的管理范围内");

        var ok = await AppFactory.PostFormAsync(c, url + "&handler=AddExemption", new()
        {
            ["Exemption.OrgId"] = World.A1.Id.ToString(CultureInfo.InvariantCulture), ["Exemption.Kind"] = "主题党日",
            ["Exemption.From"] = "2026-08-01", ["Exemption.To"] = "2026-08-31", ["Exemption.Reason"] = "防汛抢险",
        }, url);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await App.ScalarAsync("SELECT id FROM compliance_exemptions WHERE reason = '防汛抢险' AND kind = '主题党日'");
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'compliance_exemptions'")).ShouldBeGreaterThan(0);
        (await (await c.GetAsync(url)).Content.ReadAsStringAsync()).ShouldContain("确定删除对「" + World.A1.Name + "」的这项豁免吗");

        var removed = await AppFactory.PostFormAsync(c, url + "&handler=RemoveExemption", new() { ["exemptionId"] = id.ToString(CultureInfo.InvariantCulture) }, url);
        removed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync("SELECT count(*) FROM compliance_exemptions")).ShouldBe(0);
    }

    [Fact]
    public async Task Rule_overrides_need_a_top_level_administrator_and_valid_input()
    {
        var a = await App.SignedInAsync("orgadmin");
        (await (await a.GetAsync($"/Compliance/Rules?org={World.A.Id}")).Content.ReadAsStringAsync()).ShouldContain("由最上级党委的管理员调整");
        var refused = await AppFactory.PostFormAsync(a, $"/Compliance/Rules?org={World.A.Id}&handler=AddRule", new()
        {
            ["Rule.OrgType"] = "党支部", ["Rule.Kind"] = "党课", ["Rule.Frequency"] = "季", ["Rule.MinCount"] = "2", ["Rule.EffectiveFrom"] = "2026-01-01",
        }, $"/Compliance/Rules?org={World.A.Id}");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await App.AddUserAsync("rootadmin", Role.OrgAdmin, World.R);
        var r = await App.SignedInAsync("rootadmin");
        var url = $"/Compliance/Rules?org={World.R.Id}";
        var bad = await AppFactory.PostFormAsync(r, url + "&handler=AddRule", new()
        {
            ["Rule.OrgType"] = "党委", ["Rule.Kind"] = "党课", ["Rule.Frequency"] = "周", ["Rule.MinCount"] = "40", ["Rule.MinAttendancePercent"] = "60", ["Rule.EffectiveFrom"] = "",
        }, url);
        var html = await bad.Content.ReadAsStringAsync();
        foreach (var msg in new[] { "请选择党支部、联合党支部或临时党支部", "频次应为月、季或年", "最少次数应为0–31", "只有主题党日可以设置出席率", "请填写生效日期" }) html.ShouldContain(msg);
        (await App.ScalarAsync("SELECT count(*) FROM compliance_rules")).ShouldBe(0);

        var ok = await AppFactory.PostFormAsync(r, url + "&handler=AddRule", new()
        {
            ["Rule.OrgType"] = "党支部", ["Rule.Kind"] = "党课", ["Rule.Frequency"] = "季", ["Rule.MinCount"] = "2", ["Rule.EffectiveFrom"] = "2026-01-01",
        }, url);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync("SELECT min_count FROM compliance_rules WHERE kind = '党课'")).ShouldBe(2);

        // the engine follows it
        await BackdateAsync(World.A1, World.A1Group);
        await FullQuarterAsync(World.A1, World.A1Group);
        var engine = App.Services.CreateScope().ServiceProvider.GetRequiredService<ComplianceEngine>();
        (await engine.EvaluateBranchAsync(World.A1.Id, Period.Quarter(2026, 3), today: new DateOnly(2026, 10, 8)))!
            .Gaps.Select(g => g.Message).ShouldBe(["2026年第3季度党课应开2次、已开1次"]);
    }
}
