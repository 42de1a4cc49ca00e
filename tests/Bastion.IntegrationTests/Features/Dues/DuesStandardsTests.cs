using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Dues;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Features.Dues;

/// <summary>Dues standards, rate-table versions, bases and the payroll import through HTTP against PostgreSQL.</summary>
public sealed class DuesStandardsTests(AppFactory app) : AppTest(app)
{
    private const string TopAdmin = "duesroot";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // an administrator of the top-level 党委 R (the TestWorld's orgadmin is granted on A, below R)
        await DuesTestData.SeedAsync(App, App.Clock.GetUtcNow(), new DateOnly(2026, 1, 1), worldMembersAsStudents: false, topAdmin: TopAdmin);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, string Raw)> GetAsync(HttpClient c, string url)
    {
        var r = await c.GetAsync(url);
        var raw = await r.Content.ReadAsStringAsync();
        return (r.StatusCode, raw.Length == 0 ? default : JsonDocument.Parse(raw).RootElement, raw);
    }

    [Theory]
    [InlineData("在职", "5000.00", "\"amount\":50.00", "\"rate\":0.01")]
    [InlineData("在职", "5000.01", "\"amount\":75.00", "\"rate\":0.015")]
    [InlineData("在职", "3000", "\"amount\":15.00", "\"rate\":0.005")]
    [InlineData("在职", "5100", "\"amount\":76.50", "\"rate\":0.015")]
    [InlineData("在职", "4900", "\"amount\":49.00", "\"rate\":0.01")]
    [InlineData("离退休", "5200", "\"amount\":52.00", "\"rate\":0.01")]
    [InlineData("学生", null, "\"amount\":0.20", "\"rate\":null")]
    [InlineData("低保", "8000", "\"amount\":0.20", "\"rate\":null")]
    public async Task The_standard_answers_the_amount_in_yuan_with_two_decimals(string category, string? @base, string amount, string rate)
    {
        var c = await App.BearerAsync("mem");
        var url = $"/api/v1/dues/standard?category={Uri.EscapeDataString(category)}" + (@base is null ? "" : $"&base={@base}");
        var (status, body, raw) = await GetAsync(c, url);
        status.ShouldBe(HttpStatusCode.OK, raw);
        body.GetProperty("category").GetString().ShouldBe(category);
        raw.ShouldContain(amount);
        raw.ShouldContain(rate);
    }

    [Theory]
    [InlineData("category=在职&base=-1", "base", "党费基数不能为负数")]
    [InlineData("category=在职&base=abc", "base", "不是数字")]
    [InlineData("category=在职&base=5e3", "base", "不是数字")]
    [InlineData("category=在职", "base", "请填写党费基数")]
    [InlineData("category=工人&base=5000", "category", "未知的党费类别")]
    [InlineData("base=5000", "category", "请选择党费类别")]
    public async Task Bad_input_is_answered_400_in_chinese_beside_the_field(string query, string field, string message)
    {
        var c = await App.BearerAsync("mem");
        var (status, body, raw) = await GetAsync(c, "/api/v1/dues/standard?" + query);
        status.ShouldBe(HttpStatusCode.BadRequest, raw);
        body.GetProperty("errors").GetProperty(field)[0].GetString()!.ShouldContain(message);
    }

    [Fact]
    public async Task A_new_version_is_drafted_enabled_from_next_month_and_replaces_the_old_one()
    {
        var c = await App.BearerAsync(TopAdmin);
        var today = App.Clock.Today();
        var next = DuesRules.MonthOf(today).AddMonths(1);
        var create = await c.PostAsJsonAsync("/api/v1/dues/rate-tables", new
        {
            category = "学生", kind = "统一标准", fixedAmount = "0.30", effectiveFrom = next.ToString("yyyy-MM"), basis = "测试",
        });
        create.StatusCode.ShouldBe(HttpStatusCode.Created, await create.Content.ReadAsStringAsync());
        var id = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await c.PostAsync($"/api/v1/dues/rate-tables/{id}/activate", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // the old version is void, replaced, and still applies this month; the new one from next month
        var versions = await c.GetFromJsonAsync<List<JsonElement>>($"/api/v1/dues/rate-tables?org={World.R.Id}");
        var students = versions!.Where(v => v.GetProperty("category").GetString() == "学生").ToList();
        students.Single(v => v.GetProperty("number").GetInt32() == 1).GetProperty("state").GetString().ShouldBe("作废");
        students.Single(v => v.GetProperty("number").GetInt32() == 1).GetProperty("appliesThisMonth").GetBoolean().ShouldBeTrue();
        students.Single(v => v.GetProperty("number").GetInt32() == 2).GetProperty("state").GetString().ShouldBe("启用");
        (await GetAsync(c, "/api/v1/dues/standard?category=学生")).Raw.ShouldContain("\"amount\":0.20");
        App.Clock.Advance(next.ToDateTime(TimeOnly.MinValue) - today.ToDateTime(TimeOnly.MinValue) + TimeSpan.FromHours(12));
        c = await App.BearerAsync(TopAdmin); // the token of before has expired
        (await GetAsync(c, "/api/v1/dues/standard?category=学生")).Raw.ShouldContain("\"amount\":0.30");

        // one way only: enabling again is a conflict; the audit trail has the change
        (await c.PostAsync($"/api/v1/dues/rate-tables/{id}/activate", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'dues_rate_tables' AND entity_id = '{id}'")).ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task Enabling_a_version_for_a_past_month_is_refused_with_the_earliest_month()
    {
        var c = await App.BearerAsync(TopAdmin);
        var thisMonth = DuesRules.MonthOf(App.Clock.Today());
        var create = await c.PostAsJsonAsync("/api/v1/dues/rate-tables", new
        {
            category = "离退休", kind = "公式", effectiveFrom = thisMonth.AddMonths(-1).ToString("yyyy-MM"),
            brackets = new[] { new { upTo = (string?)"5000", ratePercent = "0.5" }, new { upTo = (string?)null, ratePercent = "1" } },
        });
        create.StatusCode.ShouldBe(HttpStatusCode.Created, await create.Content.ReadAsStringAsync());
        var id = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var r = await c.PostAsync($"/api/v1/dues/rate-tables/{id}/activate", null);
        r.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var body = await r.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("earliestOn").GetString().ShouldBe(thisMonth.ToString("yyyy-MM-dd"));
        body.GetProperty("detail").GetString()!.ShouldContain("已过");
    }

    [Fact]
    public async Task Only_a_top_level_administrator_changes_the_rate_tables()
    {
        var c = await App.BearerAsync("orgadmin"); // 党委管理员 of A, below the top-level R
        var create = await c.PostAsJsonAsync("/api/v1/dues/rate-tables", new { category = "学生", kind = "统一标准", fixedAmount = "0.30", effectiveFrom = "2099-01" });
        create.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.ScalarAsync("SELECT count(*) FROM dues_rate_tables WHERE category = '学生'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_broken_bracket_list_is_refused_beside_the_field()
    {
        var c = await App.BearerAsync(TopAdmin);
        var r = await c.PostAsJsonAsync("/api/v1/dues/rate-tables", new
        {
            category = "在职", kind = "公式", effectiveFrom = "2099-01",
            brackets = new[] { new { upTo = (string?)"5000", ratePercent = "1" }, new { upTo = (string?)"3000", ratePercent = "2" }, new { upTo = (string?)null, ratePercent = "3" } },
        });
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("brackets")[0].GetString()!.ShouldContain("须大于第1档上限");
    }

    [Fact]
    public async Task A_member_category_and_bases_give_the_amount_due_and_the_unit_option_deducts_insurance()
    {
        var c = await App.BearerAsync("branchsec");
        var member = World.MemberInOrg[World.A1.Id];
        (await c.PutAsJsonAsync($"/api/v1/dues/members/{member}/profile", new { category = "在职" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var year = App.Clock.Today().Year;
        var r = await c.PostAsJsonAsync($"/api/v1/dues/members/{member}/bases", new { year, fromMonth = 1, pay = "8000", taxWithheld = "600", insurance = "800", housingFund = "500" });
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("base").GetDecimal().ShouldBe(7400m);
        var dues = await c.GetFromJsonAsync<JsonElement>($"/api/v1/dues/members/{member}");
        dues.GetProperty("thisMonth").GetProperty("amount").GetDecimal().ShouldBe(111.00m); // 7400 × 1.5 %

        // the branch secretary may not switch the deduction on; the 党委 administrator may, and the next base deducts
        (await c.PutAsJsonAsync($"/api/v1/dues/units/{World.A1.Id}", new { deductInsurance = true })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var admin = await App.BearerAsync("orgadmin");
        (await admin.PutAsJsonAsync($"/api/v1/dues/units/{World.A.Id}", new { deductInsurance = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        r = await c.PostAsJsonAsync($"/api/v1/dues/members/{member}/bases", new { year, fromMonth = 1, pay = "8000", taxWithheld = "600", insurance = "800", housingFund = "500" });
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("base").GetDecimal().ShouldBe(6100m);
        (await App.ScalarAsync($"SELECT count(*) FROM dues_bases WHERE member_id = {member}")).ShouldBe(1); // the same month replaced
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'dues_bases'")).ShouldBe(2);

        // the branch setting its 农民 amount does not switch the 党委's deduction off
        var farmer = await c.PutAsJsonAsync($"/api/v1/dues/units/{World.A1.Id}", new { farmerAmount = "0.50" });
        farmer.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await farmer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deductInsurance").GetBoolean().ShouldBeTrue();
        r = await c.PostAsJsonAsync($"/api/v1/dues/members/{member}/bases", new { year, fromMonth = 1, pay = "8000", taxWithheld = "600", insurance = "800", housingFund = "500" });
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("base").GetDecimal().ShouldBe(6100m);
    }

    [Theory]
    [InlineData("abc", "pay", "不是数字")]
    [InlineData("-5", "pay", "不能为负数")]
    public async Task A_bad_pay_figure_is_refused_and_nothing_is_written(string pay, string field, string message)
    {
        var c = await App.BearerAsync("branchsec");
        var member = World.MemberInOrg[World.A1.Id];
        var r = await c.PostAsJsonAsync($"/api/v1/dues/members/{member}/bases", new { year = 2026, fromMonth = 1, pay });
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString()!.ShouldContain(message);
        (await App.ScalarAsync("SELECT count(*) FROM dues_bases")).ShouldBe(0);
    }

    [Theory]
    [InlineData("1.01")]
    [InlineData("0.1")]
    [InlineData("一元")]
    public async Task A_farmer_amount_outside_the_range_is_refused(string amount)
    {
        var c = await App.BearerAsync("branchsec");
        var r = await c.PutAsJsonAsync($"/api/v1/dues/units/{World.A1.Id}", new { farmerAmount = amount });
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var message = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("farmerAmount")[0].GetString()!;
        (message.Contains("0.20元至1.00元", StringComparison.Ordinal) || message.Contains("不是数字", StringComparison.Ordinal)).ShouldBeTrue(message);
        (await App.ScalarAsync("SELECT count(*) FROM dues_unit_settings")).ShouldBe(0);
        (await c.PutAsJsonAsync($"/api/v1/dues/units/{World.A1.Id}", new { farmerAmount = "0.50" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<(HttpStatusCode, JsonElement)> ImportAsync(HttpClient c, byte[] file, bool dryRun)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", "工资表.xlsx");
        var r = await c.PostAsync($"/api/v1/dues/bases/import?org={World.A.Id}&dryRun={dryRun.ToString().ToLowerInvariant()}", form);
        return (r.StatusCode, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task The_payroll_import_reports_unknown_id_numbers_per_row_and_writes_the_valid_rows_once()
    {
        var (inA1, inB1) = await App.WithDbAsync(async db =>
        {
            var a = await db.Members.SingleAsync(m => m.Id == World.MemberInOrg[World.A1.Id]);
            var b = await db.Members.SingleAsync(m => m.Id == World.MemberInOrg[World.B1.Id]);
            return (a, b);
        });
        var stranger = ChineseIdNumber.Compose("110105", new DateOnly(1990, 1, 1), 777);
        var file = RosterFileBuilder.Build(
        [
            ["身份证号", "姓名", "月份或年度", "应发工资", "个人所得税", "社保", "公积金"],
            [inA1.IdNumber, inA1.Name, "2026", 8000, 600, 800, 500],
            [inA1.IdNumber, inA1.Name, "2026-07", 9000, 700, 800, 500],
            [stranger, "陌生人", "2026", 5000, 0, 0, 0],
            [inB1.IdNumber, inB1.Name, "2026", 5000, 0, 0, 0],       // not in A's subtree
            [inA1.IdNumber, inA1.Name, "2026年13月", 5000, 0, 0, 0],
            [inA1.IdNumber, inA1.Name, "2026-03", "五千", 0, 0, 0],
        ]);
        var c = await App.BearerAsync("orgadmin");
        var (status, dry) = await ImportAsync(c, file, dryRun: true);
        status.ShouldBe(HttpStatusCode.OK, dry.ToString());
        dry.GetProperty("valid").GetInt32().ShouldBe(2);
        var errors = dry.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("message").GetString())).ToList();
        errors.ShouldContain(e => e.Item1 == 4 && e.Item2 == "身份证号" && e.Item3!.Contains("不是甲公司党委的党员"));
        errors.ShouldContain(e => e.Item1 == 5 && e.Item2 == "身份证号");
        errors.ShouldContain(e => e.Item1 == 6 && e.Item2 == "月份或年度");
        errors.ShouldContain(e => e.Item1 == 7 && e.Item2 == "应发工资" && e.Item3!.Contains("不是数字"));
        errors.ShouldNotContain(e => e.Item3!.Contains(stranger)); // ID numbers masked in the report
        (await App.ScalarAsync("SELECT count(*) FROM dues_bases")).ShouldBe(0);

        var (_, done) = await ImportAsync(c, file, dryRun: false);
        done.GetProperty("created").GetInt32().ShouldBe(2);
        done.GetProperty("committed").GetBoolean().ShouldBeTrue();
        (await App.ScalarAsync($"SELECT count(*) FROM dues_bases WHERE member_id = {inA1.Id} AND source = '导入'")).ShouldBe(2);
        (await App.ScalarAsync($"SELECT base::bigint FROM dues_bases WHERE member_id = {inA1.Id} AND from_month = 7")).ShouldBe(8300);
        // the same file again changes nothing
        var (_, again) = await ImportAsync(c, file, dryRun: false);
        (again.GetProperty("created").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("unchanged").GetInt32()).ShouldBe((0, 0, 2));
        (await App.ScalarAsync("SELECT count(*) FROM dues_bases")).ShouldBe(2);
        // the audit trail: one import event, no ID number in it
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'dues.bases.import'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE coalesce(after::text, '') LIKE '%{inA1.IdNumber}%' OR coalesce(before::text, '') LIKE '%{inA1.IdNumber}%'")).ShouldBe(0);
    }
}
