using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Bastion.IntegrationTests.Features;

public sealed class MemberTests(AppFactory app) : AppTest(app)
{
    private static readonly DateOnly Birth = new(1990, 6, 15);
    private static string ValidId(int seq = 321) => ChineseIdNumber.Compose("370102", Birth, seq);

    private static object Body(string? idNumber = null, string joined = "2015-07-01", string? confirmed = "2016-07-01", string category = "正式党员",
        string name = "王小明", string? birth = null, string? phone = "13912345678") => new
        {
            name, idNumber = idNumber ?? ValidId(), birthDate = birth, category, joinedAt = joined, confirmedAt = confirmed, phone, education = "大学本科",
        };

    private async Task<(HttpResponseMessage Response, JsonElement Json)> PostAsync(HttpClient c, long org, object body)
    {
        var r = await c.PostAsJsonAsync($"/api/v1/members?org={org}", body);
        return (r, await r.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task A_branch_secretary_adds_a_member_whose_birth_date_and_sex_come_from_the_id_number()
    {
        var c = await App.BearerAsync("branchsec");
        var (r, json) = await PostAsync(c, World.A1.Id, Body());
        r.StatusCode.ShouldBe(HttpStatusCode.Created, json.ToString());
        json.GetProperty("idNumber").GetString().ShouldBe(Masking.IdNumber(ValidId()));
        json.GetProperty("phone").GetString().ShouldBe("139****5678");
        json.GetProperty("gender").GetString().ShouldBe("男");
        (await App.ScalarAsync("SELECT count(*) FROM members WHERE name = '王小明' AND birth_date = '1990-06-15'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'members' AND action = 'create' AND actor_name = 'branchsec'")).ShouldBe(1);
    }

    [Theory]
    [InlineData("badcheck", "idNumber", "校验码错误")]
    [InlineData("birthmismatch", "birthDate", "出生日期与公民身份号码不一致")]
    [InlineData("under18", "joinedAt", "入党时未满18周岁")]
    [InlineData("future", "joinedAt", "入党日期不能晚于今天")]
    [InlineData("early", "confirmedAt", "转正日期不能早于")]
    [InlineData("phone", "phone", "联系电话格式不正确")]
    public async Task Bad_member_data_is_refused_with_a_chinese_field_message_and_nothing_is_written(string kind, string field, string message)
    {
        var id = ValidId();
        var body = kind switch
        {
            "badcheck" => Body(idNumber: id[..17] + (id[17] == '0' ? '1' : '0')),
            "birthmismatch" => Body(birth: "1990-06-16"),
            "under18" => Body(joined: "2008-06-14", confirmed: "2009-06-14"),
            "future" => Body(joined: DateTime.UtcNow.AddDays(40).ToString("yyyy-MM-dd"), confirmed: null, category: "预备党员"),
            "early" => Body(joined: "2015-07-01", confirmed: "2016-06-30"),
            _ => Body(phone: "12345"),
        };
        var before = await App.ScalarAsync("SELECT count(*) FROM members");
        var (r, json) = await PostAsync(await App.BearerAsync("branchsec"), World.A1.Id, body);
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("errors").GetProperty(field)[0].GetString()!.ShouldContain(message);
        (await App.ScalarAsync("SELECT count(*) FROM members")).ShouldBe(before);
    }

    [Fact]
    public async Task A_duplicate_id_number_and_a_member_outside_a_branch_are_refused()
    {
        var c = await App.BearerAsync("orgadmin");
        (await PostAsync(c, World.A1.Id, Body())).Response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var dup = await PostAsync(c, World.A1.Id, Body(name: "另一个人"));
        dup.Json.GetProperty("errors").GetProperty("idNumber")[0].GetString()!.ShouldContain("已登记");
        var committee = await PostAsync(c, World.A.Id, Body(idNumber: ValidId(323), name: "委员会"));
        committee.Json.GetProperty("errors").GetProperty("orgId")[0].GetString()!.ShouldContain("党员应编入党支部");
    }

    [Fact]
    public async Task Changing_a_key_date_needs_a_reason_and_is_kept_in_the_history()
    {
        var c = await App.BearerAsync("branchsec");
        var (_, created) = await PostAsync(c, World.A1.Id, Body());
        var id = created.GetProperty("id").GetInt64();
        var noReason = await c.PutAsJsonAsync($"/api/v1/members/{id}", Body(joined: "2015-06-01", confirmed: "2016-06-01"));
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("changeReason")[0].GetString()!.ShouldContain("入党日期");
        (await App.ScalarAsync($"SELECT count(*) FROM members WHERE id = {id} AND joined_at = '2015-07-01'")).ShouldBe(1);

        var body = JsonSerializer.SerializeToElement(Body(joined: "2015-06-01", confirmed: "2016-06-01"));
        var withReason = JsonSerializer.Deserialize<Dictionary<string, object?>>(body.GetRawText())!;
        withReason["changeReason"] = "按入党志愿书原件更正";
        var ok = await c.PutAsJsonAsync($"/api/v1/members/{id}", withReason);
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        (await App.ScalarAsync($"SELECT count(*) FROM member_changes WHERE member_id = {id} AND field = '入党日期' AND reason = '按入党志愿书原件更正' AND changed_by = 'branchsec'")).ShouldBe(1);
        var page = await (await App.SignedInAsync("branchsec")).GetStringAsync($"/Members/Details/{id}");
        page.ShouldContain("按入党志愿书原件更正");
    }

    [Fact]
    public async Task The_list_is_scoped_searchable_by_name_or_id_suffix_masked_and_in_pinyin_order()
    {
        var c = await App.BearerAsync("orgadmin");
        foreach (var (name, seq) in new[] { ("张三", 401), ("阿明", 403), ("王五", 405) })
            (await PostAsync(c, World.A1.Id, Body(idNumber: ValidId(seq), name: name))).Response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var list = await c.GetFromJsonAsync<JsonElement>($"/api/v1/members?org={World.A1.Id}&pageSize=50");
        var names = list.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("name").GetString()).ToList();
        names.ShouldBe(["阿明", "测试党员3", "王五", "张三"]); // a-ming, ce-shi, wang, zhang
        list.GetProperty("items").EnumerateArray().ShouldAllBe(x => x.GetProperty("idNumber").GetString()!.Contains("********"));
        var bySuffix = await c.GetFromJsonAsync<JsonElement>($"/api/v1/members?org={World.A1.Id}&q={ValidId(403)[^6..]}");
        bySuffix.GetProperty("total").GetInt32().ShouldBe(1);
        bySuffix.GetProperty("items")[0].GetProperty("name").GetString().ShouldBe("阿明");
        var byName = await c.GetFromJsonAsync<JsonElement>($"/api/v1/members?org={World.A.Id}&q=王");
        byName.GetProperty("total").GetInt32().ShouldBe(1);

        var secretary = await App.BearerAsync("branchsec");
        (await secretary.GetAsync($"/api/v1/members?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var mine = await secretary.GetFromJsonAsync<JsonElement>("/api/v1/members");
        mine.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("orgName").GetString()).Distinct()
            .ShouldBeSubsetOf([World.A.Name, World.A1.Name]);
    }

    [Fact]
    public async Task Members_who_left_with_a_letter_are_not_in_the_list()
    {
        var id = World.MemberInOrg[World.A1.Id];
        await App.WithDbAsync(async db =>
        {
            db.Set<MemberTransfer>().Add(new MemberTransfer
            {
                OrgId = World.A1.Id, MemberId = id, Kind = TransferKind.转出, State = TransferState.已转出, FromOrgId = World.A1.Id,
                FromOrgName = World.A1.Name, ToOrgName = "外省某党支部", CreatedAt = DateTimeOffset.UtcNow,
                LetterNo = "测试-001", IssuingOrgId = World.A.Id, LetterDate = new DateOnly(2026, 1, 5), ValidDays = 30, DuesPaidTo = new DateOnly(2025, 12, 1),
            });
            return await db.SaveChangesAsync();
        });
        var list = await (await App.BearerAsync("orgadmin")).GetFromJsonAsync<JsonElement>($"/api/v1/members?org={World.A1.Id}");
        list.GetProperty("items").EnumerateArray().ShouldNotContain(x => x.GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public async Task A_full_view_needs_the_permission_and_is_audited()
    {
        var id = World.MemberInOrg[World.A1.Id];
        var secretary = await App.SignedInAsync("branchsec");
        var masked = await secretary.GetStringAsync($"/Members/Details/{id}");
        masked.ShouldContain("********");
        masked.ShouldNotContain("id=\"show-full\"");
        (await secretary.GetAsync($"/Members/Details/{id}?full=1")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var org = await App.SignedInAsync("orgadmin");
        var full = await org.GetStringAsync($"/Members/Details/{id}?full=1");
        full.ShouldNotContain("********");
        full.ShouldContain("记入审计日志");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'personal.view_full' AND entity_id = '{id}' AND actor_name = 'orgadmin'")).ShouldBe(1);
        var api = await App.BearerAsync("branchsec");
        (await api.GetAsync($"/api/v1/members/{id}?full=true")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_secretary_edits_without_seeing_the_full_id_number_and_a_masked_value_keeps_the_stored_one()
    {
        var id = World.MemberInOrg[World.A1.Id];
        var c = await App.SignedInAsync("branchsec");
        var form = await c.GetStringAsync($"/Members/Edit/{id}");
        form.ShouldContain("110105********");
        var stored = await App.WithDbAsync(async db => (await db.Members.FindAsync(id))!);
        var r = await AppFactory.PostFormAsync(c, $"/Members/Edit/{id}", new()
        {
            ["Form.Name"] = "改名党员", ["Form.IdNumber"] = Masking.IdNumber(stored.IdNumber), ["Form.Phone"] = Masking.Phone(stored.Phone),
            ["Form.Category"] = "正式党员", ["Form.JoinedAt"] = stored.JoinedAt.ToString("yyyy-MM-dd"), ["Form.ConfirmedAt"] = stored.ConfirmedAt!.Value.ToString("yyyy-MM-dd"),
            ["Form.PartyStatus"] = "正常", ["Form.Ethnicity"] = "汉族",
        });
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect, await r.Content.ReadAsStringAsync());
        var after = await App.WithDbAsync(async db => (await db.Members.FindAsync(id))!);
        (after.Name, after.IdNumber, after.Phone).ShouldBe(("改名党员", stored.IdNumber, stored.Phone));
    }

    [Fact]
    public async Task The_create_page_shows_errors_beside_the_fields()
    {
        var c = await App.SignedInAsync("branchsec");
        var r = await AppFactory.PostFormAsync(c, $"/Members/Create?org={World.A1.Id}", new()
        {
            ["Form.Name"] = "", ["Form.IdNumber"] = "123", ["Form.JoinedAt"] = "", ["Form.Category"] = "",
        });
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("请输入姓名");
        html.ShouldContain("公民身份号码应为18位");
        html.ShouldContain("请输入入党日期");
        html.ShouldContain("请选择人员类别");
        html.ShouldContain("is-invalid");
        var ok = await AppFactory.PostFormAsync(c, $"/Members/Create?org={World.A1.Id}", new()
        {
            ["Form.Name"] = "赵六", ["Form.IdNumber"] = ValidId(501), ["Form.JoinedAt"] = "2012-07-01", ["Form.ConfirmedAt"] = "2013-07-01",
            ["Form.Category"] = "正式党员", ["Form.PartyStatus"] = "正常",
        });
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        ok.Headers.Location!.ToString().ShouldStartWith("/Members/Details/");
    }

    [Fact]
    public async Task Probationary_members_past_their_year_appear_on_the_due_list()
    {
        var c = await App.BearerAsync("branchsec");
        var joined = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-1).AddDays(-3).ToString("yyyy-MM-dd");
        var recent = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-3).ToString("yyyy-MM-dd");
        (await PostAsync(c, World.A1.Id, Body(idNumber: ValidId(601), name: "钱预备", joined: joined, confirmed: null, category: "预备党员"))).Response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await PostAsync(c, World.A1.Id, Body(idNumber: ValidId(603), name: "孙新人", joined: recent, confirmed: null, category: "预备党员"))).Response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var page = await (await App.SignedInAsync("branchsec")).GetStringAsync("/Members?view=due");
        page.ShouldContain("钱预备");
        page.ShouldNotContain("孙新人");
    }

    [Fact]
    public async Task The_export_is_a_real_xlsx_masked_by_default_and_audited()
    {
        var c = await App.SignedInAsync("orgadmin");
        var r = await c.GetAsync($"/Members?handler=Export&org={World.A.Id}");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        r.Content.Headers.ContentType!.MediaType.ShouldBe(Bastion.Web.Xlsx.ContentType);
        var cells = ReadCells(await r.Content.ReadAsByteArrayAsync());
        cells[0].ShouldContain("公民身份号码");
        cells.Count.ShouldBe(3); // header + the test world's members of 甲 and 甲一
        cells.Skip(1).ShouldAllBe(row => row.Any(v => v.Contains("********")));
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'members.export' AND after->>'unmasked' = 'false'")).ShouldBe(1);

        var full = ReadCells(await (await c.GetAsync($"/Members?handler=Export&unmasked=true&org={World.A.Id}")).Content.ReadAsByteArrayAsync());
        full.Skip(1).ShouldAllBe(row => !row.Any(v => v.Contains("********")));
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'members.export' AND after->>'unmasked' = 'true'")).ShouldBe(1);
        (await (await App.SignedInAsync("branchsec")).GetAsync($"/Members?handler=Export&unmasked=true")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static List<List<string>> ReadCells(byte[] xlsx)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var sheet = doc.WorkbookPart!.WorksheetParts.First().Worksheet;
        return sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
    }

    [Fact]
    public async Task Member_counts_follow_inserts_moves_and_deletes()
    {
        async Task<long> Direct(long org) => await App.ScalarAsync($"SELECT coalesce((SELECT direct FROM org_member_counts WHERE org_id = {org}), 0)");
        (await Direct(World.A1.Id)).ShouldBe(1);
        var c = await App.BearerAsync("orgadmin");
        (await PostAsync(c, World.A1.Id, Body(idNumber: ValidId(701), name: "计数一"))).Response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Direct(World.A1.Id)).ShouldBe(2);
        await App.ExecAsync($"UPDATE members SET org_id = {World.B1.Id} WHERE name = '计数一'");
        (await Direct(World.A1.Id)).ShouldBe(1);
        (await Direct(World.B1.Id)).ShouldBe(2);
        await App.ExecAsync("DELETE FROM members WHERE name = '计数一'");
        (await Direct(World.B1.Id)).ShouldBe(1);
        // the counts always equal a fresh count of the members table
        (await App.ScalarAsync("SELECT count(*) FROM (SELECT org_id, count(*) n FROM members GROUP BY org_id) m FULL JOIN org_member_counts c USING (org_id) WHERE coalesce(m.n, 0) <> coalesce(c.direct, 0)")).ShouldBe(0);
        var admin = await App.BearerAsync("sys");
        var lazy = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/orgs/{World.R.Id}/tree?depth=1");
        lazy.GetProperty("memberCount").GetInt32().ShouldBe(5); // R, A, A1, B, B1 each hold one
        lazy.GetProperty("children").EnumerateArray().Select(x => x.GetProperty("memberCount").GetInt32()).ShouldBe([2, 2]); // A with A1, B with B1
        var full = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/orgs/{World.R.Id}/tree");
        full.GetProperty("memberCount").GetInt32().ShouldBe(5);
    }

    [Fact]
    public async Task The_orgs_api_gives_the_scope_roots_and_a_tree_with_member_counts()
    {
        var c = await App.BearerAsync("branchsec");
        var roots = await c.GetFromJsonAsync<JsonElement>("/api/v1/orgs");
        roots.GetArrayLength().ShouldBe(1);
        roots[0].GetProperty("name").GetString().ShouldBe(World.A.Name);
        roots[0].GetProperty("type").GetString().ShouldBe("党委");
        var tree = await c.GetFromJsonAsync<JsonElement>($"/api/v1/orgs/{World.A.Id}/tree");
        tree.GetProperty("memberCount").GetInt32().ShouldBe(2);
        tree.GetProperty("children")[0].GetProperty("type").GetString().ShouldBe("党支部");
        tree.GetProperty("children")[0].GetProperty("children")[0].GetProperty("name").GetString().ShouldBe(World.A1Group.Name);
        var lazy = await c.GetFromJsonAsync<JsonElement>($"/api/v1/orgs/{World.A.Id}/tree?depth=1");
        lazy.GetProperty("children")[0].GetProperty("children").GetArrayLength().ShouldBe(0);
        lazy.GetProperty("children")[0].GetProperty("hasChildren").GetBoolean().ShouldBeTrue();
        var admin = await App.BearerAsync("sys");
        (await admin.GetFromJsonAsync<JsonElement>("/api/v1/orgs")).GetArrayLength().ShouldBe(2); // 测试集团党委 and 无关单位党委
    }
}
