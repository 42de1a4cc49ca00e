using System.Net;
using System.Text.RegularExpressions;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using T = Bastion.IntegrationTests.Features.Inspections.InspectionReportTestData;

namespace Bastion.IntegrationTests.Features.Inspections;

/// <summary>整改与回头看: completion rates by round, organization and category over the caller's subtree; one organization's plan; export.</summary>
public sealed partial class RectificationTests(AppFactory app) : AppTest(app)
{
    private T _d = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _d = await T.SeedAsync(App);
    }

    [GeneratedRegex("<div class=\"num[^\"]*\" id=\"(?<id>[a-z]+)\">(?<v>[^<]*)</div>")]
    private static partial Regex Stat();

    private static Dictionary<string, string> Stats(string html) =>
        Stat().Matches(html).ToDictionary(m => m.Groups["id"].Value, m => WebUtility.HtmlDecode(m.Groups["v"].Value));

    /// <summary>The cells of the table row with data-key (or data-item) = key.</summary>
    private static List<string> Row(string html, string table, string key)
    {
        var t = html[html.IndexOf($"id=\"{table}\"", StringComparison.Ordinal)..];
        t = t[..t.IndexOf("</table>", StringComparison.Ordinal)];
        var start = t.IndexOf($"data-key=\"{key}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(-1, $"{table} has no row {key}");
        var row = t[start..t.IndexOf("</tr>", start, StringComparison.Ordinal)];
        return Regex.Matches(row, "<td[^>]*>(.*?)</td>").Select(m => WebUtility.HtmlDecode(Regex.Replace(m.Groups[1].Value, "<[^>]+>", "")).Trim()).ToList();
    }

    [Fact]
    public async Task The_dashboard_counts_only_the_callers_subtree_by_round_organization_and_category()
    {
        var c = await App.SignedInAsync("insp");
        var html = await c.GetStringAsync($"/Inspections/Rectification?org={World.A.Id}");
        // A and A1: i1, i5 closed of 7 (B's closed i7 and U's item are outside)
        var s = Stats(html);
        s["total"].ShouldBe("7");
        s["verified"].ShouldBe("2");
        s["awaiting"].ShouldBe("1");
        s["rejected"].ShouldBe("1");
        s["overdue"].ShouldBe("2");
        s["rate"].ShouldBe("28.6%");

        Row(html, "by-round", _d.Round.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBe([T.RoundName, "7", "2", "1", "2", "28.6%"]);
        Row(html, "by-org", World.A.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(["甲公司党委", "5", "1", "1", "1", "20%"]);
        Row(html, "by-org", World.A1.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(["甲一党支部", "2", "1", "0", "1", "50%"]);
        html.ShouldNotContain("乙公司党委");

        Row(html, "by-category", nameof(FindingCategory.理论路线落实)).ShouldBe([InspectionRules.Display(FindingCategory.理论路线落实), "2", "1", "0", "50%"]);
        Row(html, "by-category", nameof(FindingCategory.从严治党落实)).ShouldBe([InspectionRules.Display(FindingCategory.从严治党落实), "1", "0", "1", "0%"]);
        Row(html, "by-category", nameof(FindingCategory.组织路线落实)).ShouldBe([InspectionRules.Display(FindingCategory.组织路线落实), "1", "0", "0", "0%"]);
        Row(html, "by-category", nameof(FindingCategory.整改落实)).ShouldBe([InspectionRules.Display(FindingCategory.整改落实), "2", "1", "1", "50%"]);
        Row(html, "by-category", "其他").ShouldBe(["其他", "1", "0", "0", "0%"]);
        html.ShouldContain("id=\"chart-rectification\"");
        html.ShouldContain("\"values\":[50,0,0,50,0]");

        // rounds in progress with each target's phase; the second round's A1 is still in 准备
        html.ShouldContain($"data-round=\"{_d.Round}\"");
        html.ShouldContain($"data-round=\"{_d.Round2}\"");
        html.ShouldContain($"href=\"/Inspections/Rectification/Target/{_d.TargetA1}\"");
        html.ShouldNotContain($"/Inspections/Rectification/Target/{_d.TargetB}\"");
    }

    [Fact]
    public async Task A_branch_secretary_of_A1_sees_only_A1()
    {
        var c = await App.SignedInAsync("branchsec");
        var s = Stats(await c.GetStringAsync($"/Inspections/Rectification?org={World.A1.Id}"));
        (s["total"], s["verified"], s["overdue"], s["rate"]).ShouldBe(("2", "1", "1", "50%"));
    }

    [Fact]
    public async Task The_plan_of_one_organization_lists_each_finding_with_its_items_and_the_recheck_summary()
    {
        var c = await App.SignedInAsync("disc");
        var html = await c.GetStringAsync($"/Inspections/Rectification/Target/{_d.TargetA}");
        var s = Stats(html);
        (s["total"], s["verified"], s["awaiting"], s["rejected"], s["open"], s["overdue"], s["rate"]).ShouldBe(("5", "1", "1", "1", "2", "1", "20%"));
        html.ShouldContain(T.Expression1);
        html.ShouldContain($"data-finding=\"{_d.F1}\"");
        html.ShouldNotContain($"data-finding=\"{_d.ClueHigh}\"");
        html.ShouldNotContain(T.ClueHighFacts);
        foreach (var key in new[] { "i1", "i2", "i3", "i4", "i8" }) html.ShouldContain($"href=\"/Ledger/Details/{_d.Items[key]}\"");
        html.ShouldNotContain($"/Ledger/Details/{_d.Items["i5"]}\"");
        html.ShouldContain($"data-item=\"{_d.Items["i3"]}\" data-bucket=\"Rejected\"");
        html.ShouldContain($"data-item=\"{_d.Items["i2"]}\" data-bucket=\"Awaiting\"");
        html.ShouldContain("逾期3天");
        html.ShouldContain("原定 " + ChineseDates.DayOf(App.Clock.GetUtcNow()).AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        html.ShouldContain("立行立改");
    }

    [Fact]
    public async Task The_inspection_office_adds_more_items_to_a_finding_after_feedback_and_bad_input_writes_nothing()
    {
        string Id(long v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var today = ChineseDates.DayOf(App.Clock.GetUtcNow());
        var url = $"/Inspections/Rectification/Target/{_d.TargetA}";
        Task<HttpResponseMessage> Add(HttpClient c, long finding, string title, DateOnly deadline, long? target = null) => AppFactory.PostFormAsync(c,
            $"/Inspections/Rectification/Target/{target ?? _d.TargetA}?handler=AddItem", new()
            {
                ["FindingId"] = Id(finding), ["Title"] = title, ["Deadline"] = deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["WorkStandard"] = "建立重大事项督办台账并运行一个季度", ["Immediate"] = "true",
            }, $"/Inspections/Rectification/Target/{target ?? _d.TargetA}");
        async Task<long> Count() => await App.ScalarAsync($"SELECT count(*) FROM ledger_items WHERE finding_id = {_d.F1}");
        var before = await Count();

        var insp = await App.SignedInAsync("insp");
        (await insp.GetStringAsync(url)).ShouldContain("增加整改任务");
        var past = await (await Add(insp, _d.F1, "建立督办台账", today.AddDays(-1))).Content.ReadAsStringAsync();
        past.ShouldContain("完成时限不能早于交办日期");
        var clue = await (await Add(insp, _d.ClueHigh, "处置线索", today.AddDays(10))).Content.ReadAsStringAsync();
        clue.ShouldContain("问题线索按规定移交处置，不列入整改台账");
        (await Count()).ShouldBe(before);

        var ok = await (await Add(insp, _d.F1, "建立重大决策部署督办台账", today.AddDays(20))).Content.ReadAsStringAsync();
        ok.ShouldContain("已增加整改任务“建立重大决策部署督办台账”");
        (await Count()).ShouldBe(before + 1);
        var item = await App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Set<LedgerItem>(), i => i.FindingId == _d.F1 && i.Title == "建立重大决策部署督办台账"));
        (item.OrgId, item.RoundId, item.Source, item.OwnerUserId, item.VerifierUserId, item.AssessingDepartment, item.Deadline)
            .ShouldBe((World.A.Id, (long?)_d.Round, LedgerSource.立行立改, World.UserIds["branchsec"], World.UserIds["insp"], "巡察办", today.AddDays(20)));

        // 纪检 reads the plan but does not add to it; before 反馈 nobody adds
        var disc = await App.SignedInAsync("disc");
        (await disc.GetStringAsync(url)).ShouldNotContain("增加整改任务");
        (await Add(disc, _d.F1, "越权任务", today.AddDays(20))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Add(insp, _d.F5, "反馈前任务", today.AddDays(20), _d.TargetA1Prep)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Count()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task Moving_the_clock_makes_open_items_overdue()
    {
        App.Clock.Offset = TimeSpan.FromDays(70); // past every open deadline (the latest is today + 60)
        var c = await App.SignedInAsync("insp");
        var s = Stats(await c.GetStringAsync($"/Inspections/Rectification?org={World.A.Id}"));
        s["overdue"].ShouldBe("5"); // all not closed: i2, i3, i4, i6, i8
    }

    [Fact]
    public async Task The_plan_exports_to_xlsx()
    {
        var c = await App.SignedInAsync("branchsec");
        var r = await c.GetAsync($"/Inspections/Rectification/Target/{_d.TargetA}?handler=Export");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        r.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var doc = SpreadsheetDocument.Open(new MemoryStream(await r.Content.ReadAsByteArrayAsync()), false);
        var rows = doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
            .Select(x => x.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(cell => cell.InnerText).ToList()).ToList();
        rows[0][0].ShouldBe("问题");
        rows.Count.ShouldBe(6); // header + 5 items
        rows.ShouldContain(x => x[2] == "清退超标准报销款项" && x[8] == "退回整改" && x[9] == "3");
        rows.ShouldContain(x => x[2] == "举一反三开展专项检查" && x[1] == "其他");
    }

    [Fact]
    public async Task Pages_are_refused_outside_the_subtree_and_without_the_permission()
    {
        var insp = await App.SignedInAsync("insp");
        // a target outside everything the caller may see is answered as a missing one (no existence oracle)
        (await insp.GetAsync($"/Inspections/Rectification/Target/{_d.TargetB}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await insp.GetAsync($"/Inspections/Rectification?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var mem = await App.SignedInAsync("mem");
        (await mem.GetAsync("/Inspections/Rectification")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await mem.GetAsync($"/Inspections/Rectification/Target/{_d.TargetA}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await insp.GetAsync("/Inspections/Rectification/Target/999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
