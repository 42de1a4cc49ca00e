using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Features.Members.Import;
using Bastion.IntegrationTests.Features.Inspections;
using Bastion.IntegrationTests.Infrastructure;
using static Bastion.IntegrationTests.Features.MemberImportTests;
using static Bastion.IntegrationTests.Infrastructure.RosterFileBuilder;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// Rosters in the old Excel 97–2003 format (.xls, BIFF8). The fixtures under Fixtures/ are LibreOffice's conversions of
/// the .xlsx rosters built here (<see cref="GoodAndBadRows"/>, <see cref="VariantRows"/>); every .xls must give the same
/// row report as its .xlsx. <see cref="The_committed_xls_fixtures_are_the_libreoffice_conversions_of_the_xlsx_rosters"/>
/// regenerates them and says how to update them when the rosters change.
/// </summary>
public sealed class XlsImportTests(AppFactory app) : AppTest(app)
{
    public const string GoodAndBadXls = "roster-good-and-bad.xls";
    public const string VariantsXls = "roster-variants.xls";
    private const string Branch = "甲一党支部"; // World.A1; fixed in the fixtures

    private static string FullWidth(string s) => new(s.Select(c => char.IsAsciiDigit(c) ? (char)(c + 0xFEE0) : c).ToArray());

    /// <summary>How offices' own .xls rosters differ: other header names, numbers where text was meant, dates typed in many ways.</summary>
    public static IEnumerable<object?[]> VariantRows(string branch) => [
        ["党员姓名", "身份证号", "性别", "党员类别", "入党时间\n（yyyy-mm-dd）", "转正时间", "所在支部", "出生年月", "手机号码"],
        ["李　华", FullWidth(Id(1984, 35)), "男", "正式", "２０１２年７月１日", "2013/7/1", branch, null, 13800000001.0],                               // full width; phone as a number
        ["王　芳", Id(1983, 37), "男", "正式党员", 20120701.0, new ExcelDate(new DateTime(2013, 7, 1)), branch, new ExcelDate(new DateTime(1983, 5, 6)), "13800000002"], // 20120701 typed as a number
        ["赵　强", double.Parse(Id(1982, 39), System.Globalization.CultureInfo.InvariantCulture), "男", "正式党员", "2012-07-01", "2013-07-01", branch, null, null], // ID number stored as a number
        ["钱　明", Id(1981, 41), "男", "正式党员", 2015.07, "2016-07-01", branch, null, null],                                                       // 2015.07 typed as a number
        ["孙　亮", Id(1980, 43), "男", "正式党员", 42186.0, 42552.0, branch, 29347.0, null],                                                          // dates as plain serial numbers
    ];

    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    private async Task<(HttpStatusCode Status, JsonElement Json)> ImportAsync(byte[] file, string fileName, long org, bool dryRun)
    {
        var c = await App.BearerAsync("orgadmin");
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xls", StringComparison.Ordinal) ? "application/vnd.ms-excel" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", fileName);
        var r = await c.PostAsync($"/api/v1/members/import?org={org}&dryRun={dryRun.ToString().ToLowerInvariant()}", form);
        return (r.StatusCode, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement);
    }

    private static List<(int Row, string Column, string Message)> Errors(JsonElement report) =>
        report.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()!, e.GetProperty("message").GetString()!)).ToList();

    private static string Summary(JsonElement r) =>
        $"total {r.GetProperty("total")} valid {r.GetProperty("valid")} created {r.GetProperty("created")} unchanged {r.GetProperty("unchanged")}";

    [Fact]
    public void The_fixtures_are_real_excel_97_2003_workbooks()
    {
        foreach (var name in new[] { GoodAndBadXls, VariantsXls })
        {
            var bytes = Fixture(name);
            bytes[..8].ShouldBe(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, $"{name} is an OLE compound file");
            // BIFF8 keeps its sheets in a stream named "Workbook" (BIFF5 and older: "Book")
            System.Text.Encoding.Unicode.GetString(bytes).ShouldContain("Workbook", customMessage: name);
            RosterReader.Read(new MemoryStream(bytes)).FileErrors.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task A_dry_run_of_the_xls_gives_the_same_row_report_as_the_xlsx_and_writes_nothing()
    {
        var before = await App.ScalarAsync("SELECT count(*) FROM members");
        var (s1, xls) = await ImportAsync(Fixture(GoodAndBadXls), "花名册.xls", World.A.Id, dryRun: true);
        var (s2, xlsx) = await ImportAsync(Build(GoodAndBadRows(World.A1.Name)), "花名册.xlsx", World.A.Id, dryRun: true);
        s1.ShouldBe(HttpStatusCode.OK, xls.ToString());
        s2.ShouldBe(HttpStatusCode.OK);
        Summary(xls).ShouldBe(Summary(xlsx));
        Errors(xls).ShouldBe(Errors(xlsx));
        xls.GetProperty("total").GetInt32().ShouldBe(10);
        xls.GetProperty("valid").GetInt32().ShouldBe(2);
        var errors = Errors(xls);
        errors.ShouldContain(e => e.Row == 4 && e.Column == "公民身份号码" && e.Message.Contains("校验码错误"));
        errors.ShouldContain(e => e.Row == 9 && e.Column == "所在党支部" && e.Message.Contains("不存在的党支部"));
        errors.ShouldContain(e => e.Row == 10 && e.Column == "入党日期" && e.Message.Contains("“去年七月”不是有效日期"));
        errors.ShouldContain(e => e.Row == 13 && e.Message.Contains("与第3行"));
        errors.ShouldNotContain(e => e.Row == 11 || e.Row == 12);
        (await App.ScalarAsync("SELECT count(*) FROM members")).ShouldBe(before);
    }

    [Fact]
    public async Task Committing_the_xls_creates_the_valid_rows_readable_through_the_api_and_a_second_import_changes_nothing()
    {
        var before = await App.ScalarAsync("SELECT count(*) FROM members");
        var (status, first) = await ImportAsync(Fixture(GoodAndBadXls), "花名册.xls", World.A.Id, dryRun: false);
        status.ShouldBe(HttpStatusCode.OK, first.ToString());
        first.GetProperty("created").GetInt32().ShouldBe(2);
        first.GetProperty("committed").GetBoolean().ShouldBeTrue();
        (await App.ScalarAsync("SELECT count(*) FROM members")).ShouldBe(before + 2);

        var c = await App.BearerAsync("orgadmin");
        var list = await c.GetFromJsonAsync<JsonElement>($"/api/v1/members?org={World.A1.Id}&pageSize=50");
        var items = list.GetProperty("items").EnumerateArray().ToDictionary(x => x.GetProperty("name").GetString()!);
        items.Keys.ShouldContain("周一");
        items.Keys.ShouldContain("沈九");
        items["周一"].GetProperty("joinedAt").GetString().ShouldBe("2010-07-01");
        items["周一"].GetProperty("confirmedAt").GetString().ShouldBe("2011-07-01");
        items["沈九"].GetProperty("joinedAt").GetString().ShouldBe("2016-07-01");   // a date cell
        items["沈九"].GetProperty("confirmedAt").GetString().ShouldBe("2017-07-01"); // a plain serial number
        items["沈九"].GetProperty("orgId").GetInt64().ShouldBe(World.A1.Id);
        items["沈九"].GetProperty("gender").GetString().ShouldBe("男");
        (await App.ScalarAsync($"SELECT count(*) FROM members WHERE id_number = '{Id(1992, 27)}' AND birth_date = '1992-05-06' AND phone = '13900000000'")).ShouldBe(1);

        var (_, second) = await ImportAsync(Fixture(GoodAndBadXls), "花名册.xls", World.A.Id, dryRun: false);
        second.GetProperty("created").GetInt32().ShouldBe(0);
        second.GetProperty("unchanged").GetInt32().ShouldBe(2);
        second.GetProperty("committed").GetBoolean().ShouldBeFalse();
        (await App.ScalarAsync("SELECT count(*) FROM members")).ShouldBe(before + 2);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'members.import'")).ShouldBe(1);
    }

    [Fact]
    public async Task Header_variants_numbers_and_dates_in_an_xls_are_read_like_the_xlsx()
    {
        var (_, xlsx) = await ImportAsync(Build(VariantRows(World.A1.Name)), "名册.xlsx", World.A.Id, dryRun: true);
        var (status, xls) = await ImportAsync(Fixture(VariantsXls), "名册.xls", World.A.Id, dryRun: false);
        status.ShouldBe(HttpStatusCode.OK, xls.ToString());
        Errors(xls).ShouldBe(Errors(xlsx));
        xls.GetProperty("valid").GetInt32().ShouldBe(xlsx.GetProperty("valid").GetInt32());
        var errors = Errors(xls);
        errors.ShouldContain(e => e.Row == 4 && e.Column == "公民身份号码" && e.Message.Contains("存成了数字"));
        errors.ShouldContain(e => e.Row == 5 && e.Column == "入党日期" && e.Message.Contains("2015.07"));
        errors.Count.ShouldBe(2, string.Join("; ", errors));
        xls.GetProperty("created").GetInt32().ShouldBe(3);
        (await App.ScalarAsync($"SELECT count(*) FROM members WHERE id_number = '{Id(1984, 35)}' AND name = '李　华' AND joined_at = '2012-07-01' AND confirmed_at = '2013-07-01' AND phone = '13800000001'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM members WHERE id_number = '{Id(1983, 37)}' AND joined_at = '2012-07-01' AND confirmed_at = '2013-07-01' AND org_id = {World.A1.Id}")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM members WHERE id_number = '{Id(1980, 43)}' AND joined_at = '2015-07-01' AND confirmed_at = '2016-07-01'")).ShouldBe(1);
    }

    [Fact]
    public async Task The_import_page_checks_and_commits_an_xls()
    {
        var c = await App.SignedInAsync("orgadmin");
        var page = await c.GetStringAsync($"/Members/Import?org={World.A.Id}");
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"").Groups[1].Value);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(Fixture(GoodAndBadXls));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ms-excel");
        form.Add(file, "file", "花名册.xls");
        var upload = await c.PostAsync($"/Members/Import?handler=Upload&org={World.A.Id}", form);
        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var jobUrl = upload.Headers.Location!.ToString();
        var statusUrl = jobUrl.Replace("/Members/Import?", "/Members/Import?handler=Status&", StringComparison.Ordinal);
        var status = "";
        for (var i = 0; i < 60 && !status.Contains("id=\"import-summary\""); i++) { await Task.Delay(250); status = await c.GetStringAsync(statusUrl); }
        status.ShouldContain("校验码错误");
        status.ShouldContain("不存在的党支部");
        status.ShouldContain("id=\"import-commit\"");
        var job = System.Text.RegularExpressions.Regex.Match(jobUrl, @"job=(\d+)").Groups[1].Value;
        (await AppFactory.PostFormAsync(c, $"/Members/Import?handler=Commit&org={World.A.Id}&job={job}", new(), jobUrl)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        for (var i = 0; i < 60 && !status.Contains("id=\"import-done\""); i++) { await Task.Delay(250); status = await c.GetStringAsync(statusUrl); }
        status.ShouldContain("已导入 2 名党员");
        (await App.ScalarAsync($"SELECT count(*) FROM members WHERE name IN ('周一', '沈九') AND org_id = {World.A1.Id}")).ShouldBe(2);
    }

    /// <summary>
    /// Converts the rosters with LibreOffice Calc (as an office would save "Excel 97–2003") and compares every cell with the
    /// committed fixtures. Slow (a few seconds), so one test; the others read the committed files.
    /// </summary>
    [CalcFact]
    public async Task The_committed_xls_fixtures_are_the_libreoffice_conversions_of_the_xlsx_rosters()
    {
        var dir = Directory.CreateTempSubdirectory("bastion-xls-");
        try
        {
            var fresh = Path.Combine(AppContext.BaseDirectory, "Fixtures", "regenerated");
            Directory.CreateDirectory(fresh);
            foreach (var (name, rows) in new[] { (GoodAndBadXls, GoodAndBadRows(Branch)), (VariantsXls, VariantRows(Branch)) })
            {
                var xlsx = Path.Combine(dir.FullName, Path.ChangeExtension(name, ".xlsx"));
                await File.WriteAllBytesAsync(xlsx, Build(rows));
                var converted = await File.ReadAllBytesAsync(await LibreOffice.ConvertAsync(xlsx, "xls"));
                await File.WriteAllBytesAsync(Path.Combine(fresh, name), converted);
                var committed = File.Exists(Path.Combine(AppContext.BaseDirectory, "Fixtures", name)) ? Cells(Fixture(name)) : [];
                Cells(converted).ShouldBe(committed,
                    $"{name} no longer matches its roster: cp {Path.Combine(fresh, name)} tests/Bastion.IntegrationTests/Fixtures/{name}");
            }
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>Every cell as its type and value, row by row (the files' bytes differ with each conversion).</summary>
    private static List<string> Cells(byte[] xls)
    {
        using var reader = ExcelDataReader.ExcelReaderFactory.CreateReader(new MemoryStream(xls));
        var cells = new List<string>();
        var row = 0;
        while (reader.Read())
        {
            row++;
            for (var i = 0; i < reader.FieldCount; i++)
                if (reader.GetValue(i) is { } v) cells.Add($"{row}:{i}:{v.GetType().Name}:{Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)}");
        }
        return cells;
    }
}
