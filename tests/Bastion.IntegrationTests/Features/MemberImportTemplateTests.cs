using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

/// <summary>The roster template downloaded from 导入花名册 imports cleanly into the organization it was downloaded for.</summary>
public sealed class MemberImportTemplateTests(AppFactory app) : AppTest(app)
{
    private async Task<byte[]> DownloadTemplateAsync(HttpClient c, long org)
    {
        var r = await c.GetAsync($"/Members/Import?handler=Template&org={org}");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        r.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return await r.Content.ReadAsByteArrayAsync();
    }

    private async Task<JsonElement> ImportAsync(byte[] file, long org, bool dryRun)
    {
        var c = await App.BearerAsync("orgadmin");
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", "党员花名册模板.xlsx");
        var r = await c.PostAsync($"/api/v1/members/import?org={org}&dryRun={dryRun.ToString().ToLowerInvariant()}", form);
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task The_downloaded_template_imports_without_errors_into_a_party_committee_and_into_a_branch()
    {
        var web = await App.SignedInAsync("orgadmin");
        foreach (var (org, branch) in new[] { (World.A, World.A1), (World.A1, World.A1) })
        {
            var file = await DownloadTemplateAsync(web, org.Id);

            var dry = await ImportAsync(file, org.Id, dryRun: true);
            dry.GetProperty("errors").GetArrayLength().ShouldBe(0, $"{org.Name}: {dry}");
            dry.GetProperty("total").GetInt32().ShouldBe(1);
            dry.GetProperty("valid").GetInt32().ShouldBe(1);

            var real = await ImportAsync(file, org.Id, dryRun: false);
            real.GetProperty("errors").GetArrayLength().ShouldBe(0, $"{org.Name}: {real}");
            real.GetProperty("created").GetInt32().ShouldBe(1);
            real.GetProperty("committed").GetBoolean().ShouldBeTrue();

            // the example member landed in a real 党支部 of the organization, with the example's dates
            var id = Roster.ExampleRow(branch.Name, (int)(org.Id % 500))[Roster.Columns.ToList().FindIndex(c => c.Key == "idNumber")];
            (await App.ScalarAsync($"SELECT org_id FROM members WHERE id_number = '{id}'")).ShouldBe(branch.Id);
            (await App.ScalarAsync($"SELECT count(*) FROM member_memberships ms JOIN members m ON m.id = ms.member_id WHERE m.id_number = '{id}' AND ms.from_date = DATE '2016-07-01'")).ShouldBe(1);

            // a second import of the same template changes nothing
            var again = await ImportAsync(file, org.Id, dryRun: false);
            again.GetProperty("errors").GetArrayLength().ShouldBe(0);
            again.GetProperty("unchanged").GetInt32().ShouldBe(1);
        }
    }

    [Fact]
    public async Task The_template_headers_are_the_columns_the_reader_knows_and_the_example_sits_under_them()
    {
        var web = await App.SignedInAsync("orgadmin");
        var file = await DownloadTemplateAsync(web, World.A.Id);
        var roster = Bastion.Features.Members.Import.RosterReader.Read(new MemoryStream(file));
        roster.FileErrors.ShouldBeEmpty();
        roster.Keys.ShouldBe(Roster.Columns.Select(c => c.Key).ToList());
        var row = roster.Rows.ShouldHaveSingleItem();
        roster.Get(row, "branch").ShouldBe(World.A1.Name);
        roster.Get(row, "inBranchSince").ShouldBe("2016-07-01");
        roster.Get(row, "joinedAt").ShouldBe("2015-07-01");
        var parsed = ChineseIdNumber.TryParse((string)roster.Get(row, "idNumber")!, out var error);
        parsed.ShouldNotBeNull(error);
        roster.Get(row, "birthDate").ShouldBe(parsed.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        roster.Get(row, "gender").ShouldBe(parsed.Gender.ToString());
    }
}
