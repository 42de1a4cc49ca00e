using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

/// <summary>巡言巡语: the seeded library, suggestions over the API and the htmx fragment, and the library's editing pages.</summary>
public sealed class InspectionExpressionTests(AppFactory app) : AppTest(app)
{
    /// <summary>The test reset empties every table; the library is put back exactly as migration 0020 seeds it.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.ExecAsync(MigrationRunner.Embedded().Single(m => m.Version == "0020").Sql);
    }

    private sealed record Candidate(long Id, string Expression, string Category, double Score);
    private sealed record Suggestions(List<Candidate> Candidates);

    private static async Task<Suggestions> SuggestAsync(HttpClient c, string text)
    {
        var r = await c.PostAsJsonAsync("/api/v1/inspections/suggestions", new { text });
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        return (await r.Content.ReadFromJsonAsync<Suggestions>())!;
    }

    [Fact]
    public async Task The_seeded_library_holds_the_seed_000_examples_and_at_least_40_more_in_all_five_categories()
    {
        var total = await App.ScalarAsync("SELECT count(*) FROM inspection_expressions WHERE active");
        total.ShouldBeGreaterThanOrEqualTo(42);
        foreach (var c in Enum.GetValues<FindingCategory>())
            (await App.ScalarAsync($"SELECT count(*) FROM inspection_expressions WHERE category = '{c}'")).ShouldBeGreaterThanOrEqualTo(5, c.ToString());
        (await App.ScalarAsync("SELECT count(*) FROM inspection_expressions WHERE symptoms = '业务管理混乱、行政工作落后、制度执行不严、服务大局被动' AND expression LIKE '%政治领导力、组织力、影响力和战斗力%'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM inspection_expressions WHERE symptoms = '财务把关不严、违规问题频发、内部制度缺失' AND expression LIKE '%全面从严治党不力%' AND category = '从严治党落实'")).ShouldBe(1);
        // every entry is complete: symptoms of several phrases and an example
        (await App.ScalarAsync("SELECT count(*) FROM inspection_expressions WHERE example IS NULL OR symptoms NOT LIKE '%、%'")).ShouldBe(0);
    }

    [Fact]
    public async Task Suggestions_are_ordered_by_score_and_a_clear_finance_case_is_classified_under_full_strictness()
    {
        var c = await App.BearerAsync("insp");
        var s = await SuggestAsync(c, "经查，该单位财务把关不严，近两年报销中违规问题频发，内部制度缺失，多笔支出无审批。");
        s.Candidates.Count.ShouldBe(5);
        s.Candidates.Select(x => x.Score).ShouldBeInOrder(SortDirection.Descending);
        s.Candidates.ShouldAllBe(x => x.Score > 0 && x.Score <= 1);
        s.Candidates[0].Category.ShouldBe("全面从严治党战略部署落实情况");
        s.Candidates[0].Expression.ShouldContain("全面从严治党不力");
        s.Candidates[0].Id.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Each_candidate_category_is_one_of_the_four_full_names_or_a_clue()
    {
        var allowed = Enum.GetValues<FindingCategory>().Select(InspectionRules.Display).ToHashSet();
        var c = await App.BearerAsync("insp");
        var s = await SuggestAsync(c, "某中层干部在其子女婚宴上收受多家供应商的礼金和购物卡，三会一课记录也是补记的。");
        s.Candidates.ShouldNotBeEmpty();
        s.Candidates.ShouldAllBe(x => allowed.Contains(x.Category));
        s.Candidates[0].Category.ShouldBe("问题线索");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Empty_text_is_refused_with_a_chinese_field_error(string text)
    {
        var c = await App.BearerAsync("insp");
        var r = await c.PostAsJsonAsync("/api/v1/inspections/suggestions", new { text });
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await r.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("errors").GetProperty("text")[0].GetString().ShouldBe("请输入问题事实或描述，再获取巡言巡语推荐");
        body.GetProperty("title").GetString().ShouldBe("提交的数据有误");
    }

    [Fact]
    public async Task Too_long_text_is_refused_with_a_chinese_field_error()
    {
        var c = await App.BearerAsync("insp");
        var r = await c.PostAsJsonAsync("/api/v1/inspections/suggestions", new { text = new string('财', 4001) });
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("text")[0].GetString()!.ShouldStartWith("问题描述不能超过4000字");
    }

    [Theory]
    [InlineData("disc")]
    [InlineData("branchsec")]
    [InlineData("mem")]
    public async Task Roles_without_inspection_manage_get_403(string user)
    {
        var c = await App.BearerAsync(user);
        var r = await c.PostAsJsonAsync("/api/v1/inspections/suggestions", new { text = "财务把关不严" });
        r.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe("没有权限");
    }

    [Fact]
    public async Task The_fragment_lists_five_candidates_with_an_adopt_button_that_fills_the_finding_form()
    {
        var c = await App.SignedInAsync("insp");
        var r = await AppFactory.PostFormAsync(c, "/Inspections/Expressions/Suggest", new() { ["Facts"] = "党支部全年只开了两次党员大会，党课记录是别人代记的，支委会也不按月召开。" }, "/Inspections/Expressions");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldNotContain("<html");
        System.Text.RegularExpressions.Regex.Matches(html, "class=\"btn btn-sm btn-outline-primary text-nowrap adopt-expression\"").Count.ShouldBe(5);
        html.ShouldContain("data-category=\"组织路线落实\"");
        html.ShouldContain("“三会一课”制度落实不严格");
        html.ShouldContain("finding-expression-id");
        html.ShouldContain("finding-category");
        // the first candidate is the 三会一课 entry
        var first = System.Text.RegularExpressions.Regex.Match(html, "data-category=\"([^\"]+)\"").Groups[1].Value;
        first.ShouldBe("组织路线落实");
    }

    [Fact]
    public async Task The_fragment_asks_for_facts_when_the_box_is_empty_and_is_refused_to_readers()
    {
        var c = await App.SignedInAsync("insp");
        var r = await AppFactory.PostFormAsync(c, "/Inspections/Expressions/Suggest", new() { ["Facts"] = "" }, "/Inspections/Expressions");
        (await r.Content.ReadAsStringAsync()).ShouldContain("填写问题事实后");
        var disc = await App.SignedInAsync("disc");
        (await AppFactory.PostFormAsync(disc, "/Inspections/Expressions/Suggest", new() { ["Facts"] = "财务把关不严" }, "/Inspections/Expressions")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_inspection_office_adds_an_entry_which_is_audited_and_suggested_at_once()
    {
        var c = await App.SignedInAsync("insp");
        var r = await AppFactory.PostFormAsync(c, "/Inspections/Expressions/Create", new()
        {
            ["Input.Category"] = "从严治党落实",
            ["Input.Expression"] = "食堂管理不规范，存在廉洁风险",
            ["Input.Symptoms"] = "食堂采购无验收\n食堂账目不公开；菜价虚高",
            ["Input.Example"] = "职工食堂采购蔬菜无验收记录。",
        });
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        r.Headers.Location!.ToString().ShouldBe("/Inspections/Expressions?saved=created");
        var id = await App.ScalarAsync("SELECT id FROM inspection_expressions WHERE expression = '食堂管理不规范，存在廉洁风险'");
        (await App.ScalarAsync($"SELECT count(*) FROM inspection_expressions WHERE id = {id} AND symptoms = '食堂采购无验收、食堂账目不公开、菜价虚高'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'inspection_expressions' AND entity_id = '{id}' AND action = 'create' AND actor_name = 'insp'")).ShouldBe(1);

        var s = await SuggestAsync(await App.BearerAsync("insp"), "职工食堂采购的蔬菜没有验收，食堂账目也不公开，职工反映菜价虚高。");
        s.Candidates[0].Id.ShouldBe(id);
    }

    [Fact]
    public async Task A_bad_entry_gets_chinese_messages_next_to_its_fields_and_nothing_is_written()
    {
        var before = await App.ScalarAsync("SELECT count(*) FROM inspection_expressions");
        var c = await App.SignedInAsync("insp");
        var r = await AppFactory.PostFormAsync(c, "/Inspections/Expressions/Create", new()
        {
            ["Input.Category"] = "",
            ["Input.Expression"] = "  ",
            ["Input.Symptoms"] = "、、",
        });
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"error-category\">请选择归类（四个落实之一，或问题线索）");
        html.ShouldContain("id=\"error-expression\">请填写规范表述");
        html.ShouldContain("id=\"error-symptoms\">问题表现不能只有标点");
        (await App.ScalarAsync("SELECT count(*) FROM inspection_expressions")).ShouldBe(before);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'inspection_expressions'")).ShouldBe(0);
    }

    [Fact]
    public async Task Editing_and_deactivating_an_entry_are_audited_and_a_deactivated_entry_is_no_longer_suggested()
    {
        var id = await App.ScalarAsync("SELECT id FROM inspection_expressions WHERE symptoms LIKE '财务把关不严%'");
        var c = await App.SignedInAsync("insp");
        var edit = await AppFactory.PostFormAsync(c, $"/Inspections/Expressions/Edit/{id}", new()
        {
            ["Input.Category"] = "从严治党落实",
            ["Input.Expression"] = "严格管理、严格教育、严格监督不到位，全面从严治党不力",
            ["Input.Symptoms"] = "财务把关不严、违规问题频发、内部制度缺失、会计基础工作薄弱",
            ["Input.Example"] = "",
        });
        edit.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync($"SELECT count(*) FROM inspection_expressions WHERE id = {id} AND symptoms LIKE '%会计基础工作薄弱' AND example IS NULL AND updated_by = 'insp'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'inspection_expressions' AND entity_id = '{id}' AND action = 'update' AND before::text LIKE '%财务把关不严%'")).ShouldBe(1);

        var api = await App.BearerAsync("insp");
        const string Text = "财务把关不严，违规问题频发，内部制度缺失。";
        (await SuggestAsync(api, Text)).Candidates[0].Id.ShouldBe(id);

        var off = await AppFactory.PostFormAsync(c, $"/Inspections/Expressions/Edit/{id}?handler=Deactivate", [], $"/Inspections/Expressions/Edit/{id}");
        off.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync($"SELECT count(*) FROM inspection_expressions WHERE id = {id} AND NOT active")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'inspection_expressions' AND entity_id = '{id}' AND action = 'update'")).ShouldBe(2);
        (await SuggestAsync(api, Text)).Candidates.ShouldNotContain(x => x.Id == id);

        var again = await AppFactory.PostFormAsync(c, $"/Inspections/Expressions/Edit/{id}?handler=Deactivate", [], $"/Inspections/Expressions/Edit/{id}");
        (await again.Content.ReadAsStringAsync()).ShouldContain("该条目已停用");
        var on = await AppFactory.PostFormAsync(c, $"/Inspections/Expressions/Edit/{id}?handler=Activate", [], $"/Inspections/Expressions/Edit/{id}");
        on.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await SuggestAsync(api, Text)).Candidates[0].Id.ShouldBe(id);
    }

    [Fact]
    public async Task Readers_see_the_library_filtered_and_paged_without_edit_buttons_and_export_it()
    {
        var disc = await App.SignedInAsync("disc");
        var page = await disc.GetStringAsync("/Inspections/Expressions?category=问题线索");
        page.ShouldContain("涉嫌违规收受礼品礼金");
        page.ShouldNotContain("学习贯彻习近平新时代中国特色社会主义思想不深入不系统");
        page.ShouldNotContain("id=\"create-expression\"");
        page.ShouldNotContain("?handler=Deactivate");
        (await disc.GetAsync("/Inspections/Expressions/Create")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var search = await disc.GetStringAsync("/Inspections/Expressions?q=" + Uri.EscapeDataString("三会一课"));
        search.ShouldContain("“三会一课”制度落实不严格");
        search.ShouldNotContain("涉嫌违规收受礼品礼金");

        var all = await disc.GetStringAsync("/Inspections/Expressions");
        all.ShouldContain("第 1 / 3 页");
        (await disc.GetStringAsync("/Inspections/Expressions?p=3")).ShouldContain("第 3 / 3 页");

        var xlsx = await disc.GetAsync("/Inspections/Expressions?category=问题线索&handler=Export");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe(Bastion.Web.Xlsx.ContentType);
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        var rows = doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Count();
        rows.ShouldBe(1 + (int)await App.ScalarAsync("SELECT count(*) FROM inspection_expressions WHERE category = '问题线索' AND active"));
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'inspection_expressions.export'")).ShouldBe(1);

        var insp = await App.SignedInAsync("insp");
        (await insp.GetStringAsync("/Inspections/Expressions")).ShouldContain("id=\"create-expression\"");
    }

    [Fact]
    public async Task The_menu_shows_the_library_to_readers_only()
    {
        (await (await App.SignedInAsync("disc")).GetStringAsync("/Inspections/Expressions")).ShouldContain("href=\"/Inspections/Expressions\"");
        (await (await App.SignedInAsync("mem")).GetAsync("/Inspections/Expressions")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
