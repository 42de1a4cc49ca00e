using System.Net;
using Bastion.IntegrationTests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Bastion.IntegrationTests.Exports;

/// <summary>
/// The member export streams: 5,000 members are read from the query and written row by row, so the request allocates
/// a few KB per row (the entity, its cells). The DOM writer it replaces allocated and kept more than 10 KB per row
/// (1.1 GB of RSS for 99,800 rows, bench/README.md), and its file grew in memory until the end.
/// </summary>
[Collection(MeasuredAloneCollection.Name)]
public sealed class ExportStreamingTests(AppFactory app, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int Members = 5_000;
    private const long BudgetPerRow = 6 * 1024;
    private AppFactory App { get; } = app;

    public Task InitializeAsync() => App.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Exporting_five_thousand_members_allocates_a_few_kilobytes_per_row_and_reads_back_whole()
    {
        await App.ExecAsync($"""
            INSERT INTO members (org_id, name, gender, ethnicity, id_number, birth_date, phone, category, joined_at, created_at, party_status, is_mobile)
            SELECT {App.World.A1.Id}, '导出' || g, CASE WHEN g % 2 = 0 THEN '男' ELSE '女' END, '汉族',
                   '110101' || to_char(date '1960-01-01' + g % 10000, 'YYYYMMDD') || lpad((g / 10000)::text, 3, '0') || 'X',
                   date '1960-01-01' + g % 10000, '139' || lpad(g::text, 8, '0'), '正式党员', date '1990-07-01', now(), '正常', false
            FROM generate_series(1, {Members}) g
            """);
        var c = await App.SignedInAsync("orgadmin");
        (await c.GetAsync($"/Members?org={App.World.A.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK); // warm: sign-in, page, query plans

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var r = await c.GetAsync($"/Members?handler=Export&org={App.World.A.Id}", HttpCompletionOption.ResponseHeadersRead);
        await using var body = new MemoryStream();
        await (await r.Content.ReadAsStreamAsync()).CopyToAsync(body);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before - body.Capacity; // less the test's own copy of the answer
        output.WriteLine($"{Members:N0} members: allocated {allocated / 1024.0 / 1024:F1} MB ({allocated / (Members + 2):N0} bytes per row), file {body.Length / 1024:N0} KB");

        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        allocated.ShouldBeLessThan(Members * BudgetPerRow, $"allocated {allocated / 1024 / 1024} MB");
        body.Position = 0;
        using var doc = SpreadsheetDocument.Open(body, false);
        var rows = doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().ToList();
        rows.Count.ShouldBe(Members + 3); // header, the test world's two members, the 5,000
        rows.Skip(1).Count(row => row.Elements<Cell>().First().InnerText.StartsWith("导出", StringComparison.Ordinal)).ShouldBe(Members);
        (await App.ScalarAsync("SELECT (after->>'rows')::int FROM audit_log WHERE action = 'members.export'")).ShouldBe(Members + 2);
    }
}
