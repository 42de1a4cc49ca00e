using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Bastion.IntegrationTests.Features;

public sealed class UnitedFrontTests(AppFactory app) : AppTest(app)
{
    private static Dictionary<string, string> Form(string name = "陈立新", string category = "党外知识分子", string? party = null,
        string phone = "13812345678", string employer = "市第一人民医院", string birth = "1968-05-20", long? orgId = null)
    {
        var f = new Dictionary<string, string>
        {
            ["Name"] = name, ["Gender"] = "男", ["Category"] = category, ["Party"] = party ?? "", ["Ethnicity"] = "汉族", ["BirthDate"] = birth,
            ["Employer"] = employer, ["Position"] = "主任医师", ["Expertise"] = "心血管内科", ["Phone"] = phone, ["Notes"] = "",
        };
        if (orgId is not null) f["OrgId"] = orgId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return f;
    }

    private Task<long> AddAsync(Organization org, string name, UnitedFrontCategory category = UnitedFrontCategory.党外知识分子,
        string? employer = "市第一人民医院", string? phone = "13812345678", string? party = null) =>
        App.WithDbAsync(async db =>
        {
            var p = new UnitedFrontPerson
            {
                OrgId = org.Id, Name = name, Gender = Gender.女, Category = category, Party = party, Employer = employer, Phone = phone,
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Set<UnitedFrontPerson>().Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });

    private Task<long> CountAsync(string table) => App.ScalarAsync($"SELECT count(*) FROM {table}");

    private static long IdFrom(HttpResponseMessage r)
    {
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = r.Headers.Location!.ToString();
        location.ShouldStartWith("/UnitedFront/Details/");
        return long.Parse(location["/UnitedFront/Details/".Length..].Split('?')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, ChineseDates.China).DateTime)
        .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    // ---- create ----

    [Fact]
    public async Task The_create_form_files_the_record_under_the_chosen_organization_and_opens_its_details()
    {
        var c = await App.SignedInAsync("orgadmin");
        var form = await c.GetStringAsync($"/UnitedFront/Create?org={World.A.Id}");
        form.ShouldContain(World.A1.Name);
        form.ShouldNotContain(World.A1Group.Name, customMessage: "党小组 keep no 统战 list");

        var r = await AppFactory.PostFormAsync(c, $"/UnitedFront/Create?org={World.A.Id}",
            Form(category: "民主党派成员", party: "民盟", orgId: World.A1.Id), $"/UnitedFront/Create?org={World.A.Id}");
        var id = IdFrom(r);
        var details = await c.GetStringAsync(r.Headers.Location!.ToString());
        details.ShouldContain("已新增党外人士信息");
        details.ShouldContain("陈立新");
        details.ShouldContain("民盟");
        details.ShouldContain(World.A1.Name);
        details.ShouldContain("新增了记录");

        (await App.ScalarAsync($"SELECT org_id FROM united_front_people WHERE id = {id}")).ShouldBe(World.A1.Id);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'united_front_people' AND entity_id = '{id}' AND action = 'create' AND actor_name = 'orgadmin' AND org_id = {World.A1.Id} AND after->>'phone' = '138****5678'"))
            .ShouldBe(1, "the change is audited with its organization, the phone masked");
    }

    [Fact]
    public async Task Bad_form_input_shows_chinese_messages_beside_the_fields_and_writes_nothing()
    {
        var c = await App.SignedInAsync("orgadmin");
        var auditBefore = await CountAsync("audit_log");
        var f = Form(name: "", category: "民主党派成员", phone: "12345", birth: "2999-01-01");
        var r = await AppFactory.PostFormAsync(c, "/UnitedFront/Create", f);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await r.Content.ReadAsStringAsync();
        html.ShouldContain("请输入姓名");
        html.ShouldContain("民主党派成员须填写所属民主党派");
        html.ShouldContain("联系电话应为11位手机号或带区号的固定电话");
        html.ShouldContain("出生日期不能晚于今天");
        html.ShouldContain("id=\"Phone\" name=\"Phone\" value=\"12345\"", customMessage: "typed values are kept");
        html.ShouldContain("is-invalid");
        (await CountAsync("united_front_people")).ShouldBe(0);
        (await CountAsync("audit_log")).ShouldBe(auditBefore);
    }

    [Fact]
    public async Task A_record_cannot_be_filed_under_an_organization_outside_the_scope()
    {
        var c = await App.SignedInAsync("orgadmin");
        var r = await AppFactory.PostFormAsync(c, $"/UnitedFront/Create?org={World.A1.Id}", Form(orgId: World.A.Id), $"/UnitedFront/Create?org={World.A1.Id}");
        (await r.Content.ReadAsStringAsync()).ShouldContain("所属组织不在当前管理范围内");
        (await CountAsync("united_front_people")).ShouldBe(0);
    }

    [Fact]
    public async Task Records_are_dated_by_the_injected_clock()
    {
        App.Clock.Offset = TimeSpan.FromDays(40);
        var c = await App.BearerAsync("orgadmin");
        var ok = await c.PostAsJsonAsync($"/api/v1/united-front?org={World.A.Id}", new { name = "时钟测试", gender = "男", category = "无党派人士", ethnicity = "汉族" });
        ok.StatusCode.ShouldBe(HttpStatusCode.Created, await ok.Content.ReadAsStringAsync());
        (await App.ScalarAsync($"SELECT count(*) FROM united_front_people WHERE name = '时钟测试' AND created_at > now() + interval '39 days'")).ShouldBe(1);
    }

    [Fact]
    public async Task The_api_creates_records_and_refuses_bad_input_with_a_problem_and_an_errors_map()
    {
        var c = await App.BearerAsync("orgadmin");
        var ok = await c.PostAsJsonAsync($"/api/v1/united-front?org={World.A.Id}", new
        {
            name = "巴特尔", gender = "男", category = "少数民族", ethnicity = "蒙古族", birthDate = "1976-11-30",
            employer = "矿业公司一采区", position = "采矿工程师", phone = "18907317719",
        });
        ok.StatusCode.ShouldBe(HttpStatusCode.Created, await ok.Content.ReadAsStringAsync());
        var created = await ok.Content.ReadFromJsonAsync<JsonElement>();
        created.GetProperty("orgId").GetInt64().ShouldBe(World.A.Id);
        created.GetProperty("category").GetString().ShouldBe("少数民族");

        var bad = await c.PostAsJsonAsync($"/api/v1/united-front?org={World.A.Id}", new
        {
            name = "某人", gender = "男", category = "无党派人士", party = "民盟", ethnicity = "汉族", orgId = World.B.Id,
        });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("提交的数据有误");
        var errors = problem.GetProperty("errors");
        errors.GetProperty("party")[0].GetString()!.ShouldStartWith("只有民主党派成员填写所属民主党派");
        errors.GetProperty("orgId")[0].GetString().ShouldBe("所属组织不在当前管理范围内");

        var minority = await c.PostAsJsonAsync($"/api/v1/united-front?org={World.A.Id}", new { name = "某人", gender = "女", category = "少数民族", ethnicity = "汉族" });
        (await minority.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("ethnicity")[0].GetString().ShouldBe("类别为少数民族时，民族不能是汉族");
        (await CountAsync("united_front_people")).ShouldBe(1);

        var inspector = await App.BearerAsync("insp");
        (await inspector.PostAsJsonAsync($"/api/v1/united-front?org={World.A.Id}", new { name = "越权" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    // ---- lists, masking and scope ----

    [Fact]
    public async Task The_api_list_filters_pages_and_masks_phones_even_for_full_access_roles()
    {
        await AddAsync(World.A, "甲方一", UnitedFrontCategory.民主党派成员, "市第一人民医院", party: "民进");
        await AddAsync(World.A1, "甲方二", UnitedFrontCategory.侨眷, "甲公司财务部");
        await AddAsync(World.A1, "甲方三", UnitedFrontCategory.侨眷, "市第一人民医院");
        var c = await App.BearerAsync("orgadmin");

        var all = await c.GetFromJsonAsync<JsonElement>($"/api/v1/united-front?org={World.A.Id}");
        all.GetProperty("total").GetInt32().ShouldBe(3);
        all.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("phone").GetString() == "138****5678");

        var category = await c.GetFromJsonAsync<JsonElement>($"/api/v1/united-front?org={World.A.Id}&category=侨眷");
        category.GetProperty("total").GetInt32().ShouldBe(2);
        var unit = await c.GetFromJsonAsync<JsonElement>($"/api/v1/united-front?org={World.A.Id}&category=侨眷&unit=医院");
        unit.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ShouldBe(["甲方三"]);
        var name = await c.GetFromJsonAsync<JsonElement>($"/api/v1/united-front?org={World.A.Id}&q=方一");
        name.GetProperty("items")[0].GetProperty("party").GetString().ShouldBe("民进");

        var page2 = await c.GetFromJsonAsync<JsonElement>($"/api/v1/united-front?org={World.A.Id}&page=2&pageSize=2");
        page2.GetProperty("total").GetInt32().ShouldBe(3);
        page2.GetProperty("items").GetArrayLength().ShouldBe(1);
        var child = await c.GetFromJsonAsync<JsonElement>($"/api/v1/united-front?org={World.A1.Id}");
        child.GetProperty("total").GetInt32().ShouldBe(2);

        var badCategory = await c.GetAsync($"/api/v1/united-front?org={World.A.Id}&category=9");
        badCategory.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_list_page_filters_and_pages_with_masked_phones_and_an_empty_state()
    {
        var c = await App.SignedInAsync("orgadmin");
        (await c.GetStringAsync($"/UnitedFront?org={World.A.Id}")).ShouldContain("本组织及下级组织暂无党外人士信息");
        for (var i = 0; i < 22; i++) await AddAsync(World.A1, $"人员{i:00}", i % 2 == 0 ? UnitedFrontCategory.侨眷 : UnitedFrontCategory.无党派人士, i < 3 ? "甲公司研究院" : "市第一人民医院");

        var first = await c.GetStringAsync($"/UnitedFront?org={World.A.Id}");
        first.ShouldContain("共 22 条");
        first.ShouldContain("138****5678");
        first.ShouldNotContain("13812345678");
        first.ShouldContain("人员00");
        first.ShouldNotContain("人员21");
        (await c.GetStringAsync($"/UnitedFront?org={World.A.Id}&p=2")).ShouldContain("人员21");
        var filtered = await c.GetStringAsync($"/UnitedFront?org={World.A.Id}&category=侨眷&unit=研究院");
        filtered.ShouldContain("人员00");
        filtered.ShouldContain("人员02");
        filtered.ShouldNotContain("人员01");
        filtered.ShouldContain("共 2 条");
        (await c.GetStringAsync($"/UnitedFront?org={World.A.Id}&q=不存在")).ShouldContain("没有符合条件的党外人士");
    }

    [Fact]
    public async Task Full_views_show_the_phone_to_roles_with_full_access_and_each_view_is_audited()
    {
        var id = await AddAsync(World.A1, "沈慧琳");
        foreach (var user in new[] { "orgadmin", "insp" })
        {
            var c = await App.SignedInAsync(user);
            var html = await c.GetStringAsync($"/UnitedFront/Details/{id}");
            html.ShouldContain("<span id=\"person-phone\">13812345678</span>");
            await c.GetStringAsync($"/UnitedFront/Details/{id}");
            (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'personal.view' AND entity = 'united_front_people' AND entity_id = '{id}' AND actor_name = '{user}' AND org_id = {World.A1.Id}"))
                .ShouldBe(2, $"every full view by {user} is audited");
        }
        var admin = await App.SignedInAsync("orgadmin");
        var edit = await admin.GetStringAsync($"/UnitedFront/Edit/{id}");
        edit.ShouldContain("value=\"13812345678\"");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'personal.view' AND entity_id = '{id}' AND actor_name = 'orgadmin'")).ShouldBe(3);

        var noPhone = await AddAsync(World.A1, "无电话", phone: null);
        await admin.GetStringAsync($"/UnitedFront/Details/{noPhone}");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'personal.view' AND entity_id = '{noPhone}'")).ShouldBe(0, "nothing personal was shown");
    }

    [Fact]
    public async Task Roles_without_the_united_front_permission_see_nothing()
    {
        var id = await AddAsync(World.A1, "沈慧琳");
        foreach (var user in new[] { "branchsec", "mem", "sys", "sec", "aud" })
        {
            var c = await App.SignedInAsync(user);
            // the record is answered as a missing one (no existence oracle); the lists are plainly forbidden
            (await c.GetAsync($"/UnitedFront/Details/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, user);
            (await c.GetAsync("/UnitedFront")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, user);
            var api = await App.BearerAsync(user);
            (await api.GetAsync("/api/v1/united-front")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, user);
        }
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'personal.view'")).ShouldBe(0);
    }

    [Fact]
    public async Task An_inspector_granted_on_A_cannot_see_records_of_B()
    {
        var inA = await AddAsync(World.A1, "甲方人员");
        var inB = await AddAsync(World.B1, "乙方人员");
        var c = await App.SignedInAsync("insp");
        var list = await c.GetStringAsync("/UnitedFront");
        list.ShouldContain("甲方人员");
        list.ShouldNotContain("乙方人员");
        (await c.GetAsync($"/UnitedFront?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await c.GetAsync($"/UnitedFront?org={World.R.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var denied = await c.GetAsync($"/UnitedFront/Details/{inB}");
        denied.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await denied.Content.ReadAsStringAsync()).ShouldNotContain("乙方人员");
        (await c.GetAsync($"/UnitedFront/Details/{inA}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await c.GetAsync("/UnitedFront/Details/987654")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var api = await App.BearerAsync("insp");
        var items = await api.GetFromJsonAsync<JsonElement>("/api/v1/united-front");
        items.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ShouldBe(["甲方人员"]);
        (await api.GetAsync($"/api/v1/united-front?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'personal.view' AND entity_id = '{inB}'")).ShouldBe(0);
    }

    [Fact]
    public async Task Record_pages_are_authorized_against_the_records_organization()
    {
        var orgs = new Dictionary<string, Organization> { ["own"] = World.A, ["child"] = World.A1, ["parent"] = World.R, ["sibling"] = World.B, ["unrelated"] = World.U };
        var ids = new Dictionary<string, long>();
        foreach (var (rel, org) in orgs) ids[rel] = await AddAsync(org, "人员" + rel);
        var admin = await App.SignedInAsync("orgadmin");
        var insp = await App.SignedInAsync("insp");
        foreach (var (rel, id) in ids)
        {
            var inScope = rel is "own" or "child";
            // out of scope: answered as a missing record (no existence oracle)
            var expected = inScope ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            (await admin.GetAsync($"/UnitedFront/Details/{id}")).StatusCode.ShouldBe(expected, $"orgadmin details {rel}");
            (await admin.GetAsync($"/UnitedFront/Edit/{id}")).StatusCode.ShouldBe(expected, $"orgadmin edit {rel}");
            (await insp.GetAsync($"/UnitedFront/Details/{id}")).StatusCode.ShouldBe(expected, $"inspector details {rel}");
            // the inspector reads 统战 records of its scope but does not edit them: 403 there, 404 where it sees nothing
            (await insp.GetAsync($"/UnitedFront/Edit/{id}")).StatusCode.ShouldBe(inScope ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound, $"inspector edit {rel}");
        }
        // a form posted to a record outside the scope changes nothing
        var sibling = ids["sibling"];
        var editOwn = await admin.GetStringAsync($"/UnitedFront/Edit/{ids["own"]}");
        var token = System.Text.RegularExpressions.Regex.Match(editOwn, "name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"").Groups[1].Value;
        var f = Form(name: "篡改");
        f["__RequestVerificationToken"] = WebUtility.HtmlDecode(token);
        (await admin.PostAsync($"/UnitedFront/Edit/{sibling}", new FormUrlEncodedContent(f))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var contact = new Dictionary<string, string> { ["ContactDate"] = Today, ["OurPerson"] = "某某", ["Topics"] = "越权", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) };
        (await admin.PostAsync($"/UnitedFront/Details/{sibling}?handler=Contact", new FormUrlEncodedContent(contact))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await CountAsync("united_front_contacts")).ShouldBe(0);
        (await App.ScalarAsync("SELECT count(*) FROM united_front_people WHERE name = '篡改'")).ShouldBe(0);
    }

    // ---- edit and history ----

    [Fact]
    public async Task Editing_saves_changes_shows_them_in_the_history_and_refuses_bad_input()
    {
        var c = await App.SignedInAsync("orgadmin");
        var id = IdFrom(await AppFactory.PostFormAsync(c, $"/UnitedFront/Create?org={World.A.Id}", Form(), $"/UnitedFront/Create?org={World.A.Id}"));

        var bad = await AppFactory.PostFormAsync(c, $"/UnitedFront/Edit/{id}", Form(category: "少数民族"));
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("类别为少数民族时，民族不能是汉族");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'united_front_people' AND action = 'update'")).ShouldBe(0);

        var ok = await AppFactory.PostFormAsync(c, $"/UnitedFront/Edit/{id}", Form(employer: "省人民医院"));
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ok.Headers.Location!.ToString().ShouldBe($"/UnitedFront/Details/{id}?updated=1");
        var details = await c.GetStringAsync(ok.Headers.Location!.ToString());
        details.ShouldContain("已保存修改");
        details.ShouldContain("省人民医院");
        details.ShouldContain("修改了 工作单位");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'united_front_people' AND entity_id = '{id}' AND action = 'update' AND org_id = {World.A.Id}")).ShouldBe(1);

        var unchanged = await AppFactory.PostFormAsync(c, $"/UnitedFront/Edit/{id}", Form(employer: "省人民医院"));
        unchanged.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'united_front_people' AND action = 'update'")).ShouldBe(1, "saving without changes writes nothing");
    }

    // ---- contact log ----

    [Fact]
    public async Task Contacts_are_logged_refused_when_in_the_future_and_deleted_after_a_confirm()
    {
        var id = await AddAsync(World.A1, "周明远");
        var c = await App.SignedInAsync("orgadmin");
        var url = $"/UnitedFront/Details/{id}";
        var page = await c.GetStringAsync(url);
        page.ShouldContain("暂无联谊交友记录");

        var future = DateOnly.ParseExact(Today, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var bad = await AppFactory.PostFormAsync(c, url + "?handler=Contact", new() { ["ContactDate"] = future, ["OurPerson"] = "", ["Topics"] = "征求意见" }, url);
        var badHtml = await bad.Content.ReadAsStringAsync();
        badHtml.ShouldContain("联谊日期不能晚于今天");
        badHtml.ShouldContain("请填写我方联谊人");
        badHtml.ShouldContain("征求意见", customMessage: "typed text is kept");
        (await CountAsync("united_front_contacts")).ShouldBe(0);

        var ok = await AppFactory.PostFormAsync(c, url + "?handler=Contact",
            new() { ["ContactDate"] = Today, ["OurPerson"] = "党委书记 王建国", ["Topics"] = "征求对科技创新规划的意见", ["FollowUp"] = "列入攻关清单" }, url);
        var html = await ok.Content.ReadAsStringAsync();
        html.ShouldContain("已记录联谊交友情况");
        html.ShouldContain("征求对科技创新规划的意见");
        html.ShouldContain("跟进落实：列入攻关清单");
        html.ShouldContain("记录人 orgadmin");
        html.ShouldContain("return confirm(");
        var contactId = await App.ScalarAsync("SELECT id FROM united_front_contacts");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'united_front_contacts' AND action = 'create' AND org_id = {World.A1.Id}")).ShouldBe(1);

        var inspector = await App.SignedInAsync("insp");
        var readOnly = await inspector.GetStringAsync(url);
        readOnly.ShouldContain("征求对科技创新规划的意见");
        readOnly.ShouldNotContain("新增联谊记录");
        readOnly.ShouldNotContain("删除");
        (await AppFactory.PostFormAsync(inspector, $"{url}?handler=DeleteContact&contactId={contactId}", new(), url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CountAsync("united_front_contacts")).ShouldBe(1);

        var other = await AddAsync(World.A1, "别人");
        (await AppFactory.PostFormAsync(c, $"/UnitedFront/Details/{other}?handler=DeleteContact&contactId={contactId}", new(), url)).StatusCode
            .ShouldBe(HttpStatusCode.NotFound, "an entry is deleted only through its own person");

        var deleted = await AppFactory.PostFormAsync(c, $"{url}?handler=DeleteContact&contactId={contactId}", new(), url);
        (await deleted.Content.ReadAsStringAsync()).ShouldContain("已删除该条联谊记录");
        (await CountAsync("united_front_contacts")).ShouldBe(0);
        // the deletion is audited; what was talked about is not (a contact's topics are recorded as "changed" only)
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'united_front_contacts' AND action = 'delete' AND entity_id = '{contactId}' AND before->>'topics' IS NULL")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE concat(before::text, after::text) LIKE '%征求对科技创新规划的意见%'")).ShouldBe(0);
    }

    [Fact]
    public async Task Contacts_go_with_their_person()
    {
        var id = await AddAsync(World.A1, "周明远");
        var c = await App.SignedInAsync("orgadmin");
        await AppFactory.PostFormAsync(c, $"/UnitedFront/Details/{id}?handler=Contact",
            new() { ["ContactDate"] = Today, ["OurPerson"] = "王建国", ["Topics"] = "座谈" }, $"/UnitedFront/Details/{id}");
        (await CountAsync("united_front_contacts")).ShouldBe(1);
        await App.ExecAsync($"DELETE FROM united_front_people WHERE id = {id}");
        (await CountAsync("united_front_contacts")).ShouldBe(0);
    }

    // ---- menu and demo data ----

    [Fact]
    public async Task The_menu_shows_united_front_work_only_to_roles_holding_the_permission()
    {
        (await (await App.SignedInAsync("insp")).GetStringAsync("/")).ShouldContain("href=\"/UnitedFront\"");
        (await (await App.SignedInAsync("branchsec")).GetStringAsync("/")).ShouldNotContain("href=\"/UnitedFront\"");
    }

    [Fact]
    public async Task The_demo_records_pass_the_rules_and_cover_every_category()
    {
        var count = await App.WithDbAsync(db => Bastion.Features.UnitedFront.DemoUnitedFront.SeedAsync(db, World.A, World.A1, World.B));
        count.ShouldBe(12);
        var people = await App.WithDbAsync(db => db.Set<UnitedFrontPerson>().AsNoTracking().ToListAsync());
        people.Select(p => p.Category).Distinct().Count().ShouldBe(5);
        people.Select(p => p.OrgId).Distinct().Order().ShouldBe(new[] { World.A.Id, World.A1.Id, World.B.Id }.Order());
        people.Where(p => p.Category == UnitedFrontCategory.民主党派成员).ShouldAllBe(p => p.Party != null);
        (await CountAsync("united_front_contacts")).ShouldBeGreaterThanOrEqualTo(12);
        var c = await App.BearerAsync("orgadmin");
        (await c.GetFromJsonAsync<JsonElement>($"/api/v1/united-front?org={World.A.Id}")).GetProperty("total").GetInt32().ShouldBe(people.Count(p => p.OrgId != World.B.Id));
    }
}
