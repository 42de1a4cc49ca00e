using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

/// <summary>The 发展党员 pages through HTTP: the board, the new case form, the case page's step form and refusals, the 党委's queue.</summary>
public sealed class DevelopmentPageTests(AppFactory app) : AppTest(app)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);
    private static readonly string IdNumber = ChineseIdNumber.Compose("110105", D("1998-05-05"), 123);

    private void SetToday(DateOnly day) => App.Clock.Offset = ChineseDates.At(day, new TimeOnly(10, 0)) - TimeProvider.System.GetUtcNow();

    private async Task<long> OpenAsync(string applied = "2026-03-02", string name = "李发展")
    {
        var api = await App.BearerAsync("branchsec");
        var r = await api.PostAsJsonAsync("/api/v1/development/cases", new { orgId = World.A1.Id, name, idNumber = IdNumber, appliedOn = applied });
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    private static async Task StepAsync(HttpClient api, long id, object body)
    {
        var r = await api.PostAsJsonAsync($"/api/v1/development/cases/{id}/steps", body);
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
    }

    private Task<long> StepsOfAsync(long id) => App.ScalarAsync($"SELECT count(*) FROM development_steps WHERE case_id = {id}");

    [Fact]
    public async Task The_board_invites_the_first_application_and_then_shows_the_person_with_the_next_step_and_its_due_date()
    {
        SetToday(D("2026-03-10"));
        var c = await App.SignedInAsync("branchsec");
        var empty = await (await c.GetAsync($"/Development?org={World.A1.Id}")).Content.ReadAsStringAsync();
        empty.ShouldContain("id=\"development-empty\"");
        empty.ShouldContain("登记入党申请");

        await OpenAsync();
        var board = await c.GetAsync($"/Development?org={World.A1.Id}");
        board.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await board.Content.ReadAsStringAsync();
        html.ShouldNotContain("id=\"development-empty\"");
        html.ShouldContain("李发展");
        html.ShouldContain("下一步：第2步 党组织派人谈话");
        html.ShouldContain("应于2026-04-02前");
        html.ShouldContain("data-stage=\"1\"");
        html.ShouldNotContain(IdNumber); // masked everywhere on the board

        // a month later the 谈话 is overdue: red
        SetToday(D("2026-04-03"));
        c = await App.SignedInAsync("branchsec"); // a month later the session has lapsed
        var late = await (await c.GetAsync($"/Development?org={World.A1.Id}&stage=1")).Content.ReadAsStringAsync();
        late.ShouldContain("已超期（应于2026-04-02前）");
        late.ShouldContain("dev-overdue");
    }

    [Fact]
    public async Task The_new_case_form_puts_each_refusal_beside_its_field_and_opens_the_case()
    {
        SetToday(D("2026-03-10"));
        var c = await App.SignedInAsync("branchsec");
        var url = $"/Development/Create?org={World.A1.Id}";
        Dictionary<string, string> Form(string id, string applied) => new()
        {
            ["Input.Name"] = "王申请", ["Input.IdNumber"] = id, ["Input.AppliedOn"] = applied, ["Input.OrgId"] = World.A1.Id.ToString(CultureInfo.InvariantCulture),
        };

        var wrong = IdNumber[..^1] + (IdNumber[^1] == '1' ? "2" : "1");
        var bad = await (await AppFactory.PostFormAsync(c, url, Form(wrong, "2026-03-02"))).Content.ReadAsStringAsync();
        bad.ShouldContain("id=\"error-idNumber\"");
        bad.ShouldContain("校验");

        var young = ChineseIdNumber.Compose("110105", D("2008-03-05"), 77);
        var minor = await (await AppFactory.PostFormAsync(c, url, Form(young, "2026-03-04"))).Content.ReadAsStringAsync();
        minor.ShouldContain("id=\"error-appliedOn\"");
        minor.ShouldContain("申请日未满18周岁（满18周岁：2026-03-05）");

        var ok = await AppFactory.PostFormAsync(c, url, Form(IdNumber, "2026-03-02"));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ok.Headers.Location!.ToString().ShouldStartWith("/Development/Case/");

        var twice = await (await AppFactory.PostFormAsync(c, url, Form(IdNumber, "2026-03-03"))).Content.ReadAsStringAsync();
        twice.ShouldContain("id=\"error-idNumber\"");
        twice.ShouldContain("已有未办结的发展党员档案");
        (await App.ScalarAsync("SELECT count(*) FROM development_cases")).ShouldBe(1);
    }

    [Fact]
    public async Task A_step_recorded_through_the_case_form_appears_on_the_timeline_and_a_refusal_names_the_earliest_date_beside_the_date()
    {
        SetToday(D("2026-03-10"));
        var id = await OpenAsync();
        var c = await App.SignedInAsync("branchsec");
        var page = $"/Development/Case/{id}";
        var get = await (await c.GetAsync(page)).Content.ReadAsStringAsync();
        get.ShouldContain("id=\"step-form\"");
        get.ShouldContain("name=\"Input.Talker\""); // the 谈话's own fields
        get.ShouldContain("应于2026-04-02前");

        // before the application: refused beside the date, with the earliest date, nothing written
        var early = await AppFactory.PostFormAsync(c, page + "?handler=Step",
            new() { ["Input.Step"] = "2", ["Input.On"] = "2026-03-01", ["Input.Talker"] = "王书记" }, page);
        early.StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await early.Content.ReadAsStringAsync();
        refused.ShouldContain("id=\"error-on\"");
        refused.ShouldContain("最早可于2026-03-02");
        refused.ShouldNotContain("id=\"earliest-on\""); // the message gives the date: not printed twice
        (await StepsOfAsync(id)).ShouldBe(1);

        var ok = await AppFactory.PostFormAsync(c, page + "?handler=Step",
            new() { ["Input.Step"] = "2", ["Input.On"] = "2026-03-09", ["Input.Talker"] = "王书记", ["Input.Note"] = "入党动机端正" }, page);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        (await StepsOfAsync(id)).ShouldBe(2);
        var after = await (await c.GetAsync(page)).Content.ReadAsStringAsync();
        after.ShouldContain("谈话人：王书记");
        after.ShouldContain("入党动机端正");
        after.ShouldContain("下一步");
        after.ShouldContain("第3步 推荐和确定入党积极分子");
        after.ShouldContain("name=\"Input.Recommendation\""); // the form now asks for step 3's fields

        // the 党委's step: the branch secretary may not record it through the form
        var filing = await AppFactory.PostFormAsync(c, page + "?handler=Step", new() { ["Input.Step"] = "3", ["Input.On"] = "2026-03-10", ["Input.Recommendation"] = "党员推荐" }, page);
        filing.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var forbidden = await AppFactory.PostFormAsync(c, page + "?handler=Step", new() { ["Input.Step"] = "4", ["Input.On"] = "2026-03-10" }, page);
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await StepsOfAsync(id)).ShouldBe(3);
    }

    [Fact]
    public async Task A_late_talk_asks_for_its_reason_beside_the_field_and_is_kept_as_a_warning()
    {
        SetToday(D("2026-05-10"));
        var id = await OpenAsync();
        var c = await App.SignedInAsync("branchsec");
        var page = $"/Development/Case/{id}";
        var late = await (await AppFactory.PostFormAsync(c, page + "?handler=Step", new() { ["Input.Step"] = "2", ["Input.On"] = "2026-05-06" }, page)).Content.ReadAsStringAsync();
        late.ShouldContain("id=\"error-lateReason\"");
        late.ShouldContain("谈话超过申请后1个月（应于2026-04-02前），请填写超期原因");

        var ok = await AppFactory.PostFormAsync(c, page + "?handler=Step", new() { ["Input.Step"] = "2", ["Input.On"] = "2026-05-06", ["Input.LateReason"] = "申请人外出培训" }, page);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var done = await (await c.GetAsync(ok.Headers.Location!.ToString())).Content.ReadAsStringAsync();
        done.ShouldContain("id=\"recorded-warnings\"");
        done.ShouldContain("超期原因：申请人外出培训");
    }

    [Fact]
    public async Task A_date_is_corrected_only_with_a_reason_and_the_edit_shows_on_the_timeline()
    {
        SetToday(D("2026-03-10"));
        var id = await OpenAsync();
        var api = await App.BearerAsync("branchsec");
        await StepAsync(api, id, new { step = 2, on = "2026-03-05", talker = "王书记" });
        var stepId = await App.ScalarAsync($"SELECT id FROM development_steps WHERE case_id = {id} AND step = '2'");
        var c = await App.SignedInAsync("branchsec");
        var page = $"/Development/Case/{id}";
        var noReason = await (await AppFactory.PostFormAsync(c, page + "?handler=EditDate",
            new() { ["Edit.StepId"] = stepId.ToString(CultureInfo.InvariantCulture), ["Edit.On"] = "2026-03-06" }, page)).Content.ReadAsStringAsync();
        noReason.ShouldContain("修改日期须说明原因");
        var ok = await AppFactory.PostFormAsync(c, page + "?handler=EditDate",
            new() { ["Edit.StepId"] = stepId.ToString(CultureInfo.InvariantCulture), ["Edit.On"] = "2026-03-06", ["Edit.Reason"] = "记录笔误" }, page);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await (await c.GetAsync(page)).Content.ReadAsStringAsync();
        after.ShouldContain("日期已修改：记录笔误");
        after.ShouldContain("2026-03-06");
    }

    [Fact]
    public async Task The_id_number_is_masked_and_shown_in_full_only_with_the_permission_and_an_audit_row()
    {
        SetToday(D("2026-03-10"));
        var id = await OpenAsync();
        var secretary = await App.SignedInAsync("branchsec");
        var masked = await (await secretary.GetAsync($"/Development/Case/{id}")).Content.ReadAsStringAsync();
        masked.ShouldNotContain(IdNumber);
        (await secretary.GetAsync($"/Development/Case/{id}?full=1")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var admin = await App.SignedInAsync("orgadmin");
        var full = await (await admin.GetAsync($"/Development/Case/{id}?full=1")).Content.ReadAsStringAsync();
        full.ShouldContain(IdNumber);
        full.ShouldContain("id=\"full-view-notice\"");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'personal.view_full' AND entity_id = '{id}'")).ShouldBe(1);
    }

    [Fact]
    public async Task The_committees_queue_lists_what_waits_for_it_by_kind()
    {
        SetToday(D("2026-03-10"));
        var id = await OpenAsync();
        var api = await App.BearerAsync("branchsec");
        await StepAsync(api, id, new { step = 2, on = "2026-03-05" });
        await StepAsync(api, id, new { step = 3, on = "2026-03-09", recommendation = "党员推荐" });

        var c = await App.SignedInAsync("orgadmin");
        var filing = await (await c.GetAsync($"/Development/Queue?org={World.A.Id}&tab=filing")).Content.ReadAsStringAsync();
        filing.ShouldContain("李发展");
        filing.ShouldContain("第4步 上级党委备案");
        filing.ShouldContain($"/Development/Case/{id}?step=4");
        var review = await (await c.GetAsync($"/Development/Queue?org={World.A.Id}&tab=review")).Content.ReadAsStringAsync();
        review.ShouldNotContain("李发展");
        review.ShouldContain("id=\"queue-empty\"");

        // the 党委 records the 备案 from the case page; the case leaves the queue
        var page = $"/Development/Case/{id}";
        var done = await AppFactory.PostFormAsync(c, page + "?handler=Step", new() { ["Input.Step"] = "4", ["Input.On"] = "2026-03-10" }, page + "?step=4");
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect, await done.Content.ReadAsStringAsync());
        var after = await (await c.GetAsync($"/Development/Queue?org={World.A.Id}&tab=filing")).Content.ReadAsStringAsync();
        after.ShouldNotContain("李发展");
    }
}
