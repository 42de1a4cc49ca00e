using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// What a walk of the development pages as new users found: Razor printed as text, the 党委's steps offered to a branch,
/// the 临时党支部 offered development, account logins where a person's name belongs, the 公示's wording, the earliest date
/// printed twice or under the wrong field, joined training errors, the queue's own "由上级党委办理", the 志愿书 pages
/// of a branch, and the links between the pages.
/// </summary>
public sealed class DevelopmentPolishTests(AppFactory app) : AppTest(app)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);
    private static readonly string IdNumber = ChineseIdNumber.Compose("110105", D("1998-05-05"), 123);

    private void SetToday(DateOnly day) => App.Clock.Offset = ChineseDates.At(day, new TimeOnly(10, 0)) - TimeProvider.System.GetUtcNow();

    private Task SeedCalendarAsync(int year) => App.WithDbAsync(async db =>
    {
        db.Add(new HolidayArrangement { Year = year, DaysOff = [], MakeupWorkdays = [], UpdatedAt = DateTimeOffset.UtcNow, UpdatedBy = "test" });
        await db.SaveChangesAsync();
        return 0;
    });

    private Task<Organization> AddTempBranchAsync() => App.WithDbAsync(async db =>
    {
        var id = await db.NextOrganizationIdAsync();
        var o = new Organization { Id = id, Name = "甲项目临时党支部", Type = OrgType.临时党支部, ParentId = World.A.Id, Path = OrgRules.ChildPath(World.A.Path, id), SortOrder = 99, CreatedAt = DateTimeOffset.UtcNow };
        db.Organizations.Add(o);
        await db.SaveChangesAsync();
        return o;
    });

    /// <summary>A case at 积极分子 (steps 1–3) opened and recorded through the API by the branch secretary.</summary>
    private async Task<long> ActivistAsync()
    {
        var api = await App.BearerAsync("branchsec");
        var r = await api.PostAsJsonAsync("/api/v1/development/cases", new { orgId = World.A1.Id, name = "李发展", idNumber = IdNumber, appliedOn = "2026-03-02" });
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
        (await api.PostAsJsonAsync($"/api/v1/development/cases/{id}/steps", new { step = 2, on = "2026-03-05", talker = "王书记" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.PostAsJsonAsync($"/api/v1/development/cases/{id}/steps", new { step = 3, on = "2026-03-09", recommendation = "党员推荐" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private static readonly VoteTally Passed = new(7, 5, 4, 0, 1, 1, 0, 0, 2, true, true, [], [], [], []);

    /// <summary>Steps 1–7 of a 发展对象 (积极分子 2025-04-10, 发展对象 2026-04-10).</summary>
    private static (string, string, DevelopmentStepFields?)[] ToCandidate() =>
    [
        ("1", "2024-12-01", null), ("2", "2024-12-20", new() { Talker = "张一" }), ("3", "2025-04-10", new() { Recommendation = "党员推荐" }),
        ("4", "2025-04-15", null), ("5", "2025-04-20", new() { MemberNames = ["张一"] }), ("6", "2025-09-01", new() { Note = "表现良好" }),
        ("6", "2026-03-01", new() { Note = "继续考察" }), ("7", "2026-04-10", null),
    ];

    private static (string, string, DevelopmentStepFields?)[] ToReview() =>
    [
        .. ToCandidate(), ("8", "2026-04-12", null), ("9", "2026-04-15", new() { MemberNames = ["张一", "张二"] }), ("10", "2026-05-10", new() { Conclusion = "合格" }),
        ("11", "2026-06-10", new() { TrainingDays = 3, TrainingHours = 24 }), ("12", "2026-06-20", null),
    ];

    private static string Post(HttpClient c, long id) => $"/Development/Case/{id}?handler=Step";

    [Fact]
    public async Task The_case_page_prints_no_razor_and_marks_a_publicity_period_provisional_only_when_its_years_calendar_is_missing()
    {
        SetToday(D("2026-07-20"));
        await SeedCalendarAsync(2026);
        var known = await DevelopmentDocumentTests.SeedCaseAsync(App, World.A1.Id, "王公示", 1, DevelopmentState.发展对象, [.. ToReview(), ("12a", "2026-06-22", null)]);
        var missing = await DevelopmentDocumentTests.SeedCaseAsync(App, World.A1.Id, "李公示", 2, DevelopmentState.发展对象, [("1", "2024-12-01", null), ("12a", "2025-06-23", null)]);
        var c = await App.SignedInAsync("branchsec");

        var page = await c.GetStringAsync($"/Development/Case/{known}");
        page.ShouldContain("2026-06-22 至 2026-06-26，共5个工作日");
        page.ShouldNotContain("@if");
        page.ShouldNotContain("暂算");

        var provisional = await c.GetStringAsync($"/Development/Case/{missing}");
        provisional.ShouldContain("2025-06-23 至 2025-06-27，共5个工作日");
        provisional.ShouldNotContain("@if");
        Regex.IsMatch(provisional, "共5个工作日\\s*<span[^>]*>暂算</span>").ShouldBeTrue();
    }

    [Fact]
    public async Task A_dissolved_and_merged_organization_shows_its_merger_without_razor_text()
    {
        var b1 = World.B1.Id;
        await App.ExecAsync($"UPDATE organizations SET status = '已撤销', dissolved_at = now(), merged_into_id = {World.A1.Id} WHERE id = {b1}");
        var page = await (await App.SignedInAsync("sys")).GetAsync($"/Organizations/Details/{b1}");
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldNotContain("@if");
        html.ShouldContain("id=\"merged-into\"");
    }

    [Fact]
    public async Task A_branch_secretary_is_told_who_records_the_committees_step_instead_of_a_form_and_the_api_still_refuses()
    {
        SetToday(D("2026-03-10"));
        var id = await ActivistAsync();
        var secretary = await App.SignedInAsync("branchsec");
        var html = await secretary.GetStringAsync($"/Development/Case/{id}?step=4");
        html.ShouldContain("id=\"committee-step\"");
        html.ShouldContain("由上级党委（甲公司党委）记录");
        html.ShouldNotContain("id=\"step-form\"");
        html.ShouldNotContain("id=\"save-step\"");
        // the branch's own step keeps its form
        (await secretary.GetStringAsync($"/Development/Case/{id}?step=5")).ShouldContain("id=\"step-form\"");

        var committee = await (await App.SignedInAsync("orgadmin")).GetStringAsync($"/Development/Case/{id}?step=4");
        committee.ShouldContain("id=\"step-form\"");
        committee.ShouldNotContain("id=\"committee-step\"");

        var api = await App.BearerAsync("branchsec");
        (await api.PostAsJsonAsync($"/api/v1/development/cases/{id}/steps", new { step = 4, on = "2026-03-10" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_temporary_branch_is_left_out_of_the_plan_and_its_board_says_it_cannot_develop_members()
    {
        SetToday(D("2026-03-10"));
        var temp = await AddTempBranchAsync();
        var c = await App.SignedInAsync("branchsec");
        var board = await c.GetStringAsync($"/Development?org={temp.Id}");
        board.ShouldContain("id=\"cannot-develop\"");
        board.ShouldContain("临时党支部不能发展党员");
        board.ShouldNotContain("id=\"new-case\"");
        board.ShouldNotContain("id=\"empty-new-case\"");
        (await c.GetStringAsync($"/Development?org={World.A1.Id}")).ShouldContain("id=\"new-case\"");

        var admin = await App.BearerAsync("orgadmin");
        var plan = await (await admin.GetAsync($"/api/v1/development/plan?org={World.A.Id}&year=2026")).Content.ReadFromJsonAsync<JsonElement>();
        var branches = plan.GetProperty("branches").EnumerateArray().Select(b => b.GetProperty("orgId").GetInt64()).ToList();
        branches.ShouldContain(World.A1.Id);
        branches.ShouldNotContain(temp.Id);
        var page = await (await App.SignedInAsync("orgadmin")).GetStringAsync($"/Development/Documents/Plan?org={World.A.Id}&year=2026");
        Regex.Match(page, "id=\"plan-table\".*?</table>", RegexOptions.Singleline).Value.ShouldNotContain("甲项目临时党支部");
        var xlsx = await (await admin.GetAsync($"/api/v1/development/plan.xlsx?org={World.A.Id}&year=2026")).Content.ReadAsByteArrayAsync();
        Cells(xlsx).ShouldNotContain("甲项目临时党支部");

        var share = await admin.PutAsJsonAsync($"/api/v1/development/plan?org={World.A.Id}", new { year = 2026, planned = 5, branches = new[] { new { orgId = temp.Id, planned = (int?)1 } } });
        share.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await share.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("branches")[0].GetString().ShouldBe("临时党支部不能发展党员，不列入发展计划");
    }

    private static List<string> Cells(byte[] xlsx)
    {
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        return [.. doc.WorkbookPart!.WorksheetParts.First().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText)];
    }

    private static string Docx(byte[] bytes)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        return string.Join("\n", doc.MainDocumentPart!.Document.Body!.Descendants<W.Paragraph>().Select(p => p.InnerText));
    }

    [Fact]
    public async Task Who_recorded_a_step_is_shown_by_the_accounts_display_name_on_the_timeline_and_in_the_record_sheet()
    {
        SetToday(D("2026-03-10"));
        var id = await ActivistAsync();
        var web = await App.SignedInAsync("branchsec");
        var html = await web.GetStringAsync($"/Development/Case/{id}");
        html.ShouldContain("· 支部 · 支部书记/支委</span>");
        html.ShouldNotContain("· branchsec");
        var sheet = Docx(await (await App.BearerAsync("branchsec")).GetByteArrayAsync($"/api/v1/development/cases/{id}/record.docx"));
        sheet.ShouldContain("支部（支部书记/支委）");
        sheet.ShouldNotContain("（branchsec）");
        // the audit rows keep the login
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'development_steps' AND actor_name = 'branchsec'")).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_publicity_notice_names_the_committee_once_as_the_one_that_studied_it()
    {
        SetToday(D("2026-06-12"));
        await DevelopmentDocumentTests.SeedCaseAsync(App, World.A1.Id, "王接收", 1, DevelopmentState.发展对象, ToCandidate());
        var bytes = await (await App.BearerAsync("branchsec")).GetByteArrayAsync($"/api/v1/development/documents/publicity.docx?org={World.A.Id}&kind=接收&start=2026-06-15&phone=5551234");
        var text = Docx(bytes);
        text.ShouldContain("经甲公司党委研究，拟将王接收1名同志作为预备党员接收对象");
        text.ShouldNotContain("党组织研究");
    }

    [Fact]
    public async Task A_refused_date_names_the_earliest_date_once_beside_the_field_it_concerns()
    {
        SetToday(D("2026-02-02"));
        var activist = await DevelopmentDocumentTests.SeedCaseAsync(App, World.A1.Id, "陈积极", 3, DevelopmentState.入党积极分子, ToCandidate()[..6]);
        var c = await App.SignedInAsync("branchsec");
        var page = $"/Development/Case/{activist}";
        var early = await (await AppFactory.PostFormAsync(c, Post(c, activist), new() { ["Input.Step"] = "7", ["Input.On"] = "2026-02-02" }, page)).Content.ReadAsStringAsync();
        Regex.Match(early, "id=\"error-on\">([^<]*)<").Groups[1].Value.ShouldContain("最早可于2026-04-10");
        early.ShouldNotContain("最早可办日期");

        SetToday(D("2026-07-01"));
        c = await App.SignedInAsync("branchsec"); // months later the session has lapsed
        await SeedCalendarAsync(2026);
        var candidate = await DevelopmentDocumentTests.SeedCaseAsync(App, World.A1.Id, "王公示", 1, DevelopmentState.发展对象, ToReview());
        page = $"/Development/Case/{candidate}";
        var shortPublicity = await (await AppFactory.PostFormAsync(c, Post(c, candidate),
            new() { ["Input.Step"] = "12a", ["Input.On"] = "2026-06-22", ["Input.PublicityEndsOn"] = "2026-06-24" }, page)).Content.ReadAsStringAsync();
        Regex.Match(shortPublicity, "id=\"error-publicityEndsOn\">([^<]*)<").Groups[1].Value.ShouldBe("公示期不少于5个工作日，最早可于2026-06-26结束");
        shortPublicity.ShouldNotContain("id=\"earliest-on\"");
        shortPublicity.ShouldNotContain("最早可办日期");
    }

    [Fact]
    public async Task Each_training_field_shows_its_own_error_beside_it()
    {
        SetToday(D("2026-03-10"));
        var id = await ActivistAsync();
        var c = await App.SignedInAsync("branchsec");
        var html = await (await AppFactory.PostFormAsync(c, Post(c, id),
            new() { ["Input.Step"] = "11", ["Input.On"] = "2026-03-10", ["Input.TrainingDays"] = "三", ["Input.TrainingHours"] = "-1" }, $"/Development/Case/{id}")).Content.ReadAsStringAsync();
        html.ShouldContain("id=\"error-trainingDays\">培训天数应为不小于0的整数</div>");
        html.ShouldContain("id=\"error-trainingHours\">培训学时应为不小于0的整数</div>");
        html.ShouldNotContain("整数培训");
    }

    [Fact]
    public async Task The_committees_own_queue_does_not_send_it_to_the_committee_above()
    {
        SetToday(D("2026-03-10"));
        await ActivistAsync();
        var queue = await (await App.SignedInAsync("orgadmin")).GetStringAsync($"/Development/Queue?org={World.A.Id}&tab=filing");
        queue.ShouldContain("第4步 上级党委备案");
        queue.ShouldNotContain("由上级党委办理");
        queue.ShouldNotContain("flex-nowrap overflow-auto"); // the tabs wrap on a phone
    }

    [Fact]
    public async Task A_branch_sees_its_committees_volunteer_book_ranges_read_only_and_the_pages_link_to_each_other()
    {
        SetToday(D("2026-03-10"));
        var admin = await App.BearerAsync("orgadmin");
        (await admin.PostAsJsonAsync($"/api/v1/development/volunteer-books/ranges?org={World.A.Id}",
            new { prefix = "粤2026-", startNumber = 1, endNumber = 500, issuedOn = "2026-03-01", issuedBy = "省委组织部" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var secretary = await App.SignedInAsync("branchsec");
        var branch = await secretary.GetStringAsync($"/Development/VolunteerBooks?org={World.A1.Id}");
        branch.ShouldContain("id=\"keeper-note\"");
        branch.ShouldContain("由甲公司党委登记和发放");
        branch.ShouldContain("粤2026-001");
        branch.ShouldNotContain("尚未登记编号段");
        branch.ShouldNotContain("id=\"add-range\"");
        branch.ShouldContain($"href=\"/Development?org={World.A1.Id}\">发展党员</a>");

        var web = await App.SignedInAsync("orgadmin");
        var spoil = await web.GetStringAsync($"/Development/VolunteerBooks/Spoil?org={World.A.Id}");
        spoil.ShouldContain("placeholder=\"粤2026-001\"");
        spoil.ShouldContain($"href=\"/Development?org={World.A.Id}\">发展党员</a>");
        (await web.GetStringAsync($"/Development/Documents?org={World.A.Id}")).ShouldContain($"href=\"/Development/VolunteerBooks?org={World.A.Id}\"");
        (await web.GetStringAsync("/")).ShouldContain("href=\"/Development/VolunteerBooks\"");
    }
}
