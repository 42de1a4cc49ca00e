using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// The target page of an inspected organization, seen by that organization's own secretary (granted on A1 only) and by
/// the inspection office that runs the round on A: the breadcrumb links the round only for those who may open it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class InspectionTargetPageTests(AppFactory app) : AppTest(app)
{
    [Fact]
    public async Task The_inspected_secretary_is_not_offered_a_link_to_the_round_it_may_not_open()
    {
        // branchsec is the secretary of A1 only (not of A, where the round is run)
        await App.ExecAsync($"UPDATE role_grants SET org_id = {World.A1.Id} WHERE user_id = {World.UserIds["branchsec"]}");
        var today = TimeProvider.System.Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var api = await App.BearerAsync("insp");
        var created = await api.PostAsJsonAsync($"/api/v1/inspections/rounds?org={World.A.Id}", new
        {
            name = "2026年专项巡察", year = 2026, plan = "对甲一党支部开展专项巡察", startsOn = today, endsOn = today,
            authorizedBy = "甲公司党委", authorizationNo = "甲党〔2026〕9号", authorizedOn = today, authorizationScope = "甲一党支部", targetOrgIds = new[] { World.A1.Id },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var round = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        var target = await App.ScalarAsync($"SELECT id FROM inspection_targets WHERE round_id = {round}");
        var roundLink = $"href=\"/Inspections/Round/{round}\"";

        var sec = await App.SignedInAsync("branchsec");
        // the round is outside what she may see: answered as a missing one (no existence oracle)
        (await sec.GetAsync($"/Inspections/Round/{round}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var seen = await sec.GetAsync($"/Inspections/Target/{target}");
        seen.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await seen.Content.ReadAsStringAsync();
        page.ShouldContain("2026年专项巡察");
        page.ShouldNotContain(roundLink);

        var team = await (await App.SignedInAsync("insp")).GetStringAsync($"/Inspections/Target/{target}");
        team.ShouldContain(roundLink);
    }
}
