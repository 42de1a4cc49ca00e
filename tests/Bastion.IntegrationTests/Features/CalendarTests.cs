using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

/// <summary>节假日安排: the shipped years read by everyone, working days over HTTP, the 系统管理员's edits (audited) and refusals.</summary>
public sealed class CalendarTests(AppFactory app) : AppTest(app)
{
    /// <summary>The test reset empties every table; the shipped years are put back exactly as migration 0043 seeds them.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.ExecAsync(MigrationRunner.Embedded().Single(m => m.Version == "0043").Sql);
    }

    private sealed record YearView(int Year, bool Recorded, List<string> DaysOff, List<string> MakeupWorkdays, string? Source, string? UpdatedBy);
    private sealed record Span(string From, int Count, string LastDay, string NextDay, bool Provisional, string? Note);

    private static async Task<T> OkAsync<T>(HttpResponseMessage r)
    {
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        return (await r.Content.ReadFromJsonAsync<T>())!;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage r, HttpStatusCode status)
    {
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(status, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private Task<long> AuditRowsAsync(string action, int year) =>
        App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'holiday_years' AND entity_id = '{year}' AND action = '{action}' AND actor_name = 'sys'");

    [Fact]
    public async Task A_member_reads_the_shipped_years_and_counts_publicity_days_provisional_into_2027()
    {
        var c = await App.BearerAsync("mem");
        var y2026 = await OkAsync<YearView>(await c.GetAsync("/api/v1/calendar/2026"));
        y2026.Recorded.ShouldBeTrue();
        y2026.DaysOff.Count.ShouldBe(33);
        y2026.DaysOff.ShouldContain("2026-02-15");
        y2026.MakeupWorkdays.ShouldBe(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]);
        y2026.Source!.ShouldContain("国办发明电〔2025〕7号");
        (await OkAsync<YearView>(await c.GetAsync("/api/v1/calendar/2025"))).MakeupWorkdays.Count.ShouldBe(5);

        var y2027 = await OkAsync<YearView>(await c.GetAsync("/api/v1/calendar/2027"));
        y2027.Recorded.ShouldBeFalse();
        y2027.DaysOff.ShouldBeEmpty();

        var national = await OkAsync<Span>(await c.GetAsync("/api/v1/calendar/working-days?from=2026-09-28&count=5"));
        national.ShouldBe(new Span("2026-09-28", 5, "2026-10-09", "2026-10-10", false, null));
        var across = await OkAsync<Span>(await c.GetAsync("/api/v1/calendar/working-days?from=2026-12-28"));
        across.Count.ShouldBe(5);
        across.LastDay.ShouldBe("2027-01-01");
        across.Provisional.ShouldBeTrue();
        across.Note.ShouldBe("2027年节假日安排尚未录入，按周一至周五计算，结果为暂算");
    }

    [Fact]
    public async Task Bad_counts_are_refused_with_the_field_named()
    {
        var c = await App.BearerAsync("mem");
        var missing = await ProblemAsync(await c.GetAsync("/api/v1/calendar/working-days?count=5"), HttpStatusCode.BadRequest);
        missing.GetProperty("errors").GetProperty("from")[0].GetString().ShouldBe("请填写起始日期（yyyy-mm-dd）");
        var zero = await ProblemAsync(await c.GetAsync("/api/v1/calendar/working-days?from=2026-09-28&count=0"), HttpStatusCode.BadRequest);
        zero.GetProperty("errors").GetProperty("count")[0].GetString().ShouldBe("工作日天数须在1至250之间");
        (await c.GetAsync("/api/v1/calendar/working-days?from=2026-02-30")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var year = await ProblemAsync(await c.GetAsync("/api/v1/calendar/1999"), HttpStatusCode.BadRequest);
        year.GetProperty("errors").GetProperty("year")[0].GetString().ShouldBe("年份须在2000至2100之间");
    }

    [Fact]
    public async Task The_system_administrator_records_2027_edits_and_deletes_it_and_each_change_is_audited()
    {
        var sys = await App.BearerAsync("sys");
        var mem = await App.BearerAsync("mem");
        var created = await OkAsync<YearView>(await sys.PutAsJsonAsync("/api/v1/calendar/2027", new
        {
            source = "国务院办公厅关于2027年部分节假日安排的通知（测试）",
            daysOff = new[] { "2027-01-01", "2027-01-02", "2027-01-03" },
            makeupWorkdays = Array.Empty<string>(),
        }));
        created.ShouldBe(created with { Year = 2027, Recorded = true, UpdatedBy = "sys" });
        created.DaysOff.ShouldBe(["2027-01-01", "2027-01-02", "2027-01-03"]);
        (await AuditRowsAsync("create", 2027)).ShouldBe(1);

        // 12-28..12-31, then 2027-01-04: no longer 暂算
        var count = await OkAsync<Span>(await mem.GetAsync("/api/v1/calendar/working-days?from=2026-12-28&count=5"));
        count.ShouldBe(new Span("2026-12-28", 5, "2027-01-04", "2027-01-05", false, null));

        var edited = await OkAsync<YearView>(await sys.PutAsJsonAsync("/api/v1/calendar/2027", new
        {
            source = "国务院办公厅关于2027年部分节假日安排的通知（测试）",
            daysOff = new[] { "2027-01-01" },
            makeupWorkdays = new[] { "2027-01-09" },
        }));
        edited.MakeupWorkdays.ShouldBe(["2027-01-09"]);
        (await AuditRowsAsync("update", 2027)).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'holiday_years' AND action = 'update' AND after::text LIKE '%2027-01-09%'")).ShouldBe(1);

        (await sys.DeleteAsync("/api/v1/calendar/2027")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await AuditRowsAsync("delete", 2027)).ShouldBe(1);
        (await OkAsync<YearView>(await mem.GetAsync("/api/v1/calendar/2027"))).Recorded.ShouldBeFalse();
        (await OkAsync<Span>(await mem.GetAsync("/api/v1/calendar/working-days?from=2026-12-28"))).Provisional.ShouldBeTrue();
        var gone = await ProblemAsync(await sys.DeleteAsync("/api/v1/calendar/2027"), HttpStatusCode.NotFound);
        gone.GetProperty("detail").GetString().ShouldBe("2027年的节假日安排未录入");
    }

    [Fact]
    public async Task Edits_breaking_the_rules_are_refused_with_the_rule_and_nothing_changes()
    {
        var sys = await App.BearerAsync("sys");
        const string source = "国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）";
        var weekday = await ProblemAsync(await sys.PutAsJsonAsync("/api/v1/calendar/2026",
            new { source, daysOff = new[] { "2026-10-01" }, makeupWorkdays = new[] { "2026-10-10", "2026-10-12" } }), HttpStatusCode.UnprocessableEntity);
        weekday.GetProperty("rule").GetString().ShouldBe("调休上班日");
        weekday.GetProperty("detail").GetString().ShouldBe("调休上班日须为周六或周日：2026-10-12（星期一）");

        var both = await ProblemAsync(await sys.PutAsJsonAsync("/api/v1/calendar/2026",
            new { source, daysOff = new[] { "2026-10-10" }, makeupWorkdays = new[] { "2026-10-10" } }), HttpStatusCode.UnprocessableEntity);
        both.GetProperty("detail").GetString().ShouldBe("同一天不能既放假又调休上班：2026-10-10");

        var outside = await ProblemAsync(await sys.PutAsJsonAsync("/api/v1/calendar/2026",
            new { source = " ", daysOff = new[] { "2027-01-01" }, makeupWorkdays = Array.Empty<string>() }), HttpStatusCode.BadRequest);
        outside.GetProperty("errors").GetProperty("daysOff")[0].GetString().ShouldBe("以下日期不属于2026年：2027-01-01");
        outside.GetProperty("errors").GetProperty("source")[0].GetString().ShouldBe("请填写依据（如国务院办公厅通知及文号）");

        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'holiday_years'")).ShouldBe(0);
        (await App.ScalarAsync("SELECT cardinality(makeup_workdays) FROM holiday_years WHERE year = 2026")).ShouldBe(6);
    }

    [Theory]
    [InlineData("orgadmin")]
    [InlineData("branchsec")]
    [InlineData("sec")]
    [InlineData("mem")]
    public async Task Only_the_system_administrator_changes_the_calendar(string user)
    {
        var c = await App.BearerAsync(user);
        (await c.PutAsJsonAsync("/api/v1/calendar/2026", new { source = "x", daysOff = Array.Empty<string>(), makeupWorkdays = Array.Empty<string>() }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await c.DeleteAsync("/api/v1/calendar/2026")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await App.SignedInAsync(user)).GetAsync("/Admin/Calendar")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.ScalarAsync("SELECT cardinality(days_off) FROM holiday_years WHERE year = 2026")).ShouldBe(33);
    }

    [Fact]
    public async Task The_page_shows_the_year_toggles_a_day_refuses_a_weekday_makeup_and_says_when_a_count_is_provisional()
    {
        var sys = await App.SignedInAsync("sys");
        var html = await sys.GetStringAsync("/Admin/Calendar?year=2026");
        html.ShouldContain("国办发明电〔2025〕7号");
        html.ShouldContain("data-day=\"2026-10-10\"");
        html.ShouldContain("2027年");
        html.ShouldContain("未录入·暂算");

        // 10-10 is a 调休 Saturday: one tap makes it an ordinary weekend day, the next a day off
        var r = await AppFactory.PostFormAsync(sys, "/Admin/Calendar?handler=Toggle&year=2026", new() { ["day"] = "2026-10-10" });
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync("SELECT cardinality(makeup_workdays) FROM holiday_years WHERE year = 2026")).ShouldBe(5);
        (await sys.GetStringAsync("/Admin/Calendar?year=2026")).ShouldContain("2026-10-10（星期六）已改为：恢复为普通日。");
        (await AppFactory.PostFormAsync(sys, "/Admin/Calendar?handler=Toggle&year=2026", new() { ["day"] = "2026-10-10" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync("SELECT count(*) FROM holiday_years WHERE year = 2026 AND '2026-10-10' = ANY(days_off)")).ShouldBe(1);
        (await AuditRowsAsync("update", 2026)).ShouldBe(2);

        var refused = await AppFactory.PostFormAsync(sys, "/Admin/Calendar?handler=Save&year=2026", new()
        {
            ["Input.Source"] = "测试",
            ["Input.DaysOff"] = "2026-10-01至2026-10-07",
            ["Input.MakeupWorkdays"] = "2026-10-12",
        });
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("调休上班日须为周六或周日：2026-10-12（星期一）");
        var unreadable = await AppFactory.PostFormAsync(sys, "/Admin/Calendar?handler=Save&year=2026", new()
        {
            ["Input.Source"] = "测试",
            ["Input.DaysOff"] = "2026-10-01至2026-10-32",
            ["Input.MakeupWorkdays"] = "",
        });
        (await unreadable.Content.ReadAsStringAsync()).ShouldContain("无法识别的日期“2026-10-32”");
        (await App.ScalarAsync("SELECT cardinality(days_off) FROM holiday_years WHERE year = 2026")).ShouldBe(34);

        var trial = await sys.GetStringAsync("/Admin/Calendar?year=2026&from=2026-12-28&count=5");
        trial.ShouldContain("id=\"trial-provisional\"");
        trial.ShouldContain("2027年节假日安排尚未录入，按周一至周五计算，结果为暂算");
    }

    [Fact]
    public async Task Taps_at_the_same_time_on_different_days_all_stay_and_a_tap_on_a_missing_year_says_to_record_it_first()
    {
        var sys = await App.SignedInAsync("sys");
        // ten ordinary weekdays of November 2026, tapped at once: each becomes a day off, none undoes another
        var days = Enumerable.Range(2, 14).Select(d => new DateOnly(2026, 11, d)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Take(10).ToList();
        var answers = await Task.WhenAll(days.Select(d => AppFactory.PostFormAsync(sys, "/Admin/Calendar?handler=Toggle&year=2026",
            new() { ["day"] = d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, "/Admin/Calendar?year=2026")));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Redirect);
        (await App.ScalarAsync("SELECT cardinality(days_off) FROM holiday_years WHERE year = 2026")).ShouldBe(33 + 10);
        (await AuditRowsAsync("update", 2026)).ShouldBe(10);

        var missing = await AppFactory.PostFormAsync(sys, "/Admin/Calendar?handler=Toggle&year=2027", new() { ["day"] = "2027-01-01" }, "/Admin/Calendar?year=2027");
        missing.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("2027年的安排尚未录入，请先在下方填写依据和日期并保存");
        (await App.ScalarAsync("SELECT count(*) FROM holiday_years WHERE year = 2027")).ShouldBe(0);
    }

    [Fact]
    public async Task The_administrator_adds_a_missing_year_from_pasted_dates_on_the_page()
    {
        var sys = await App.SignedInAsync("sys");
        (await sys.GetStringAsync("/Admin/Calendar?year=2027")).ShouldContain("2027年的节假日安排尚未录入");
        var r = await AppFactory.PostFormAsync(sys, "/Admin/Calendar?handler=Save&year=2027", new()
        {
            ["Input.Source"] = "国务院办公厅关于2027年部分节假日安排的通知（测试）",
            ["Input.DaysOff"] = "2027-01-01至2027-01-03、2027-10-01至2027-10-07",
            ["Input.MakeupWorkdays"] = "2027-10-09",
        }, "/Admin/Calendar?year=2027");
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync("SELECT cardinality(days_off) FROM holiday_years WHERE year = 2027")).ShouldBe(10);
        (await AuditRowsAsync("create", 2027)).ShouldBe(1);
        var d = await AppFactory.PostFormAsync(sys, "/Admin/Calendar?handler=Delete&year=2027", new(), "/Admin/Calendar?year=2027");
        d.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync("SELECT count(*) FROM holiday_years WHERE year = 2027")).ShouldBe(0);
    }
}
