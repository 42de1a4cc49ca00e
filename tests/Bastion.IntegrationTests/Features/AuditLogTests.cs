using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bastion.Features.Audit;
using Bastion.IntegrationTests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Bastion.IntegrationTests.Features;

/// <summary>The 审计管理员's log viewer: China-day date filter, filters by the words shown, readable rows, the .xlsx export.</summary>
public sealed partial class AuditLogTests(AppFactory app) : AppTest(app)
{
    [GeneratedRegex(@"<tr data-id=""(\d+)""")]
    private static partial Regex RowId();

    private static List<long> Ids(string html) => RowId().Matches(html).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private Task InsertAsync(string atUtc, string actor, string action = "signin", string entity = "users", string? after = null, string result = "success") =>
        App.ExecAsync($"INSERT INTO audit_log (at, actor_name, action, entity, entity_id, after, result) VALUES (TIMESTAMPTZ '{atUtc}+00', '{actor}', '{action}', '{entity}', '1', {(after is null ? "NULL" : $"'{after}'::jsonb")}, '{result}')");

    [Fact]
    public async Task Filtering_by_dates_answers_the_china_days_from_start_to_end_inclusive()
    {
        await InsertAsync("2026-03-09 15:59:59", "datetest");   // 3月9日 23:59:59 in China
        await InsertAsync("2026-03-09 16:00:00", "datetest");   // 3月10日 00:00
        await InsertAsync("2026-03-11 15:59:59", "datetest");   // 3月11日 23:59:59
        await InsertAsync("2026-03-11 16:00:00", "datetest");   // 3月12日 00:00
        var inside = (await App.ScalarAsync("SELECT min(id) FROM audit_log WHERE actor_name = 'datetest'")) + 1;

        var auditor = await App.SignedInAsync("aud");
        var page = await auditor.GetAsync("/Audit?actor=datetest&from=2026-03-10&to=2026-03-11");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        Ids(await page.Content.ReadAsStringAsync()).ShouldBe([inside + 1, inside]);

        var oneDay = await auditor.GetAsync("/Audit?actor=datetest&from=2026-03-10&to=2026-03-10");
        Ids(await oneDay.Content.ReadAsStringAsync()).ShouldBe([inside]);

        var api = await App.BearerAsync("aud");
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/audit?actor=datetest&from=2026-03-10&to=2026-03-11");
        list.GetProperty("total").GetInt32().ShouldBe(2);

        var backwards = await (await auditor.GetAsync("/Audit?actor=datetest&from=2026-03-11&to=2026-03-10")).Content.ReadAsStringAsync();
        backwards.ShouldContain("结束日期不能早于开始日期");
    }

    [Fact]
    public async Task Rows_read_in_chinese_and_filter_by_the_action_and_object_shown()
    {
        await App.SignedInAsync("mem");
        await App.SignedInAsync("orgadmin");
        var c = await App.BearerAsync("orgadmin");
        (await c.PostAsJsonAsync($"/api/v1/organizations/{World.A.Id}/children", new { name = "甲审计党支部", type = "党支部" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var auditor = await App.SignedInAsync("aud");
        var html = await (await auditor.GetAsync("/Audit?action=signin&entity=users")).Content.ReadAsStringAsync();
        var expected = await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'signin' AND entity = 'users'");
        Ids(html).Count.ShouldBe((int)expected);
        html.ShouldContain("<option value=\"signin\" selected=\"selected\">登录</option>");
        html.ShouldContain("<option value=\"users\" selected=\"selected\">账号</option>");
        html.ShouldContain($"共 {expected} 条");

        var created = await (await auditor.GetAsync("/Audit?action=create&entity=organizations&org=甲审计")).Content.ReadAsStringAsync();
        var id = await App.ScalarAsync("SELECT id FROM organizations WHERE name = '甲审计党支部'");
        Ids(created).ShouldHaveSingleItem();
        created.ShouldContain($"组织 {id}");        // the object in words, plain text: the auditor may not open organization pages
        created.ShouldNotContain($"href=\"/Organizations/Details/{id}\"");
        created.ShouldContain("名称/姓名");        // the field-by-field table
        created.ShouldContain("甲审计党支部");
        created.ShouldNotContain("{&quot;");       // no raw JSON

        var failures = await (await auditor.GetAsync("/Audit?result=failure&entity=users")).Content.ReadAsStringAsync();
        Ids(failures).Count.ShouldBe((int)await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE result = 'failure' AND entity = 'users'"));
    }

    [Fact]
    public async Task Personal_data_never_shows_in_clear_on_the_page_the_api_or_the_export()
    {
        await InsertAsync("2026-03-10 02:00:00", "piitest", "update", "members", """{"id_number":"110105199001011234","mobile_contact":"13912345678","party_status_reason":"某某原因"}""");
        var auditor = await App.SignedInAsync("aud");
        var html = await (await auditor.GetAsync("/Audit?actor=piitest")).Content.ReadAsStringAsync();
        html.ShouldContain("110105********1234");
        foreach (var secret in new[] { "110105199001011234", "13912345678", "某某原因" }) html.ShouldNotContain(secret);

        var api = await (await App.BearerAsync("aud")).GetStringAsync("/api/v1/audit?actor=piitest");
        foreach (var secret in new[] { "110105199001011234", "13912345678", "某某原因" }) api.ShouldNotContain(secret);

        var rows = await ExportAsync(auditor, "/Audit?handler=Export&actor=piitest");
        var detail = rows[1][^1];
        detail.ShouldContain("110105********1234");
        foreach (var secret in new[] { "110105199001011234", "13912345678", "某某原因" }) detail.ShouldNotContain(secret);
    }

    [Fact]
    public async Task The_export_holds_the_filtered_rows_and_is_itself_audited()
    {
        await App.SignedInAsync("mem");
        await App.SignedInAsync("orgadmin");
        var auditor = await App.SignedInAsync("aud");
        var expected = await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'signin' AND entity = 'users' AND result = 'success'");
        expected.ShouldBeGreaterThanOrEqualTo(3);

        var rows = await ExportAsync(auditor, "/Audit?handler=Export&action=signin&entity=users&result=success");
        rows[0].ShouldBe(ListAuditEntries.ExportHeaders);
        rows.Count.ShouldBe((int)expected + 1);
        rows.Skip(1).ShouldAllBe(r => r[3] == "登录" && r[4] == "账号" && r[7] == "成功");
        rows.Skip(1).Select(r => r[2]).ShouldContain("mem");

        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'audit.export' AND actor_name = 'aud' AND entity = 'audit_log'")).ShouldBe(1);
        var logged = await (await auditor.GetAsync("/Audit?action=audit.export")).Content.ReadAsStringAsync();
        logged.ShouldContain("导出审计日志");
    }

    [Fact]
    public async Task Only_the_audit_administrator_may_export_the_log()
    {
        foreach (var who in new[] { "sys", "sec", "orgadmin", "insp", "branchsec", "mem" })
            (await (await App.SignedInAsync(who)).GetAsync("/Audit?handler=Export")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, who);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'audit.export'")).ShouldBe(0);
    }

    private static async Task<List<string[]>> ExportAsync(HttpClient c, string url)
    {
        var r = await c.GetAsync(url);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        r.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var ms = new MemoryStream(await r.Content.ReadAsByteArrayAsync());
        using var doc = SpreadsheetDocument.Open(ms, false);
        var sheet = doc.WorkbookPart!.WorksheetParts.Single().Worksheet;
        return sheet.Descendants<Row>().Select(row => row.Elements<Cell>().Select(cell =>
            cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : cell.CellValue?.Text ?? "").ToArray()).ToList();
    }
}
