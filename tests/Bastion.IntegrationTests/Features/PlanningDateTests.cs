using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

/// <summary>Dates people plan with are real planning dates: at most ten calendar years from today (the app's clock, in China).</summary>
public sealed class PlanningDateTests(AppFactory app) : AppTest(app)
{
    private DateOnly Today => ChineseDates.DayOf(App.Clock.GetUtcNow());
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private object Ledger(DateOnly deadline) => new
    {
        title = "整改党费收缴不规范问题", source = "整改", deadline = Iso(deadline), responsibleOrgId = World.A1.Id, responsiblePersonId = World.UserIds["mem"],
        workStandard = "党费按月足额收缴", assessingDepartment = "集团巡察办", verifierId = World.UserIds["branchsec"],
    };

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("errors");
    }

    [Fact]
    public async Task A_ledger_deadline_of_9999_12_31_is_refused_naming_the_rule_and_the_latest_date()
    {
        var c = await App.BearerAsync("insp");
        var latest = Today.AddYears(10);
        var e = await ErrorsAsync(await c.PostAsJsonAsync($"/api/v1/ledger/items?org={World.A.Id}", Ledger(new DateOnly(9999, 12, 31))));
        e.GetProperty("deadline")[0].GetString().ShouldBe($"完成时限不能晚于{ChineseDates.Date(latest)}（最远为今天起10年）");
        (await ErrorsAsync(await c.PostAsJsonAsync($"/api/v1/ledger/items?org={World.A.Id}", Ledger(latest.AddDays(1))))).GetProperty("deadline").GetArrayLength().ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM ledger_items")).ShouldBe(0);

        // the last allowed day is accepted; the clock moving on moves the bound with it
        (await c.PostAsJsonAsync($"/api/v1/ledger/items?org={World.A.Id}", Ledger(latest))).StatusCode.ShouldBe(HttpStatusCode.Created);
        App.Clock.Offset = TimeSpan.FromDays(400);
        c = await App.BearerAsync("insp"); // tokens expire on the injected clock too (8 hours)
        (await c.PostAsJsonAsync($"/api/v1/ledger/items?org={World.A.Id}", Ledger(latest.AddDays(1)))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_plan_and_an_inspection_round_far_in_the_future_are_refused()
    {
        var branch = await App.BearerAsync("branchsec");
        var plan = await branch.PostAsJsonAsync($"/api/v1/plans?org={World.A1.Id}", new { types = new[] { "党课" }, date = "2099-06-01", time = "09:00", topic = "党课" });
        (await ErrorsAsync(plan)).GetProperty("date")[0].GetString()!.ShouldContain($"不能晚于{ChineseDates.Date(Today.AddYears(10))}");

        var insp = await App.BearerAsync("insp");
        var round = await insp.PostAsJsonAsync($"/api/v1/inspections/rounds?org={World.A.Id}", new
        {
            name = "远期巡察", year = 2026, startsOn = Iso(Today), endsOn = "9999-12-31", authorizedBy = "甲公司党委", authorizationNo = "甲党〔2026〕9号",
            authorizedOn = Iso(Today), targetOrgIds = new[] { World.A1.Id },
        });
        (await ErrorsAsync(round)).GetProperty("endsOn")[0].GetString()!.ShouldContain("最远为今天起10年");
        (await App.ScalarAsync("SELECT count(*) FROM inspection_rounds")).ShouldBe(0);
    }
}
