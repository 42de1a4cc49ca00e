using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bastion.Domain;
using Bastion.Features.Members.Import;
using Bastion.IntegrationTests.Features;
using Bastion.IntegrationTests.Infrastructure;
using static Bastion.IntegrationTests.Infrastructure.RosterFileBuilder;

namespace Bastion.IntegrationTests.Abuse;

/// <summary>
/// Crafted spreadsheets against every importer (member roster: API and page; meeting history: API and page): each is
/// refused in Chinese before it is read, the upload allocates less than 100 MB, and the app goes on working.
/// Runs alone (<see cref="MeasuredAloneCollection"/>), so the process's allocation counter measures the crafted upload
/// and nothing else.
/// </summary>
[Collection(MeasuredAloneCollection.Name)]
public sealed class ImportAbuseTests(AppFactory app, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const long MemoryBudget = 100L * 1024 * 1024;
    private AppFactory App { get; } = app;
    private TestWorld World => App.World;

    public Task InitializeAsync() => App.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    // ---- the crafted files ----

    /// <summary>The file: a roster header, then 10,000 rows each with one cell in column XFD (the last one).</summary>
    private static byte[] WideSparse(int rows = 10_000) => Raw(w =>
    {
        w.Write(InlineRow(1, MemberImportTests.Header));
        for (var r = 2; r <= rows + 1; r++) w.Write($"""<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>""");
    });

    /// <summary>A header and 20 MB more padding than the uncompressed limit, deflating to a few hundred KB.</summary>
    private static byte[] Bomb() => Raw(w =>
    {
        w.Write(InlineRow(1, MemberImportTests.Header));
        var block = string.Concat(Enumerable.Repeat("<!-- padding -->", 64 * 1024)); // 1 MB
        for (var i = 0; i < SheetLimits.MaxUncompressedBytes / 1024 / 1024 + 20; i++) w.Write(block);
    });

    private static byte[] ManyRows(int rows) => Raw(w =>
    {
        w.Write(InlineRow(1, MemberImportTests.Header));
        for (var r = 2; r <= rows + 1; r++) w.Write($"""<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>张{r}</t></is></c></row>""");
    });

    /// <summary>Rows that each break one rule: a 人员类别 the roster does not know.</summary>
    private byte[] BadRows(int rows) => Raw(w =>
    {
        w.Write(InlineRow(1, MemberImportTests.Header));
        for (var i = 0; i < rows; i++)
        {
            var id = ChineseIdNumber.Compose("320106", new DateOnly(1970, 1, 1).AddDays(i), 11);
            w.Write(InlineRow(i + 2, MemberImportTests.Row(i + 1, "党员" + i, id, World.A1.Name, "2015-07-01", "2016-07-01", category: "团员")
                .Select(v => v is null ? null : Convert.ToString(v, CultureInfo.InvariantCulture))));
        }
    });

    // ---- measuring and uploading ----

    /// <summary>
    /// What one request allocates (every byte the process allocated meanwhile: it runs alone) and what it leaves
    /// behind after a full collection.
    /// </summary>
    private static async Task<(T Result, long Allocated, long Retained)> MeasureAsync<T>(Func<Task<T>> request)
    {
        var retained = GC.GetTotalMemory(forceFullCollection: true);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var result = await request();
        return (result, GC.GetTotalAllocatedBytes(precise: true) - allocated, GC.GetTotalMemory(forceFullCollection: true) - retained);
    }

    private void WithinBudget(long allocated, long retained, string what)
    {
        output.WriteLine($"{what}: allocated {allocated / 1024.0 / 1024:F1} MB, retained {retained / 1024.0 / 1024:F1} MB");
        allocated.ShouldBeLessThan(MemoryBudget, $"{what}: allocated {allocated / 1024 / 1024} MB");
        retained.ShouldBeLessThan(MemoryBudget, $"{what}: retained {retained / 1024 / 1024} MB");
    }

    private static MultipartFormDataContent Form(byte[] file, string? token = null)
    {
        var form = new MultipartFormDataContent();
        if (token is not null) form.Add(new StringContent(token), "__RequestVerificationToken");
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(Bastion.Web.Xlsx.ContentType);
        form.Add(content, "file", "花名册.xlsx");
        return form;
    }

    private async Task<(HttpStatusCode Status, string Body, long Allocated, long Retained)> ApiAsync(string path, byte[] file, long org, string user = "orgadmin")
    {
        var c = await App.BearerAsync(user);
        using var form = Form(file);
        var (r, allocated, retained) = await MeasureAsync(async () =>
        {
            var response = await c.PostAsync($"{path}?org={org}&dryRun=true", form);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        });
        return (r.StatusCode, r.Item2, allocated, retained);
    }

    private static string FileError(string body) => JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty("file")[0].GetString()!;

    private static async Task<string> TokenAsync(HttpClient c, string page) =>
        WebUtility.HtmlDecode(Regex.Match(await c.GetStringAsync(page), "name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"").Groups[1].Value);

    private async Task<(HttpResponseMessage Response, string Body, long Allocated, long Retained)> RosterPageAsync(byte[] file)
    {
        var c = await App.SignedInAsync("orgadmin");
        using var form = Form(file, await TokenAsync(c, $"/Members/Import?org={World.A.Id}"));
        var (r, allocated, retained) = await MeasureAsync(async () =>
        {
            var response = await c.PostAsync($"/Members/Import?handler=Upload&org={World.A.Id}", form);
            return (response, await response.Content.ReadAsStringAsync());
        });
        return (r.response, r.Item2, allocated, retained);
    }

    /// <summary>The app still answers, still imports a good roster, and nothing was written.</summary>
    private async Task StillWorksAsync(long members)
    {
        var anon = App.CreateClient();
        (await anon.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync("SELECT count(*) FROM members")).ShouldBe(members);
        var c = await App.BearerAsync("orgadmin");
        using var form = Form(Build(MemberImportTests.GoodAndBadRows(World.A1.Name)));
        var r = await c.PostAsync($"/api/v1/members/import?org={World.A.Id}&dryRun=true", form);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32().ShouldBe(10);
    }

    // ---- the tests ----

    [Fact]
    public async Task A_sheet_with_a_cell_in_column_XFD_on_every_row_is_refused_before_it_is_read_within_100_MB()
    {
        var members = await App.ScalarAsync("SELECT count(*) FROM members");
        var file = WideSparse();
        file.Length.ShouldBeLessThan(200 * 1024, "the issue's file is about 51 KB");

        var (status, body, allocated, retained) = await ApiAsync("/api/v1/members/import", file, World.A.Id);
        WithinBudget(allocated, retained, "roster API");
        status.ShouldBe(HttpStatusCode.BadRequest, body[..Math.Min(body.Length, 500)]);
        FileError(body).ShouldContain($"超过{SheetLimits.MaxColumns}列的上限");
        FileError(body).ShouldContain("XFD");

        var page = await RosterPageAsync(file);
        page.Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Body.ShouldContain("id=\"file-error\"");
        page.Body.ShouldContain($"超过{SheetLimits.MaxColumns}列的上限");
        WithinBudget(page.Allocated, page.Retained, "roster page");
        (await App.ScalarAsync("SELECT count(*) FROM import_jobs")).ShouldBe(0, "refused before a job is made");

        var meetings = await ApiAsync("/api/v1/meetings/import", file, World.A1.Id, "branchsec");
        meetings.Status.ShouldBe(HttpStatusCode.BadRequest, meetings.Body);
        FileError(meetings.Body).ShouldContain($"超过{SheetLimits.MaxColumns}列的上限");
        WithinBudget(meetings.Allocated, meetings.Retained, "meetings API");

        var sec = await App.SignedInAsync("branchsec");
        using var meetingForm = Form(file, await TokenAsync(sec, $"/Meetings/Import?org={World.A1.Id}"));
        var (meetingPage, pageAllocated, pageRetained) = await MeasureAsync(async () =>
            await (await sec.PostAsync($"/Meetings/Import?org={World.A1.Id}&handler=Check", meetingForm)).Content.ReadAsStringAsync());
        meetingPage.ShouldContain("文件无法导入");
        meetingPage.ShouldContain($"超过{SheetLimits.MaxColumns}列的上限");
        WithinBudget(pageAllocated, pageRetained, "meetings page");

        await StillWorksAsync(members);
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_whether_it_declares_its_size_or_lies_about_it()
    {
        var members = await App.ScalarAsync("SELECT count(*) FROM members");
        var bomb = Bomb();
        ((long)bomb.Length).ShouldBeLessThan(RosterReader.MaxBytes);

        var honest = await ApiAsync("/api/v1/members/import", bomb, World.A.Id);
        honest.Status.ShouldBe(HttpStatusCode.BadRequest, honest.Body);
        FileError(honest.Body).ShouldContain($"解压后超过{SheetLimits.MaxUncompressedBytes / 1024 / 1024} MB");
        WithinBudget(honest.Allocated, honest.Retained, "declared bomb");

        // the sheet says it inflates to 10 KB: the bytes actually inflated are counted
        var lying = DeclareSize(bomb, "xl/worksheets/sheet1.xml", 10_000);
        var lie = await ApiAsync("/api/v1/members/import", lying, World.A.Id);
        lie.Status.ShouldBe(HttpStatusCode.BadRequest, lie.Body);
        FileError(lie.Body).ShouldContain("实际解压后比文件声明的大小大");
        WithinBudget(lie.Allocated, lie.Retained, "lying bomb");

        // shared strings are held in memory by the reader: their own, smaller bound
        var strings = Raw(w => w.Write(InlineRow(1, MemberImportTests.Header)), sharedStrings: w =>
        {
            var block = string.Concat(Enumerable.Repeat("<si><t>甲</t></si>", 64 * 1024));
            for (var i = 0; i < SheetLimits.MaxSharedStringsBytes / (block.Length + 2 * 64 * 1024) + 2; i++) w.Write(block);
        });
        var many = await ApiAsync("/api/v1/members/import", strings, World.A.Id);
        many.Status.ShouldBe(HttpStatusCode.BadRequest, many.Body);
        FileError(many.Body).ShouldContain("文字内容超过导入上限");
        WithinBudget(many.Allocated, many.Retained, "shared strings");

        // … by their number (millions of one-letter texts) and by their bytes (few, long texts)
        var countOnly = Raw(w => w.Write(InlineRow(1, MemberImportTests.Header)), sharedStrings: w =>
        {
            var block = string.Concat(Enumerable.Repeat("<si><t>a</t></si>", 64 * 1024));
            for (var i = 0; i < SheetLimits.MaxSharedStrings / (64 * 1024) + 1; i++) w.Write(block);
        });
        var counted = await ApiAsync("/api/v1/members/import", countOnly, World.A.Id);
        counted.Status.ShouldBe(HttpStatusCode.BadRequest, counted.Body);
        FileError(counted.Body).ShouldContain("文字内容超过导入上限");
        WithinBudget(counted.Allocated, counted.Retained, "a million short texts");
        var longTexts = Raw(w => w.Write(InlineRow(1, MemberImportTests.Header)), sharedStrings: w =>
        {
            var block = string.Concat(Enumerable.Repeat("<si><t>" + new string('甲', 2000) + "</t></si>", 1024));
            for (var i = 0; i < SheetLimits.MaxSharedStringsBytes / System.Text.Encoding.UTF8.GetByteCount(block) + 2; i++) w.Write(block);
        });
        var bytes = await ApiAsync("/api/v1/members/import", longTexts, World.A.Id);
        bytes.Status.ShouldBe(HttpStatusCode.BadRequest, bytes.Body);
        FileError(bytes.Body).ShouldContain("文字内容超过导入上限");
        WithinBudget(bytes.Allocated, bytes.Retained, "long texts");

        // a sheet renamed to something other than .xml is still parsed by the reader, so it is scanned all the same
        var renamed = RenamePart(Raw(w =>
        {
            w.Write(InlineRow(1, MemberImportTests.Header));
            w.Write("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>");
            for (var i = 0; i < 3; i++) w.Write(new string('x', 1024 * 1024));
            w.Write("</t></is></c></row>");
        }), "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.dat");
        var hidden = await ApiAsync("/api/v1/members/import", renamed, World.A.Id);
        hidden.Status.ShouldBe(HttpStatusCode.BadRequest, hidden.Body);
        FileError(hidden.Body).ShouldContain("超长的内容");
        WithinBudget(hidden.Allocated, hidden.Retained, "renamed sheet part");

        var page = await RosterPageAsync(lying);
        page.Body.ShouldContain("实际解压后比文件声明的大小大");
        WithinBudget(page.Allocated, page.Retained, "lying bomb on the page");

        await StillWorksAsync(members);
    }

    [Fact]
    public async Task A_sheet_with_more_rows_than_the_limit_is_refused_before_it_is_read()
    {
        var members = await App.ScalarAsync("SELECT count(*) FROM members");
        var limit = $"文件超过{SheetLimits.MaxRows:N0}行";

        var many = await ApiAsync("/api/v1/members/import", ManyRows(SheetLimits.MaxRows + 1_000), World.A.Id);
        many.Status.ShouldBe(HttpStatusCode.BadRequest, many.Body);
        FileError(many.Body).ShouldContain(limit);
        FileError(many.Body).ShouldContain("请分批导入");
        WithinBudget(many.Allocated, many.Retained, "too many rows");

        // one row numbered far down (the reader would give every row above it) and a dimension that declares too many
        var far = Raw(w => { w.Write(InlineRow(1, MemberImportTests.Header)); w.Write(InlineRow(1_048_576, ["孤行"])); });
        FileError((await ApiAsync("/api/v1/members/import", far, World.A.Id)).Body).ShouldContain(limit);
        var declared = Raw(w => w.Write(InlineRow(1, MemberImportTests.Header)), dimension: "A1:L1000000");
        FileError((await ApiAsync("/api/v1/members/import", declared, World.A.Id)).Body).ShouldContain(limit);

        var page = await RosterPageAsync(ManyRows(SheetLimits.MaxRows + 1_000));
        page.Body.ShouldContain(limit);
        (await App.ScalarAsync("SELECT count(*) FROM import_jobs")).ShouldBe(0);

        // the meeting history has its own bound, also checked before reading
        var meetings = await ApiAsync("/api/v1/meetings/import", ManyRows(Bastion.Features.Meetings.Import.MeetingSheet.MaxRows + 100), World.A1.Id, "branchsec");
        meetings.Status.ShouldBe(HttpStatusCode.BadRequest, meetings.Body);
        FileError(meetings.Body).ShouldContain($"文件超过{Bastion.Features.Meetings.Import.MeetingSheet.MaxRows:N0}行");

        await StillWorksAsync(members);
    }

    [Fact]
    public async Task An_answer_lists_the_first_1000_errors_and_counts_the_rest_on_the_api_and_the_page()
    {
        const int rows = 5_000;
        var file = BadRows(rows);

        var (status, body, _, _) = await ApiAsync("/api/v1/members/import", file, World.A.Id);
        status.ShouldBe(HttpStatusCode.OK, body[..Math.Min(body.Length, 500)]);
        var report = JsonDocument.Parse(body).RootElement;
        report.GetProperty("total").GetInt32().ShouldBe(rows);
        report.GetProperty("errors").GetArrayLength().ShouldBe(SheetLimits.MaxErrorsListed);
        report.GetProperty("errorTotal").GetInt32().ShouldBe(rows);
        report.GetProperty("errorRows").GetInt32().ShouldBe(rows);
        report.GetProperty("errors")[0].GetProperty("row").GetInt32().ShouldBe(2, "the first errors, by row");
        report.GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldContain("团员");
        System.Text.Encoding.UTF8.GetByteCount(body).ShouldBeLessThan(300 * 1024, "the answer stays small");

        // the page: the background check stores the capped report and says how many are not listed
        var c = await App.SignedInAsync("orgadmin");
        using var form = Form(file, await TokenAsync(c, $"/Members/Import?org={World.A.Id}"));
        var upload = await c.PostAsync($"/Members/Import?handler=Upload&org={World.A.Id}", form);
        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var statusUrl = upload.Headers.Location!.ToString().Replace("/Members/Import?", "/Members/Import?handler=Status&", StringComparison.Ordinal);
        var html = "";
        for (var i = 0; i < 120 && !html.Contains("id=\"import-summary\""); i++)
        {
            await Task.Delay(250);
            html = await c.GetStringAsync(statusUrl);
        }
        html.ShouldContain("id=\"import-summary\"");
        html.ShouldContain($"另有 {rows - 500:N0} 条错误未列出（共 {rows:N0} 条）");
        html.ShouldContain($"<div class=\"fs-5 fw-bold text-danger\">{rows}</div>", customMessage: "the rows with problems are counted, not only the listed ones");
        (await App.ScalarAsync($"SELECT jsonb_array_length(report->'errors') FROM import_jobs")).ShouldBe(SheetLimits.MaxErrorsListed);
    }
}
