using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// The 党委's queue filters in SQL over its whole subtree: every tab finds every case (past the 200 a page holds), counts
/// per tab, and the API's steps/due/waiting/probation filters, each against cases whose steps are written in the arrange
/// (by SQL: the stored queue values are marked stale by triggers and computed on the first read).
/// </summary>
public sealed class DevelopmentQueueTests(AppFactory app) : AppTest(app)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private void SetToday(DateOnly day) => App.Clock.Offset = ChineseDates.At(day, new TimeOnly(10, 0)) - TimeProvider.System.GetUtcNow();

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private int _series;

    /// <summary>
    /// <paramref name="count"/> cases named prefix0001… in A1 (in name order), each with step 1 on <paramref name="applied"/>
    /// and these steps (code, date, fields json). Returns the id of the first.
    /// </summary>
    private async Task<long> InsertAsync(string prefix, int count, string state, DateOnly applied, params (string Step, DateOnly On, string Fields)[] steps)
    {
        var series = ++_series;
        var first = await App.ScalarAsync($"""
            INSERT INTO development_cases (org_id, name, id_number, birth_date, gender, applied_on, state, pack_version, created_at, updated_at)
            SELECT {World.A1.Id}, '{prefix}' || lpad(i::text, 4, '0'), '{series:D5}' || lpad(i::text, 13, '0'), DATE '1990-01-01', '男',
                   DATE '{Iso(applied)}', '{state}', '细则-2014', now(), now()
            FROM generate_series(1, {count}) AS i
            RETURNING id
            """);
        var values = string.Concat(steps.Select(s => $", ('{s.Step}', DATE '{Iso(s.On)}', '{s.Fields}'::jsonb)"));
        await App.ExecAsync($$"""
            INSERT INTO development_steps (case_id, org_id, step, "on", fields, recorded_at)
            SELECT c.id, c.org_id, v.step, v.d, v.f, now()
            FROM development_cases c CROSS JOIN (VALUES ('1', DATE '{{Iso(applied)}}', '{}'::jsonb){{values}}) AS v(step, d, f)
            WHERE c.name LIKE '{{prefix}}%'
            ORDER BY c.id, v.d
            """);
        return first;
    }

    private static (string, DateOnly, string) S(string step, DateOnly on, string fields = "{}") => (step, on, fields);

    private async Task<JsonElement> ListAsync(HttpClient c, string query)
    {
        var r = await c.GetAsync($"/api/v1/development/cases?org={World.A.Id}&{query}");
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task A_tab_finds_the_201st_case_of_the_subtree_and_counts_them_all()
    {
        var today = D("2026-03-10");
        SetToday(today);
        // 205 activists waiting for the 党委's 备案 (step 4)
        var applied = today.AddMonths(-6);
        await InsertAsync("备案", 205, "入党积极分子", applied, S("2", applied.AddDays(10)), S("3", applied.AddDays(20)));
        var admin = await App.SignedInAsync("orgadmin");

        var html = await (await admin.GetAsync($"/Development/Queue?org={World.A.Id}&tab=filing&p=11")).Content.ReadAsStringAsync();
        html.ShouldContain("备案0201");
        html.ShouldContain("备案0205");
        html.ShouldNotContain("备案0200");
        html.ShouldContain("data-tab=\"filing\">备案 <span class=\"badge rounded-pill text-bg-secondary\" data-count=\"205\">205</span>");
        html.ShouldContain("data-count=\"0\">0</span>"); // 预审: none

        var api = await App.BearerAsync("orgadmin");
        var page2 = await ListAsync(api, "steps=4,8,18&pageSize=200&page=2");
        (page2.GetProperty("total").GetInt32(), page2.GetProperty("items").GetArrayLength()).ShouldBe((205, 5));
        page2.GetProperty("items")[0].GetProperty("name").GetString().ShouldBe("备案0201");
        page2.GetProperty("queue").GetProperty("next").GetProperty("4").GetInt32().ShouldBe(205);
        (await ListAsync(api, "waiting=党委")).GetProperty("total").GetInt32().ShouldBe(205);

        // one is filed: it leaves the tab at once (the trigger marks its stored value stale)
        var firstId = await App.ScalarAsync("SELECT id FROM development_cases WHERE name = '备案0001'");
        var filed = await api.PostAsync($"/api/v1/development/cases/{firstId}/steps",
            new StringContent($$"""{"step": 4, "on": "{{Iso(today)}}"}""", System.Text.Encoding.UTF8, "application/json"));
        filed.StatusCode.ShouldBe(HttpStatusCode.OK, await filed.Content.ReadAsStringAsync());
        (await ListAsync(api, "steps=4")).GetProperty("total").GetInt32().ShouldBe(204);
        (await ListAsync(api, "steps=5")).GetProperty("total").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Each_filter_finds_exactly_its_cases_and_the_counts_follow_the_clock()
    {
        var today = D("2026-03-10");
        SetToday(today);
        // waiting for 预审 (13): every step up to the 公示
        var start = D("2024-09-01");
        await InsertAsync("预审", 3, "发展对象", start,
            S("2", D("2024-09-10")), S("3", D("2024-10-01")), S("4", D("2024-10-05")), S("5", D("2024-10-06")), S("6", D("2025-03-01"), """{"note":"好"}"""),
            S("6", D("2025-09-01"), """{"note":"好"}"""), S("7", D("2025-10-10")), S("8", D("2025-10-12")), S("9", D("2025-10-13")),
            S("10", D("2025-11-01"), """{"conclusion":"合格"}"""), S("11", D("2025-11-20"), """{"trainingDays":3}"""), S("12", D("2026-01-05")), S("12a", D("2026-01-06")));
        // applied two months ago, never talked to: the 谈话 was due a month after
        await InsertAsync("超期", 2, "申请人", today.AddMonths(-2));
        // approved 预备党员 whose 支部大会 was 11 months ago: 预备期满 in a month
        var meeting = today.AddMonths(-11);
        await InsertAsync("预备", 1, "预备党员", D("2024-01-01"),
            S("2", D("2024-01-10")), S("3", D("2024-02-01")), S("4", D("2024-02-05")), S("5", D("2024-02-06")), S("6", D("2024-07-01"), """{"note":"好"}"""),
            S("6", D("2024-12-01"), """{"note":"好"}"""), S("7", D("2025-02-10")), S("8", D("2025-02-11")), S("9", D("2025-02-12")),
            S("10", D("2025-02-20"), """{"conclusion":"合格"}"""), S("11", D("2025-02-25"), """{"trainingDays":3}"""), S("12", D("2025-03-01")),
            S("12a", D("2025-03-02")), S("13", D("2025-03-20")), S("14", D("2025-03-25")), S("15", meeting), S("16", meeting.AddDays(5)),
            S("17", meeting.AddDays(10), """{"approved":true}"""), S("18", meeting.AddDays(12)), S("19", meeting.AddDays(13)), S("20", meeting.AddDays(14)));
        var api = await App.BearerAsync("orgadmin");

        static string[] Names(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];
        Names(await ListAsync(api, "steps=13")).ShouldBe(["预审0001", "预审0002", "预审0003"]);
        Names(await ListAsync(api, "waiting=党委")).ShouldBe(["预审0001", "预审0002", "预审0003"]);
        Names(await ListAsync(api, "due=overdue")).ShouldBe(["超期0001", "超期0002"]);
        Names(await ListAsync(api, "overdue=true")).ShouldBe(["超期0001", "超期0002"]);
        Names(await ListAsync(api, "probationEndsWithin=60")).ShouldBe(["预备0001"]);
        (await ListAsync(api, "probationEndsWithin=20")).GetProperty("total").GetInt32().ShouldBe(0);
        // 21 (继续教育考察) is the 预备党员's next step, with no deadline; the 谈话 deadlines are past, so within 0 days
        Names(await ListAsync(api, "steps=21")).ShouldBe(["预备0001"]);
        Names(await ListAsync(api, "due=0")).ShouldBe(["超期0001", "超期0002"]);
        var counts = (await ListAsync(api, "")).GetProperty("queue");
        (counts.GetProperty("next").GetProperty("13").GetInt32(), counts.GetProperty("next").GetProperty("2").GetInt32(),
            counts.GetProperty("overdue").GetInt32(), counts.GetProperty("probationSoon").GetInt32()).ShouldBe((3, 2, 2, 1));

        // outside one's subtree: refused
        (await (await App.BearerAsync("branchsec")).GetAsync($"/api/v1/development/cases?org={World.B.Id}&steps=13")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // the page's tabs: one request each, the right rows and the counts over the subtree
        var admin = await App.SignedInAsync("orgadmin");
        var overdue = await (await admin.GetAsync($"/Development/Queue?org={World.A.Id}&tab=overdue")).Content.ReadAsStringAsync();
        overdue.ShouldContain("超期0002");
        overdue.ShouldNotContain("预审0001");
        overdue.ShouldContain("data-tab=\"review\">预审 <span class=\"badge rounded-pill text-bg-secondary\" data-count=\"3\">3</span>");
        var probation = await (await admin.GetAsync($"/Development/Queue?org={World.A.Id}&tab=probation")).Content.ReadAsStringAsync();
        probation.ShouldContain("预备0001");
        probation.ShouldNotContain("超期0001");

        // a month on, the probation ends within 60 days still; three months on it has passed
        SetToday(today.AddMonths(3));
        api = await App.BearerAsync("orgadmin");
        (await ListAsync(api, "probationEndsWithin=60")).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData("steps=99", "steps")]
    [InlineData("steps=4,x", "steps")]
    [InlineData("due=soon", "due")]
    [InlineData("due=-1", "due")]
    public async Task A_malformed_filter_is_refused_beside_its_parameter(string query, string field)
    {
        var r = await (await App.BearerAsync("orgadmin")).GetAsync($"/api/v1/development/cases?org={World.A.Id}&{query}");
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task The_half_year_review_due_moves_with_the_clock_without_any_step_being_recorded()
    {
        SetToday(D("2026-03-10"));
        await InsertAsync("考察", 1, "入党积极分子", D("2025-09-01"), S("2", D("2025-09-05")), S("3", D("2025-09-10")), S("4", D("2025-09-11")), S("5", D("2025-09-12")));
        var api = await App.BearerAsync("orgadmin");
        // the second half-year window [2026-03-10, 2026-09-09] asks for its 考察 by its last day
        (await ListAsync(api, "due=overdue")).GetProperty("total").GetInt32().ShouldBe(0);
        var soon = await ListAsync(api, "due=200");
        (soon.GetProperty("total").GetInt32(), soon.GetProperty("items")[0].GetProperty("next").GetProperty("dueBy").GetString()).ShouldBe((1, "2026-09-09"));
        // nothing recorded, the year is up: that window's 考察 is overdue
        SetToday(D("2026-09-10"));
        api = await App.BearerAsync("orgadmin");
        (await ListAsync(api, "due=overdue")).GetProperty("total").GetInt32().ShouldBe(1);
        await App.ExecAsync("""INSERT INTO development_steps (case_id, org_id, step, "on", fields, recorded_at) SELECT id, org_id, '6', DATE '2026-06-01', '{"note":"好"}', now() FROM development_cases WHERE name = '考察0001'""");
        (await ListAsync(api, "due=overdue")).GetProperty("total").GetInt32().ShouldBe(0);
        (await ListAsync(api, "steps=7")).GetProperty("total").GetInt32().ShouldBe(1);
    }

    private static List<string?> Names(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString())];

    [Fact]
    public async Task A_case_waiting_for_the_receiving_branch_is_transferring_and_out_of_the_due_filters_and_counts_until_accepted()
    {
        SetToday(D("2026-05-01"));
        // two applicants whose 谈话 (due 2026-03-10) is overdue; one is sent to B1, outside the secretary's scope
        await DevelopmentDocumentTests.SeedCaseAsync(App, World.A1.Id, "郑留下", 41, DevelopmentState.申请人, ("1", "2026-02-10", null));
        var id = await DevelopmentDocumentTests.SeedCaseAsync(App, World.A1.Id, "吴转接", 42, DevelopmentState.申请人, ("1", "2026-02-10", null));
        var sent = await (await App.BearerAsync("branchsec")).PostAsJsonAsync($"/api/v1/development/cases/{id}/transfer", new { toOrgId = World.B1.Id, on = "2026-04-30", reason = "工作调动" });
        var body = await sent.Content.ReadAsStringAsync();
        sent.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        var transfer = JsonDocument.Parse(body).RootElement.GetProperty("transfer").GetProperty("id").GetInt64();

        var api = await App.BearerAsync("orgadmin");
        var overdue = await ListAsync(api, "due=overdue");
        Names(overdue).ShouldBe(["郑留下"]);
        var queue = overdue.GetProperty("queue");
        (queue.GetProperty("overdue").GetInt32(), queue.GetProperty("transferring").GetInt32(), queue.GetProperty("next").GetProperty("2").GetInt32()).ShouldBe((1, 1, 1));
        Names(await ListAsync(api, "due=30")).ShouldBe(["郑留下"]);
        Names(await ListAsync(api, "steps=2")).ShouldBe(["郑留下"]);
        Names(await ListAsync(api, "waiting=支部")).ShouldBe(["郑留下"]);
        var transferring = await ListAsync(api, "transferring=true");
        Names(transferring).ShouldBe(["吴转接"]);
        transferring.GetProperty("items")[0].GetProperty("transferringTo").GetString().ShouldBe("乙一党支部");
        (await ListAsync(api, "")).GetProperty("total").GetInt32().ShouldBe(2, "the board still lists it");

        var web = await App.SignedInAsync("orgadmin");
        var late = await (await web.GetAsync($"/Development/Queue?org={World.A.Id}&tab=overdue")).Content.ReadAsStringAsync();
        late.ShouldContain("data-tab=\"overdue\">超期 <span class=\"badge rounded-pill text-bg-danger\" data-count=\"1\">1</span>");
        late.ShouldContain("data-tab=\"transferring\">转接中 <span class=\"badge rounded-pill text-bg-secondary\" data-count=\"1\">1</span>");
        late.ShouldContain("郑留下");
        late.ShouldNotContain("吴转接");
        var moving = await (await web.GetAsync($"/Development/Queue?org={World.A.Id}&tab=transferring")).Content.ReadAsStringAsync();
        moving.ShouldContain("转接中 · 待乙一党支部接收");
        moving.ShouldNotContain("郑留下");
        moving.ShouldNotContain($"/Development/Case/{id}?step=", Case.Sensitive, "nothing can be done on it");
        var board = await (await web.GetAsync($"/Development?org={World.A.Id}")).Content.ReadAsStringAsync();
        board.ShouldContain("转接中 · 待乙一党支部接收");

        // accepted: B1's case, overdue there as any other, and no longer counted at A
        await App.AddUserAsync("b1sec", Role.BranchSecretary, World.B1);
        var b1 = await App.BearerAsync("b1sec");
        (await b1.PostAsync($"/api/v1/development/transfers/{transfer}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var there = await b1.GetAsync($"/api/v1/development/cases?org={World.B1.Id}&due=overdue");
        var received = JsonDocument.Parse(await there.Content.ReadAsStringAsync()).RootElement;
        Names(received).ShouldBe(["吴转接"]);
        (received.GetProperty("queue").GetProperty("overdue").GetInt32(), received.GetProperty("queue").GetProperty("transferring").GetInt32()).ShouldBe((1, 0));
        var back = await ListAsync(api, "due=overdue");
        (back.GetProperty("queue").GetProperty("overdue").GetInt32(), back.GetProperty("queue").GetProperty("transferring").GetInt32()).ShouldBe((1, 0));
    }
}
