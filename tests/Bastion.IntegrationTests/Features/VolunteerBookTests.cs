using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Development.VolunteerBooks;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Bastion.Web;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Bastion.IntegrationTests.Features;

/// <summary>入党志愿书 numbers: 发放登记 through the API and the page, assignment (one person one number, parallel), 作废/遗失, exports, scope.</summary>
public sealed class VolunteerBookTests(AppFactory app) : AppTest(app)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private DateOnly Today => App.Clock.Today();

    private static async Task<(HttpResponseMessage Response, JsonElement Json)> SendAsync(Task<HttpResponseMessage> call)
    {
        var r = await call;
        var text = await r.Content.ReadAsStringAsync();
        return (r, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private Task<(HttpResponseMessage Response, JsonElement Json)> AddRangeAsync(HttpClient c, long orgId, string prefix, int start, int end, DateOnly? issuedOn = null) =>
        SendAsync(c.PostAsJsonAsync($"/api/v1/development/volunteer-books/ranges?org={orgId}",
            new { prefix, startNumber = start, endNumber = end, issuedOn = Iso(issuedOn ?? Today), issuedBy = "省委组织部", documentNo = "粤组发〔2026〕1号" }));

    /// <summary>Calls AssignAsync as the 预审 step will, in its own scope (its own connection), as the named user.</summary>
    private async Task<Result<string>> AssignAsync(long committeeId, long caseId, string name)
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditActor>().Set(World.UserIds["orgadmin"], "orgadmin");
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // the number goes to a development case (a foreign key): a case under the committee with this id; calls made at
        // once for the same id race on its id and its id number, so any conflict means another call made the case
        await App.ScalarAsync($"""
            WITH i AS (INSERT INTO development_cases (id, org_id, name, id_number, birth_date, gender, applied_on, state, pack_version, created_at, updated_at)
                VALUES ({caseId}, {World.A1.Id}, '发展对象{caseId}', 'T{caseId:D17}', '2000-01-01', '男', '2025-01-01', '发展对象', '细则-2014', now(), now())
                ON CONFLICT DO NOTHING RETURNING 1)
            SELECT count(*) FROM i
            """);
        return await VolunteerBookNumbers.AssignAsync(db, committeeId, caseId, name, Today, CancellationToken.None);
    }

    private Task<(HttpResponseMessage Response, JsonElement Json)> SpoilAsync(HttpClient c, string number, string kind = "作废", bool returned = true, bool reissue = true) =>
        SendAsync(c.PostAsJsonAsync($"/api/v1/development/volunteer-books/spoiled?org={World.A.Id}", new
        {
            number, kind, reason = "填写时涂改", on = Iso(Today), formReturned = returned, returnedOn = returned ? Iso(Today) : null, reissue,
        }));

    private static List<List<string>> Read(byte[] xlsx)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        return doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<S.Row>().Select(r => r.Elements<S.Cell>().Select(c => c.InnerText).ToList()).ToList();
    }

    [Fact]
    public async Task A_range_is_issued_to_a_committee_only_and_never_overlaps_a_range_of_the_same_prefix_anywhere()
    {
        var api = await App.BearerAsync("orgadmin");
        var (branch, branchJson) = await AddRangeAsync(api, World.A1.Id, "粤2026-", 1, 100);
        branch.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        branchJson.GetProperty("errors").GetProperty("prefix")[0].GetString().ShouldBe("入党志愿书编号段发放给有审批权的基层党委，甲一党支部是党支部");

        var (created, json) = await AddRangeAsync(api, World.A.Id, "粤2026-", 1, 100);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, json.ToString());
        (json.GetProperty("first").GetString(), json.GetProperty("last").GetString(), json.GetProperty("left").GetInt32(), json.GetProperty("next").GetString())
            .ShouldBe(("粤2026-001", "粤2026-100", 100, "粤2026-001"));
        json.GetProperty("issuedBy").GetString().ShouldBe("省委组织部");

        // another committee (B, outside orgadmin's scope, here set up directly) may not get numbers of the same prefix either
        await App.ExecAsync($"INSERT INTO volunteer_book_ranges (org_id, prefix, start_number, end_number, next_number, issued_on, issued_by, created_at) VALUES ({World.B.Id}, '粤2026-', 201, 300, 201, '{Iso(Today)}', '省委组织部', now())");
        var (overlap, overlapJson) = await AddRangeAsync(api, World.A.Id, "粤2026-", 250, 400);
        overlap.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        overlapJson.GetProperty("errors").GetProperty("startNumber")[0].GetString()
            .ShouldBe("与已发放的编号段 粤2026-201—粤2026-300 重叠（全省统一编号，同一前缀的编号不能重复发放）");
        (await AddRangeAsync(api, World.A.Id, "湘2026-", 250, 400)).Response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var (future, futureJson) = await AddRangeAsync(api, World.A.Id, "粤2027-", 1, 10, Today.AddDays(1));
        future.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        futureJson.GetProperty("errors").GetProperty("issuedOn")[0].GetString()!.ShouldStartWith("发放日期不能晚于今天");
        (await App.ScalarAsync($"SELECT count(*) FROM volunteer_book_ranges WHERE org_id = {World.A.Id}")).ShouldBe(2);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'volunteer_book_ranges' AND action = 'create'")).ShouldBe(2);

        // the list: the committee's subtree; B's range is not in A's scope
        var listed = await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/development/volunteer-books/ranges?org={World.A.Id}");
        listed!.Select(r => r.GetProperty("first").GetString()).ShouldBe(["粤2026-001", "湘2026-250"]);
        (await api.GetAsync($"/api/v1/development/volunteer-books/ranges?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var insp = await App.BearerAsync("insp"); // reads the registers, changes nothing
        (await insp.GetAsync($"/api/v1/development/volunteer-books/ranges?org={World.A.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await insp.PostAsJsonAsync($"/api/v1/development/volunteer-books/ranges?org={World.A.Id}", new { prefix = "粤2028-", startNumber = 1, endNumber = 2 }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_page_issues_a_range_with_chinese_messages_beside_the_fields()
    {
        var c = await App.SignedInAsync("orgadmin");
        var url = $"/Development/VolunteerBooks?handler=Range&org={World.A.Id}";
        var form = $"/Development/VolunteerBooks?org={World.A.Id}";
        var bad = await AppFactory.PostFormAsync(c, url, new()
        {
            ["range.Prefix"] = "粤2026-", ["range.StartNumber"] = "50", ["range.EndNumber"] = "10", ["range.IssuedOn"] = Iso(Today), ["range.IssuedBy"] = "",
        }, form);
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("截止号不能小于起始号");
        html.ShouldContain("请填写发放单位，如“省委组织部”");
        (await App.ScalarAsync("SELECT count(*) FROM volunteer_book_ranges")).ShouldBe(0);

        var ok = await AppFactory.PostFormAsync(c, url, new()
        {
            ["range.Prefix"] = "粤2026-", ["range.StartNumber"] = "1", ["range.EndNumber"] = "500", ["range.IssuedOn"] = Iso(Today), ["range.IssuedBy"] = "省委组织部",
        }, form);
        (await ok.Content.ReadAsStringAsync()).ShouldContain("已登记编号段 粤2026-001—粤2026-500（共500份）");

        // a branch sees no form; a plain member may not read the registers; B is outside the administrator's scope
        (await c.GetStringAsync($"/Development/VolunteerBooks?org={World.A1.Id}")).ShouldNotContain("id=\"add-range\"");
        (await (await App.SignedInAsync("mem")).GetAsync($"/Development/VolunteerBooks?org={World.A.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await c.GetAsync($"/Development/VolunteerBooks?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await App.SignedInAsync("insp")).GetAsync($"/Development/VolunteerBooks?org={World.A.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Parallel_assignments_get_distinct_numbers_lowest_first_and_one_person_gets_one_number()
    {
        var api = await App.BearerAsync("orgadmin");
        var refusedNone = await AssignAsync(World.A.Id, 1, "张三");
        refusedNone.Kind.ShouldBe(ResultKind.Refused);
        refusedNone.Status.FirstMessage.ShouldBe("甲公司党委没有可用的入党志愿书编号，请先登记省委组织部发放的编号段（发放登记）");

        (await AddRangeAsync(api, World.A.Id, "粤2026-", 1, 100)).Response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var results = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => AssignAsync(World.A.Id, 100 + i, "发展对象" + i)));
        results.ShouldAllBe(r => r.IsOk);
        results.Select(r => r.Value).Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(1, 20).Select(n => $"粤2026-{n:000}"));
        (await App.ScalarAsync("SELECT next_number FROM volunteer_book_ranges")).ShouldBe(21);

        // the same person asked five times at once: one number, four refusals naming the rule
        var same = await Task.WhenAll(Enumerable.Range(1, 5).Select(_ => AssignAsync(World.A.Id, 999, "李四")));
        same.Count(r => r.IsOk).ShouldBe(1);
        var held = same.Single(r => r.IsOk).Value;
        held.ShouldBe("粤2026-021");
        foreach (var r in same.Where(r => !r.IsOk))
        {
            r.Kind.ShouldBe(ResultKind.Refused);
            r.Status.Rule.ShouldBe("入党志愿书一人一号");
            r.Status.FirstMessage!.ShouldStartWith($"李四已领取入党志愿书编号 {held}");
        }
        (await App.ScalarAsync("SELECT count(*) FROM volunteer_book_uses WHERE development_case_id = 999")).ShouldBe(1);
        (await App.ScalarAsync("SELECT next_number FROM volunteer_book_ranges")).ShouldBe(22);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'volunteer_book_uses' AND action = 'create'")).ShouldBe(21);
        (await App.ScalarAsync("SELECT count(*) FROM volunteer_book_uses WHERE created_by = 'orgadmin'")).ShouldBe(21);

        // a branch cannot hold numbers
        (await AssignAsync(World.A1.Id, 5, "王五")).Status.FirstMessage.ShouldBe("入党志愿书编号段发放给有审批权的基层党委，甲一党支部是党支部");
    }

    [Fact]
    public async Task A_spoiled_number_is_never_given_again_and_the_person_gets_a_new_one()
    {
        var api = await App.BearerAsync("orgadmin");
        (await AddRangeAsync(api, World.A.Id, "粤2026-", 1, 5)).Response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await AssignAsync(World.A.Id, 1, "张三")).Value.ShouldBe("粤2026-1");
        (await AssignAsync(World.A.Id, 2, "李四")).Value.ShouldBe("粤2026-2");

        // an unused blank form lost ahead of use: skipped by the next assignment
        var (lost, lostJson) = await SpoilAsync(api, "粤2026-3", kind: "遗失", returned: false);
        lost.StatusCode.ShouldBe(HttpStatusCode.Created, lostJson.ToString());
        lostJson.GetProperty("spoiled").GetProperty("personName").ValueKind.ShouldBe(JsonValueKind.Null);
        (await AssignAsync(World.A.Id, 3, "王五")).Value.ShouldBe("粤2026-4");

        // 张三's form is spoiled: he gets a NEW number (5), never his old one, never renumbered; his case shows the new one
        await App.ScalarAsync("WITH u AS (UPDATE development_cases SET volunteer_book_no = '粤2026-1' WHERE id = 1 RETURNING 1) SELECT count(*) FROM u");
        var (spoiled, json) = await SpoilAsync(api, "粤2026-1");
        (await App.WithDbAsync(db => db.Set<DevelopmentCase>().Where(c => c.Id == 1).Select(c => c.VolunteerBookNo).SingleAsync())).ShouldBe("粤2026-5");
        spoiled.StatusCode.ShouldBe(HttpStatusCode.Created, json.ToString());
        json.GetProperty("newNumber").GetString().ShouldBe("粤2026-5");
        json.GetProperty("spoiled").GetProperty("personName").GetString().ShouldBe("张三");
        json.GetProperty("spoiled").GetProperty("newNumber").GetString().ShouldBe("粤2026-5");
        var uses = await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/development/volunteer-books/uses?org={World.A.Id}&caseId=1");
        uses!.Select(u => (u.GetProperty("number").GetString(), u.GetProperty("spoiledOn").ValueKind)).OrderBy(x => x.Item1)
            .ShouldBe([("粤2026-1", JsonValueKind.String), ("粤2026-5", JsonValueKind.Null)]);

        // twice: refused beside the number; a number outside the ranges: invalid
        var (again, againJson) = await SpoilAsync(api, "粤2026-1");
        again.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        againJson.GetProperty("detail").GetString().ShouldBe($"编号 粤2026-1 已于{ChineseDates.Date(Today)}登记作废，不能重复登记");
        var (outside, outsideJson) = await SpoilAsync(api, "粤2026-9");
        outside.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        outsideJson.GetProperty("errors").GetProperty("number")[0].GetString().ShouldBe("编号“粤2026-9”不在甲公司党委的志愿书编号段内，请核对编号");
        var (lostReturned, lrJson) = await SpoilAsync(api, "粤2026-2", kind: "遗失", returned: true);
        lostReturned.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        lrJson.GetProperty("errors").GetProperty("formReturned")[0].GetString().ShouldBe("遗失的志愿书无法交回，请选择“未交回”");

        // the range is used up: 李四's spoil with a re-issue is refused and nothing is written
        var (full, fullJson) = await SpoilAsync(api, "粤2026-2");
        full.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        fullJson.GetProperty("detail").GetString()!.ShouldContain("没有可用的入党志愿书编号");
        (await App.ScalarAsync("SELECT count(*) FROM volunteer_book_spoils")).ShouldBe(2);
        (await App.ScalarAsync("SELECT count(*) FROM volunteer_book_uses WHERE spoiled_on IS NOT NULL")).ShouldBe(1);
        (await AssignAsync(World.A.Id, 4, "赵六")).Status.FirstMessage!.ShouldContain("没有可用的入党志愿书编号");

        // a new range: the next assignment starts there; the spoiled numbers never come back
        (await AddRangeAsync(api, World.A.Id, "粤2026-", 6, 10)).Response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await AssignAsync(World.A.Id, 4, "赵六")).Value.ShouldBe("粤2026-06");
        var taken = await App.WithDbAsync(db => db.VolunteerBookUses.AsNoTracking().Select(u => u.NumberText).ToListAsync());
        taken.ShouldNotContain("粤2026-3");
        taken.Count(n => n == "粤2026-1").ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'volunteer_book_spoils' AND action = 'create'")).ShouldBe(2);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'volunteer_book_uses' AND action = 'update'")).ShouldBe(1);

        var spoils = await api.GetFromJsonAsync<List<JsonElement>>($"/api/v1/development/volunteer-books/spoiled?org={World.A.Id}");
        spoils!.Select(s => s.GetProperty("number").GetString()).Order(StringComparer.Ordinal).ShouldBe(["粤2026-1", "粤2026-3"]);
        // scope: the inspector reads but may not spoil; B's view holds nothing of A's
        (await (await App.BearerAsync("insp")).PostAsJsonAsync($"/api/v1/development/volunteer-books/spoiled?org={World.A.Id}", new { number = "粤2026-4" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.WithDbAsync(async db => await ListVolunteerBookSpoils.Query(db, World.B).CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task The_spoil_page_asks_for_confirmation_and_shows_the_holder_and_the_three_registers_export()
    {
        var api = await App.BearerAsync("orgadmin");
        (await AddRangeAsync(api, World.A.Id, "粤2026-", 1, 100)).Response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await AssignAsync(World.A.Id, 7, "张三")).Value.ShouldBe("粤2026-001");
        (await AssignAsync(World.A.Id, 8, "李四")).Value.ShouldBe("粤2026-002");

        var c = await App.SignedInAsync("orgadmin");
        var page = $"/Development/VolunteerBooks/Spoil?org={World.A.Id}&number=粤2026-001";
        var get = await c.GetStringAsync(page);
        get.ShouldContain("张三于");
        get.ShouldContain("data-confirm=");
        var bad = await AppFactory.PostFormAsync(c, $"/Development/VolunteerBooks/Spoil?org={World.A.Id}", new()
        {
            ["Input.Number"] = "粤2026-001", ["Input.Reason"] = "", ["Input.On"] = Iso(Today), ["Input.FormReturned"] = "false", ["Input.Reissue"] = "true",
        }, page);
        var badHtml = await bad.Content.ReadAsStringAsync();
        badHtml.ShouldContain("请选择作废或遗失");
        badHtml.ShouldContain("请填写作废或遗失的原因");
        var ok = await AppFactory.PostFormAsync(c, $"/Development/VolunteerBooks/Spoil?org={World.A.Id}", new()
        {
            ["Input.Number"] = "粤2026-001", ["Input.Kind"] = "作废", ["Input.Reason"] = "填写时涂改", ["Input.On"] = Iso(Today),
            ["Input.FormReturned"] = "true", ["Input.ReturnedOn"] = Iso(Today), ["Input.Reissue"] = "true",
        }, page);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await c.GetStringAsync(ok.Headers.Location!.ToString())).ShouldContain("已登记编号 粤2026-001 作废，张三补发新编号 粤2026-003。");

        var ranges = Read(await c.GetByteArrayAsync($"/Development/VolunteerBooks?tab=ranges&handler=Export&org={World.A.Id}"));
        ranges[0].ShouldBe(IndexModel.RangeHeaders.ToList());
        ranges[1].Take(4).ShouldBe(["甲公司党委", "粤2026-001", "粤2026-100", "100"]);
        ranges[1][7..11].ShouldBe(["3", "1", "97", "粤2026-004"]);
        var usesSheet = Read(await c.GetByteArrayAsync($"/Development/VolunteerBooks?tab=uses&handler=Export&org={World.A.Id}"));
        usesSheet.Count.ShouldBe(4);
        usesSheet.Skip(1).Select(r => (r[0], r[1], r[5])).OrderBy(x => x.Item1)
            .ShouldBe([("粤2026-001", "张三", $"已作废/遗失（{ChineseDates.Date(Today)}）"), ("粤2026-002", "李四", "在用"), ("粤2026-003", "张三", "在用")]);
        var spoilSheet = Read(await c.GetByteArrayAsync($"/Development/VolunteerBooks?tab=spoiled&handler=Export&org={World.A.Id}"));
        spoilSheet.Count.ShouldBe(2);
        spoilSheet[1].Take(8).ShouldBe(["粤2026-001", "作废", "填写时涂改", Iso(Today), "张三", "是", Iso(Today), "粤2026-003"]);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'volunteer_books.export'")).ShouldBe(3);
    }
}
