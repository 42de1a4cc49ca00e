using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

/// <summary>给下一个编号: a case past 预审 without a 志愿书 number takes the next free one of its 党委's ranges (API and case page).</summary>
public sealed class GiveVolunteerBookNumberTests(AppFactory app) : AppTest(app)
{
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private DateOnly Today => App.Clock.Today();
    private int _n;

    /// <summary>A case of A1 in the state, with steps 1 and (when <paramref name="reviewed"/>) 13 recorded.</summary>
    private async Task<long> CaseAsync(string name, bool reviewed = true, string state = "发展对象已预审")
    {
        var n = ++_n;
        var id = await App.ScalarAsync($"""
            INSERT INTO development_cases (org_id, name, id_number, birth_date, gender, applied_on, state, pack_version, created_at, updated_at)
            VALUES ({World.A1.Id}, '{name}', 'G{n:D17}', DATE '1995-01-01', '男', DATE '2024-01-02', '{state}', '细则-2014', now(), now()) RETURNING id
            """);
        await App.ExecAsync($"""
            INSERT INTO development_steps (case_id, org_id, step, "on", recorded_at) VALUES ({id}, {World.A1.Id}, '1', DATE '2024-01-02', now())
            {(reviewed ? $", ({id}, {World.A1.Id}, '13', DATE '{Iso(Today.AddDays(-30))}', now())" : "")}
            """);
        return id;
    }

    private async Task RangeAsync(HttpClient api, int start, int end)
    {
        var r = await api.PostAsJsonAsync($"/api/v1/development/volunteer-books/ranges?org={World.A.Id}",
            new { prefix = "粤2026-", startNumber = start, endNumber = end, issuedOn = Iso(Today.AddDays(-60)), issuedBy = "省委组织部", documentNo = "粤组发〔2026〕1号" });
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> GiveAsync(HttpClient api, long id)
    {
        var r = await api.PostAsync($"/api/v1/development/cases/{id}/volunteer-book", null);
        var text = await r.Content.ReadAsStringAsync();
        return (r.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task A_reviewed_case_without_a_number_gets_the_next_free_one_and_never_a_spoiled_one()
    {
        var api = await App.BearerAsync("orgadmin");
        var id = await CaseAsync("赵预审");
        // no ranges yet: refused, naming the rule
        var (none, noneJson) = await GiveAsync(api, id);
        none.ShouldBe(HttpStatusCode.UnprocessableEntity);
        noneJson.GetProperty("rule").GetString().ShouldBe("入党志愿书一人一号");
        noneJson.GetProperty("detail").GetString()!.ShouldContain("尚未登记入党志愿书编号段");

        await RangeAsync(api, 1, 100);
        // 001 was lost before anyone used it: it is skipped, never given
        var lost = await api.PostAsJsonAsync($"/api/v1/development/volunteer-books/spoiled?org={World.A.Id}",
            new { number = "粤2026-001", kind = "遗失", reason = "库存遗失", on = Iso(Today), formReturned = false });
        lost.StatusCode.ShouldBe(HttpStatusCode.Created, await lost.Content.ReadAsStringAsync());

        var (given, json) = await GiveAsync(api, id);
        given.ShouldBe(HttpStatusCode.OK, json.ToString());
        json.GetProperty("volunteerBookNo").GetString().ShouldBe("粤2026-002");
        (await App.ScalarAsync($"SELECT count(*) FROM volunteer_book_uses WHERE development_case_id = {id} AND number_text = '粤2026-002' AND spoiled_on IS NULL")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE entity = 'development_cases' AND entity_id = '{id}' AND action = 'update' AND after::text LIKE '%粤2026-002%'")).ShouldBe(1);

        // one person, one number: a second request is refused; its form spoiled without a reissue, the next call gives 003
        var (twice, twiceJson) = await GiveAsync(api, id);
        twice.ShouldBe(HttpStatusCode.UnprocessableEntity);
        twiceJson.GetProperty("detail").GetString()!.ShouldStartWith("赵预审已有入党志愿书编号 粤2026-002");
        var spoiled = await api.PostAsJsonAsync($"/api/v1/development/volunteer-books/spoiled?org={World.A.Id}",
            new { number = "粤2026-002", kind = "作废", reason = "填写错误", on = Iso(Today), formReturned = true, returnedOn = Iso(Today), reissue = false });
        spoiled.StatusCode.ShouldBe(HttpStatusCode.Created, await spoiled.Content.ReadAsStringAsync());
        (await GiveAsync(api, id)).Json.GetProperty("volunteerBookNo").GetString().ShouldBe("粤2026-003");

        // before 预审: refused; a branch secretary may not give numbers; a withdrawn case gets none
        var early = await CaseAsync("钱积极", reviewed: false, state: "发展对象");
        var (notYet, notYetJson) = await GiveAsync(api, early);
        notYet.ShouldBe(HttpStatusCode.UnprocessableEntity);
        notYetJson.GetProperty("detail").GetString().ShouldBe("入党志愿书编号在上级党委预审（第13步）合格后发放，该发展对象尚未预审");
        (await GiveAsync(await App.BearerAsync("branchsec"), id)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await GiveAsync(api, await CaseAsync("孙撤回", state: "撤回申请"))).Status.ShouldBe(HttpStatusCode.Conflict);
        (await App.ScalarAsync("SELECT count(*) FROM volunteer_book_uses")).ShouldBe(2);
    }

    [Fact]
    public async Task Parallel_requests_get_different_numbers_and_one_person_never_two()
    {
        var api = await App.BearerAsync("orgadmin");
        await RangeAsync(api, 1, 100);
        var ids = new List<long>();
        for (var i = 0; i < 6; i++) ids.Add(await CaseAsync("并发" + i));

        var answers = await Task.WhenAll(ids.Select(id => GiveAsync(api, id)));
        answers.ShouldAllBe(a => a.Status == HttpStatusCode.OK);
        answers.Select(a => a.Json.GetProperty("volunteerBookNo").GetString()).Order(StringComparer.Ordinal)
            .ShouldBe(Enumerable.Range(1, 6).Select(n => $"粤2026-{n:000}"));

        // the same person asked four times at once: one number, three refusals
        var one = await CaseAsync("同一人");
        var same = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => GiveAsync(api, one)));
        same.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1);
        same.Count(a => a.Status == HttpStatusCode.UnprocessableEntity).ShouldBe(3);
        (await App.ScalarAsync($"SELECT count(*) FROM volunteer_book_uses WHERE development_case_id = {one}")).ShouldBe(1);
        (await App.ScalarAsync("SELECT next_number FROM volunteer_book_ranges")).ShouldBe(8);
    }

    [Fact]
    public async Task The_case_page_offers_the_next_number_to_the_committee_only()
    {
        var api = await App.BearerAsync("orgadmin");
        await RangeAsync(api, 1, 100);
        var id = await CaseAsync("周预审");
        var page = $"/Development/Case/{id}";

        var secretary = await (await App.SignedInAsync("branchsec")).GetStringAsync(page);
        secretary.ShouldNotContain("id=\"give-book\"");
        var admin = await App.SignedInAsync("orgadmin");
        (await admin.GetStringAsync(page)).ShouldContain("给下一个编号");
        var r = await AppFactory.PostFormAsync(admin, page + "?handler=VolunteerBook", new(), page);
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect, await r.Content.ReadAsStringAsync());
        var after = await admin.GetStringAsync(r.Headers.Location!.ToString());
        after.ShouldContain("已给入党志愿书编号 粤2026-001。");
        after.ShouldContain("<span id=\"volunteer-book-no\">粤2026-001</span>");
        after.ShouldNotContain("id=\"give-book\"");
    }
}
