using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using static Bastion.IntegrationTests.Infrastructure.RosterFileBuilder;

namespace Bastion.IntegrationTests.Features;

public sealed class MemberImportTests(AppFactory app) : AppTest(app)
{
    public static readonly string[] Header = ["序号", "姓名", "性别", "公民身份号码 *", "民族", "出生日期", "学历", "人员类别", "所在党支部", "入党日期（yyyy-mm-dd）", "转正日期", "联系电话"];

    public static string Id(int year, int seq, int month = 5, int day = 6) => ChineseIdNumber.Compose("320106", new DateOnly(year, month, day), seq);

    public static object?[] Row(int n, string name, string id, string branch, object? joined, object? confirmed = null, string category = "正式党员", object? birth = null, string gender = "男") =>
        [n, name, gender, id, "汉族", birth, "大学本科", category, branch, joined, confirmed, "13900000000"];

    private async Task<(HttpStatusCode Status, JsonElement Json)> ImportAsync(byte[] file, long org, bool dryRun, string fileName = "花名册.xlsx", string? user = "orgadmin")
    {
        var c = await App.BearerAsync(user!);
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", fileName);
        var r = await c.PostAsync($"/api/v1/members/import?org={org}&dryRun={dryRun.ToString().ToLowerInvariant()}", form);
        return (r.StatusCode, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement);
    }

    private static IEnumerable<(int Row, string Column, string Message)> Errors(JsonElement report) =>
        report.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()!, e.GetProperty("message").GetString()!));

    private byte[] GoodAndBad() => Build(GoodAndBadRows(World.A1.Name));

    /// <summary>
    /// One valid row of each kind and one row per problem; also the source of the committed .xls fixture
    /// (Fixtures/roster-good-and-bad.xls, see <see cref="XlsImportTests"/>), so every value is fixed.
    /// </summary>
    public static IEnumerable<object?[]> GoodAndBadRows(string branch) => [
        ["党员花名册"],
        Header,
        Row(1, "周一", Id(1985, 11), branch, "2010-07-01", "2011-07-01"),
        Row(2, "吴二", Id(1986, 13)[..17] + (Id(1986, 13)[17] == '1' ? "2" : "1"), branch, "2010-07-01", "2011-07-01"),   // bad checksum
        Row(3, "郑三", Id(1987, 15), branch, "2010-07-01", "2011-07-01", birth: "1987-05-07"),                              // birth mismatch
        Row(4, "冯四", Id(1988, 17), branch, "2099-07-01", null, "预备党员"),                                                // future date
        Row(5, "陈五", Id(2000, 19), branch, "2017-07-01", "2018-07-01"),                                                   // joined at 17
        Row(6, "褚六", Id(1989, 21), branch, "2015-07-01", "2016-03-01"),                                                   // 转正 too early
        Row(7, "卫七", Id(1990, 23), "不存在的党支部", "2015-07-01", "2016-07-01"),                                          // unknown branch
        Row(8, "蒋八", Id(1991, 25), branch, "去年七月", "2016-07-01"),                                                      // text in a date column
        new object?[12],                                                                                                   // empty row
        Row(10, "沈九", Id(1992, 27), branch, new ExcelDate(new DateTime(2016, 7, 1)), 42917.0),                            // date cell, and a plain serial number
        Row(11, "韩十", Id(1985, 11), branch, "2010-07-01", "2011-07-01"),                                                  // duplicate of row 3 (周一)
    ];

    [Fact]
    public async Task A_dry_run_reports_every_bad_row_in_chinese_and_writes_nothing()
    {
        var before = await App.ScalarAsync("SELECT count(*) FROM members");
        var (status, report) = await ImportAsync(GoodAndBad(), World.A.Id, dryRun: true);
        status.ShouldBe(HttpStatusCode.OK, report.ToString());
        report.GetProperty("total").GetInt32().ShouldBe(10);
        report.GetProperty("valid").GetInt32().ShouldBe(2);
        report.GetProperty("created").GetInt32().ShouldBe(0);
        var errors = Errors(report).ToList();
        errors.ShouldContain(e => e.Row == 4 && e.Column == "公民身份号码" && e.Message.Contains("校验码错误"));
        errors.ShouldContain(e => e.Row == 5 && e.Column == "出生日期" && e.Message.Contains("不一致"));
        errors.ShouldContain(e => e.Row == 6 && e.Column == "入党日期" && e.Message.Contains("不能晚于今天"));
        errors.ShouldContain(e => e.Row == 7 && e.Column == "入党日期" && e.Message.Contains("未满18周岁"));
        errors.ShouldContain(e => e.Row == 8 && e.Column == "转正日期" && e.Message.Contains("不能早于"));
        errors.ShouldContain(e => e.Row == 9 && e.Column == "所在党支部" && e.Message.Contains("不存在的党支部"));
        errors.ShouldContain(e => e.Row == 10 && e.Column == "入党日期" && e.Message.Contains("不是有效日期"));
        errors.ShouldContain(e => e.Row == 13 && e.Column == "公民身份号码" && e.Message.Contains("与第3行"));
        errors.ShouldNotContain(e => e.Row == 11, "an empty row is skipped, not reported");
        errors.ShouldNotContain(e => e.Row == 12, "a date cell and a plain serial number are both dates");
        (await App.ScalarAsync("SELECT count(*) FROM members")).ShouldBe(before);
    }

    [Fact]
    public async Task Committing_writes_the_valid_rows_once_and_a_second_import_changes_nothing()
    {
        var before = await App.ScalarAsync("SELECT count(*) FROM members");
        var (_, first) = await ImportAsync(GoodAndBad(), World.A.Id, dryRun: false);
        first.GetProperty("created").GetInt32().ShouldBe(2);
        first.GetProperty("committed").GetBoolean().ShouldBeTrue();
        (await App.ScalarAsync("SELECT count(*) FROM members")).ShouldBe(before + 2);
        (await App.ScalarAsync($"SELECT count(*) FROM members WHERE name = '沈九' AND joined_at = '2016-07-01' AND confirmed_at = '2017-07-01' AND org_id = {World.A1.Id}")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'members.import' AND (after->>'created')::int = 2")).ShouldBe(1);

        var (_, second) = await ImportAsync(GoodAndBad(), World.A.Id, dryRun: false);
        second.GetProperty("created").GetInt32().ShouldBe(0);
        second.GetProperty("unchanged").GetInt32().ShouldBe(2);
        (await App.ScalarAsync("SELECT count(*) FROM members")).ShouldBe(before + 2);
    }

    [Fact]
    public async Task A_registered_id_number_with_different_data_is_reported_never_merged()
    {
        var existing = await App.WithDbAsync(async db => (await db.Members.FindAsync(World.MemberInOrg[World.A1.Id]))!);
        var file = Build([Header, Row(1, "另一个名字", existing.IdNumber, World.A1.Name, "2012-07-01", "2013-07-01")]);
        var (_, report) = await ImportAsync(file, World.A1.Id, dryRun: false);
        report.GetProperty("created").GetInt32().ShouldBe(0);
        Errors(report).ShouldContain(e => e.Row == 2 && e.Message.Contains("已登记"));
        (await App.WithDbAsync(async db => (await db.Members.FindAsync(existing.Id))!.Name)).ShouldBe(existing.Name);
    }

    [Fact]
    public async Task Without_a_branch_column_rows_go_to_the_target_branch_and_a_committee_target_needs_the_column()
    {
        string[] header = ["姓名", "公民身份号码", "人员类别", "入党日期", "转正日期"];
        var file = Build([header, ["李雷", Id(1990, 31), "正式党员", "2015-07-01", "2016-07-01"]]);
        (await ImportAsync(file, World.A.Id, dryRun: true)).Json.GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldContain("须写明所在党支部");
        var (_, ok) = await ImportAsync(file, World.A1.Id, dryRun: false);
        ok.GetProperty("created").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Merged_header_cells_and_missing_columns_are_file_errors()
    {
        var merged = Build([["姓名", "公民身份号码", null, "人员类别", "入党日期"], ["韩梅梅", Id(1991, 33), null, "正式党员", "2015-07-01"]], "B1:C1");
        var (status, report) = await ImportAsync(merged, World.A1.Id, dryRun: true);
        status.ShouldBe(HttpStatusCode.BadRequest);
        report.GetProperty("errors").GetProperty("file")[0].GetString()!.ShouldContain("合并单元格");

        var missing = Build([["姓名", "公民身份号码", "入党日期"], ["韩梅梅", Id(1991, 33), "2015-07-01"]]);
        var (s2, r2) = await ImportAsync(missing, World.A1.Id, dryRun: true);
        s2.ShouldBe(HttpStatusCode.BadRequest);
        r2.GetProperty("errors").GetProperty("file")[0].GetString()!.ShouldContain("缺少必需的列“人员类别”");
    }

    [Fact]
    public async Task An_id_number_stored_as_an_excel_number_is_refused()
    {
        var file = Build([Header, Row(1, "数字号", "x", World.A1.Name, "2015-07-01", "2016-07-01")
            .Select((v, i) => i == 3 ? (object?)110105199001011234.0 : v).ToArray()]);
        var (_, report) = await ImportAsync(file, World.A1.Id, dryRun: true);
        Errors(report).ShouldContain(e => e.Column == "公民身份号码" && e.Message.Contains("文本"));
    }

    [Fact]
    public async Task Garbage_files_and_files_that_are_not_excel_are_refused_with_nothing_written()
    {
        var before = await App.ScalarAsync("SELECT count(*) FROM members");
        var text = System.Text.Encoding.UTF8.GetBytes("姓名,公民身份号码\n张三,110105199001011234\n");
        var (s1, r1) = await ImportAsync(text, World.A1.Id, dryRun: false, "名单.xlsx");
        s1.ShouldBe(HttpStatusCode.BadRequest);
        r1.GetProperty("errors").GetProperty("file")[0].GetString()!.ShouldContain("不是Excel文件");

        var garbage = new byte[20 * 1024 * 1024];
        new Random(1).NextBytes(garbage);
        garbage[0] = 0x50; garbage[1] = 0x4B; garbage[2] = 0x03; garbage[3] = 0x04; // looks like a zip at first glance
        var (s2, r2) = await ImportAsync(garbage, World.A1.Id, dryRun: false);
        // over the upload limit: 413 naming the limit, before the body is read
        s2.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        r2.GetProperty("detail").GetString()!.ShouldContain("文件超过 10 MB 上限");

        var small = garbage[..(512 * 1024)];
        var (s3, r3) = await ImportAsync(small, World.A1.Id, dryRun: false);
        s3.ShouldBe(HttpStatusCode.BadRequest);
        r3.GetProperty("errors").GetProperty("file")[0].GetString()!.ShouldContain("无法读取");
        (await App.ScalarAsync("SELECT count(*) FROM members")).ShouldBe(before);
    }

    [Fact]
    public async Task Full_width_characters_and_header_variants_are_understood()
    {
        var file = Build([
            ["党员姓名", "身份证号", "党员类别", "入党时间", "转正时间", "所在支部"],
            ["李　华", MemberRulesFullWidth(Id(1984, 35)), "正式", "２０１２年７月１日", "2013/7/1", World.A1.Name],
        ]);
        var (_, report) = await ImportAsync(file, World.A.Id, dryRun: false);
        report.GetProperty("created").GetInt32().ShouldBe(1, report.ToString());
        (await App.ScalarAsync($"SELECT count(*) FROM members WHERE id_number = '{Id(1984, 35)}' AND joined_at = '2012-07-01'")).ShouldBe(1);
    }

    [Fact]
    public async Task The_day_a_member_came_to_the_branch_starts_the_membership_history_when_the_roster_gives_it()
    {
        string[] header = ["姓名", "公民身份号码", "人员类别", "入党日期", "转正日期", "进入党支部日期"];
        var file = Build([
            header,
            ["早来", Id(1980, 41), "正式党员", "2005-07-01", "2006-07-01", "2019-03-15"],
            ["未填", Id(1981, 43), "正式党员", "2006-07-01", "2007-07-01", null],
            ["太早", Id(1982, 45), "正式党员", "2010-07-01", "2011-07-01", "2009-01-01"],
            ["未来", Id(1983, 47), "正式党员", "2010-07-01", "2011-07-01", "2099-01-01"],
        ]);
        var (_, dry) = await ImportAsync(file, World.A1.Id, dryRun: true);
        Errors(dry).ShouldBe([
            (4, "进入党支部日期", "进入党支部日期2009年1月1日不能早于入党日期2010年7月1日"),
            (5, "进入党支部日期", "进入党支部日期不能晚于今天"),
        ]);
        var (_, done) = await ImportAsync(file, World.A1.Id, dryRun: false);
        done.GetProperty("created").GetInt32().ShouldBe(2, done.ToString());
        (await App.ScalarAsync($"SELECT count(*) FROM member_memberships ms JOIN members m ON m.id = ms.member_id WHERE m.id_number = '{Id(1980, 41)}' AND ms.from_date = '2019-03-15' AND ms.to_date IS NULL AND ms.org_id = {World.A1.Id}")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM member_memberships ms JOIN members m ON m.id = ms.member_id WHERE m.id_number = '{Id(1981, 43)}' AND ms.from_date = '2006-07-01'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM member_memberships ms JOIN members m ON m.id = ms.member_id WHERE m.name IN ('早来', '未填')")).ShouldBe(2);
    }

    private static string MemberRulesFullWidth(string s) => new(s.Select(c => char.IsAsciiDigit(c) ? (char)(c + 0xFEE0) : c).ToArray());

    [Fact]
    public async Task The_import_page_checks_in_the_background_shows_the_report_and_commits()
    {
        var c = await App.SignedInAsync("orgadmin");
        var page = await c.GetStringAsync($"/Members/Import?org={World.A.Id}");
        var token = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"").Groups[1].Value);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new ByteArrayContent(GoodAndBad()), "file", "花名册.xlsx");
        var upload = await c.PostAsync($"/Members/Import?handler=Upload&org={World.A.Id}", form);
        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var jobUrl = upload.Headers.Location!.ToString();
        var status = "";
        for (var i = 0; i < 60 && !status.Contains("id=\"import-summary\""); i++)
        {
            await Task.Delay(250);
            status = await c.GetStringAsync(jobUrl.Replace("/Members/Import?", "/Members/Import?handler=Status&", StringComparison.Ordinal));
        }
        status.ShouldContain("校验码错误");
        status.ShouldContain("id=\"import-commit\"");
        var job = System.Text.RegularExpressions.Regex.Match(jobUrl, @"job=(\d+)").Groups[1].Value;
        var commit = await AppFactory.PostFormAsync(c, $"/Members/Import?handler=Commit&org={World.A.Id}&job={job}", new(), jobUrl);
        commit.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        for (var i = 0; i < 60 && !status.Contains("id=\"import-done\""); i++)
        {
            await Task.Delay(250);
            status = await c.GetStringAsync(jobUrl.Replace("/Members/Import?", "/Members/Import?handler=Status&", StringComparison.Ordinal));
        }
        status.ShouldContain("已导入 2 名党员");
        (await App.ScalarAsync("SELECT count(*) FROM members WHERE name IN ('周一', '沈九')")).ShouldBe(2);
    }

    [Fact]
    public async Task The_template_download_is_a_roster_the_importer_reads()
    {
        var c = await App.SignedInAsync("branchsec");
        var template = await c.GetByteArrayAsync($"/Members/Import?handler=Template&org={World.A1.Id}");
        var (status, report) = await ImportAsync(template, World.A1.Id, dryRun: true, user: "branchsec");
        status.ShouldBe(HttpStatusCode.OK, report.ToString());
        report.GetProperty("total").GetInt32().ShouldBe(1);
    }
}
