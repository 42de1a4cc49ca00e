using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Security;

/// <summary>
/// No existence oracle: a record outside everything the caller may see is answered exactly as a record that does not exist
/// (404, same title and detail), for reads and writes alike; a record the caller sees but may not change stays 403.
/// </summary>
public sealed class RecordScopeTests(AppFactory app) : AppTest(app)
{
    private const long Missing = 987_654_321;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.SeedRecordMeetingsAsync();
        await App.SeedRecordInspectionsAsync();
        await App.SeedRecordUnitedFrontAsync();
    }

    private static async Task<(HttpStatusCode Status, string? Title, string? Detail)> AnswerAsync(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        if (r.Content.Headers.ContentType?.MediaType != "application/problem+json") return (r.StatusCode, null, body.Length > 200 ? body[..200] : body);
        var p = JsonDocument.Parse(body).RootElement;
        return (r.StatusCode, p.GetProperty("title").GetString(), p.GetProperty("detail").GetString());
    }

    private static HttpRequestMessage Request(string method, string url) =>
        new(new HttpMethod(method), url) { Content = method is "POST" or "PUT" ? JsonContent.Create(new { }) : null };

    /// <summary>The out-of-scope record and a missing one get the same answer, and it is 404.</summary>
    private static async Task AlikeAsync(HttpClient c, string method, string pattern, long outOfScope)
    {
        var existing = await AnswerAsync(await c.SendAsync(Request(method, pattern.Replace("{id}", outOfScope.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        var missing = await AnswerAsync(await c.SendAsync(Request(method, pattern.Replace("{id}", Missing.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        existing.Status.ShouldBe(HttpStatusCode.NotFound, $"{method} {pattern} for a record out of scope: {existing}");
        existing.ShouldBe(missing, $"{method} {pattern}: out of scope and missing must be answered alike");
    }

    [Fact]
    public async Task Members_out_of_scope_are_answered_as_missing_ones()
    {
        var c = await App.BearerAsync("branchsec"); // MemberRead/MemberManage on 甲公司党委 and below
        var other = World.MemberInOrg[World.B1.Id];
        await AlikeAsync(c, "GET", "/api/v1/members/{id}", other);
        await AlikeAsync(c, "PUT", "/api/v1/members/{id}", other);
        await AlikeAsync(c, "GET", "/api/v1/members/{id}/photo", other);
        await AlikeAsync(c, "POST", "/api/v1/members/{id}/account", other);
        await AlikeAsync(c, "DELETE", "/api/v1/members/{id}/account", other);
        var page = await App.SignedInAsync("branchsec");
        (await page.GetAsync($"/Members/Details/{other}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await page.GetAsync($"/Members/Edit/{World.MemberInOrg[World.U.Id]}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Findings_out_of_scope_are_answered_as_missing_ones()
    {
        var c = await App.BearerAsync("insp"); // InspectionRead/Manage on 甲公司党委 and below
        var other = World.RecordIn(typeof(InspectionFinding), World.B);
        await AlikeAsync(c, "GET", "/api/v1/inspections/findings/{id}", other);
        await AlikeAsync(c, "PUT", "/api/v1/inspections/findings/{id}", other);
        await AlikeAsync(c, "POST", "/api/v1/inspections/findings/{id}/messages", other);
        await AlikeAsync(c, "GET", "/api/v1/inspections/rounds/{id}", World.RecordIn(typeof(InspectionRound), World.U));
        await AlikeAsync(c, "POST", "/api/v1/inspections/targets/{id}/phase", World.RecordIn(typeof(InspectionTarget), World.B));
        (await (await App.SignedInAsync("insp")).GetAsync($"/Inspections/Finding/{other}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Meetings_transfers_and_united_front_records_out_of_scope_are_answered_as_missing_ones()
    {
        var c = await App.BearerAsync("branchsec");
        await AlikeAsync(c, "GET", "/api/v1/meetings/{id}", World.MeetingInOrg[World.B1.Id]);
        await AlikeAsync(c, "POST", "/api/v1/meetings/{id}/attachments", World.MeetingInOrg[World.U.Id]);
        await AlikeAsync(c, "GET", "/api/v1/meetings/{id}/record.docx", World.MeetingInOrg[World.B.Id]);
        await AlikeAsync(c, "POST", "/api/v1/transfers/{id}/receipt", World.TransferInOrg[World.U.Id]);
        var pages = await App.SignedInAsync("orgadmin");
        (await pages.GetAsync($"/UnitedFront/Details/{World.UnitedFrontInOrg[World.U.Id]}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await pages.GetAsync($"/Meetings/Details/{World.MeetingInOrg[World.B.Id]}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_record_the_caller_sees_but_may_not_change_is_still_forbidden()
    {
        // 纪检监察 reads the members of 甲公司党委 but does not manage them: the record is no secret to it
        var disc = await App.BearerAsync("disc");
        var mine = World.MemberInOrg[World.A1.Id];
        (await disc.GetAsync($"/api/v1/members/{mine}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await disc.SendAsync(Request("PUT", $"/api/v1/members/{mine}"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // outside its scope the same call is a 404
        (await disc.SendAsync(Request("PUT", $"/api/v1/members/{World.MemberInOrg[World.B1.Id]}"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
