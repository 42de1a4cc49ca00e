using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bastion.IntegrationTests.Abuse;

/// <summary>
/// What reaches the exception handler and the binders, as an attacker or a failing database would make it: a killed
/// database backend, a concurrency conflict, an unexpected exception, oversized uploads (by length and chunked), page
/// numbers at int.MaxValue, malformed JSON and impossible dates. Every refusal is Chinese ProblemDetails for the API (an
/// HTML page for pages), never a stack trace; after each, the application is ready and a normal request works.
/// </summary>
public sealed class ApiErrorAbuseTests(AppFactory app) : AppTest(app)
{
    private const long Mb = 1024 * 1024;

    private async Task StillWorksAsync()
    {
        var c = App.Client();
        (await c.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var me = await (await App.BearerAsync("orgadmin")).GetAsync("/api/v1/me");
        me.StatusCode.ShouldBe(HttpStatusCode.OK, await me.Content.ReadAsStringAsync());
    }

    /// <summary>A ProblemDetails answer with this status: problem+json, a Chinese title, a trace id, no exception text.</summary>
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage r, HttpStatusCode status, params string[] secrets)
    {
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(status, body);
        r.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        body.ShouldNotContain("   at ");
        body.ShouldNotContain("Exception");
        foreach (var s in secrets) body.ShouldNotContain(s);
        var p = JsonDocument.Parse(body).RootElement;
        p.GetProperty("status").GetInt32().ShouldBe((int)status);
        p.GetProperty("title").GetString()!.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}");
        p.GetProperty("detail").GetString()!.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}");
        p.GetProperty("traceId").GetString().ShouldNotBeNullOrEmpty();
        p.TryGetProperty("exception", out _).ShouldBeFalse();
        return p;
    }

    // ---- the exception handler ----

    [Fact]
    public async Task A_killed_database_backend_answers_the_API_with_503_problem_details_and_pages_with_the_error_page()
    {
        try
        {
            var api = await App.BearerAsync("orgadmin");
            var pages = await App.SignedInAsync("orgadmin");
            (await api.GetAsync($"/api/v1/members?org={World.A.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

            await KillAppBackendsAsync();
            var r = await api.GetAsync($"/api/v1/members?org={World.A.Id}");
            var p = await ProblemAsync(r, HttpStatusCode.ServiceUnavailable, "57P01", "terminating");
            p.GetProperty("detail").GetString().ShouldBe("数据库暂时不可用，请稍后重试。");
            r.Headers.RetryAfter.ShouldNotBeNull();
            r.Headers.RetryAfter!.Delta.ShouldNotBeNull();

            // the pool holds connections again (a page that works), then they are killed under it
            (await pages.GetAsync($"/Members?org={World.A.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            await KillAppBackendsAsync();
            var page = await pages.GetAsync($"/Members?org={World.A.Id}");
            page.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            page.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
            var html = await page.Content.ReadAsStringAsync();
            html.ShouldContain("数据库暂时不可用");
            html.ShouldNotContain("   at ");

            await StillWorksAsync();
        }
        finally
        {
            // a failure above leaves killed connections idle in the pool: the next test's reset must not draw one
            App.Services.GetRequiredService<Database>().DataSource.Clear();
        }
    }

    /// <summary>
    /// Ends every connection the application (role bastion_app) holds to its database, as an operator or a crash would,
    /// and waits until those backends are gone; the test's own superuser connections are left alone. A connection the
    /// application opens meanwhile (its background workers poll) is new and healthy, so only the ended ones are awaited.
    /// </summary>
    private async Task KillAppBackendsAsync()
    {
        await using var conn = new NpgsqlConnection(App.ConnectionString + ";Pooling=false");
        await conn.OpenAsync();
        var killed = new List<int>();
        // the backends are chosen first, then ended: in one statement the planner may end them before it filters by role
        await using (var find = new NpgsqlCommand($"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND usename = '{Bastion.Data.DatabaseRoles.AppRole}'", conn))
        await using (var rd = await find.ExecuteReaderAsync())
            while (await rd.ReadAsync()) killed.Add(rd.GetInt32(0));
        await using (var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM unnest(@pids) AS pid", conn))
        {
            kill.Parameters.AddWithValue("pids", killed.ToArray());
            await kill.ExecuteScalarAsync();
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var left = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(@pids)", conn);
            left.Parameters.AddWithValue("pids", killed.ToArray());
            if ((long)(await left.ExecuteScalarAsync())! == 0) return;
            await Task.Delay(20);
        }
        throw new InvalidOperationException("the application's backends did not end");
    }

    /// <summary>Throws the given exception when a ledger item is about to be saved (a real endpoint, a real SaveChanges).</summary>
    private sealed class FailingSave(Func<Exception> fail) : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default) =>
            eventData.Context!.ChangeTracker.Entries<LedgerItem>().Any(e => e.State == EntityState.Added) ? throw fail() : base.SavingChangesAsync(eventData, result, ct);
    }

    private async Task<HttpResponseMessage> CreateLedgerItemWithFailingSaveAsync(Func<Exception> fail)
    {
        using var failing = App.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(new FailingSave(fail)))));
        var c = failing.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        c.DefaultRequestHeaders.Authorization = new("Bearer", await App.TokenAsync("insp"));
        return await c.PostAsJsonAsync($"/api/v1/ledger/items?org={World.A.Id}", LedgerBody(Iso(Today.AddDays(30))));
    }

    [Fact]
    public async Task A_concurrency_conflict_answers_409_problem_details()
    {
        var r = await CreateLedgerItemWithFailingSaveAsync(() => new DbUpdateConcurrencyException("row version 7 expected, secret-row-detail"));
        var p = await ProblemAsync(r, HttpStatusCode.Conflict, "secret-row-detail");
        p.GetProperty("detail").GetString().ShouldBe("数据已被他人修改，请刷新后重试。");
        (await App.ScalarAsync("SELECT count(*) FROM ledger_items")).ShouldBe(0);
        await StillWorksAsync();
    }

    [Fact]
    public async Task Any_other_exception_answers_500_problem_details_without_its_message()
    {
        var r = await CreateLedgerItemWithFailingSaveAsync(() => new InvalidOperationException("secret-internal-detail in /srv/bastion/Program.cs"));
        var p = await ProblemAsync(r, HttpStatusCode.InternalServerError, "secret-internal-detail", "/srv/bastion");
        p.GetProperty("title").GetString().ShouldBe("服务器内部错误");
        await StillWorksAsync();
    }

    // ---- oversized uploads ----

    private static MultipartFormDataContent FileForm(long bytes, string name = "big.xlsx", bool chunked = false)
    {
        var data = new byte[bytes];
        HttpContent file = chunked ? new StreamContent(new NonSeekable(new MemoryStream(data))) : new ByteArrayContent(data);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    [Fact]
    public async Task An_oversized_upload_to_the_API_answers_413_naming_the_limit_whether_its_length_is_declared_or_chunked()
    {
        var c = await App.BearerAsync("orgadmin");
        var declared = await c.PostAsync($"/api/v1/members/import?org={World.A.Id}&dryRun=true", FileForm(12 * Mb));
        (await ProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge)).GetProperty("detail").GetString()!.ShouldContain("文件超过 10 MB 上限");

        var chunked = await c.PostAsync($"/api/v1/members/import?org={World.A.Id}&dryRun=true", FileForm(12 * Mb, chunked: true));
        (await ProblemAsync(chunked, HttpStatusCode.RequestEntityTooLarge)).GetProperty("detail").GetString()!.ShouldContain("文件超过 10 MB 上限");

        // a file just over the limit (inside the form's allowance): refused by its own length, same answer
        await App.SeedRecordMeetingsAsync();
        var meeting = World.MeetingInOrg[World.A1.Id];
        var attachment = await c.PostAsync($"/api/v1/meetings/{meeting}/attachments", FileForm(10 * Mb + 100 * 1024, "photo.png"));
        (await ProblemAsync(attachment, HttpStatusCode.RequestEntityTooLarge)).GetProperty("detail").GetString()!.ShouldContain("文件超过 10 MB 上限");

        var meetings = await c.PostAsync($"/api/v1/meetings/import?org={World.A1.Id}&dryRun=true", FileForm(3 * Mb));
        (await ProblemAsync(meetings, HttpStatusCode.RequestEntityTooLarge)).GetProperty("detail").GetString()!.ShouldContain("文件超过 2 MB 上限");

        (await App.ScalarAsync("SELECT count(*) FROM import_jobs")).ShouldBe(0);
        await StillWorksAsync();
    }

    [Fact]
    public async Task An_oversized_upload_on_a_page_shows_the_error_next_to_the_file_input_and_a_huge_one_the_413_page()
    {
        var c = await App.SignedInAsync("orgadmin");
        var url = $"/Members/Import?org={World.A.Id}";
        var form = FileForm(12 * Mb);
        form.Add(new StringContent(await TokenAsync(c, url)), "__RequestVerificationToken");
        var r = await c.PostAsync($"/Members/Import?handler=Upload&org={World.A.Id}", form);
        var html = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.OK, html.Length > 2000 ? html[..2000] : html);
        html.ShouldContain("id=\"file-error\"");
        html.ShouldContain("文件超过 10 MB 上限");
        html.ShouldContain("is-invalid");

        // beyond what a page reads at all (33 MB for the 2 MB meeting sheet): the Chinese 413 page, not a 500
        var importUrl = $"/Meetings/Import?org={World.A1.Id}";
        var huge = FileForm(34 * Mb);
        huge.Add(new StringContent(await TokenAsync(c, importUrl)), "__RequestVerificationToken");
        var big = await c.PostAsync($"/Meetings/Import?handler=Check&org={World.A1.Id}", huge);
        big.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        big.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        (await big.Content.ReadAsStringAsync()).ShouldContain("文件超过 2 MB 上限");

        (await App.ScalarAsync("SELECT count(*) FROM import_jobs")).ShouldBe(0);
        await StillWorksAsync();
    }

    private static async Task<string> TokenAsync(HttpClient c, string url)
    {
        var page = await c.GetStringAsync(url);
        var m = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*? value=\"([^\"]+)\"");
        m.Success.ShouldBeTrue($"no antiforgery token on {url}");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    // ---- paging ----

    [Theory]
    [InlineData("2147483647", "50", true)]
    [InlineData("-2147483648", "50", false)]
    [InlineData("0", "0", false)]
    [InlineData("-1", "-5", false)]
    [InlineData("2147483647", "2147483647", true)]
    public async Task The_audit_API_clamps_any_page_and_size(string page, string size, bool last)
    {
        // enough audit rows for three pages of 50
        await App.ExecAsync("""
            INSERT INTO audit_log (at, actor_name, action, entity, entity_id, result)
            SELECT now(), 'test', 'test.row', 'test', g::text, 'success' FROM generate_series(1, 120) g
            """);
        var total = await App.ScalarAsync("SELECT count(*) FROM audit_log");
        var c = await App.BearerAsync("aud");
        var r = await c.GetAsync($"/api/v1/audit?Page={page}&Size={size}");
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var json = JsonDocument.Parse(body).RootElement;
        var s = json.GetProperty("size").GetInt32();
        s.ShouldBeInRange(1, 500);
        json.GetProperty("page").GetInt32().ShouldBe(last ? (int)((total + s - 1) / s) : 1);
        json.GetProperty("items").GetArrayLength().ShouldBeGreaterThan(0);
        await StillWorksAsync();
    }

    [Theory]
    [InlineData("/api/v1/members")]
    [InlineData("/api/v1/transfers")]
    [InlineData("/api/v1/ledger/items")]
    [InlineData("/api/v1/meetings")]
    [InlineData("/api/v1/united-front")]
    public async Task Other_list_APIs_clamp_any_page_and_size(string list)
    {
        var c = await App.BearerAsync("orgadmin");
        foreach (var (page, size) in new[] { ("2147483647", "2147483647"), ("-2147483648", "-1"), ("0", "0"), ("2147483647", "1") })
        {
            var r = await c.GetAsync($"{list}?org={World.A.Id}&page={page}&pageSize={size}");
            var body = await r.Content.ReadAsStringAsync();
            r.StatusCode.ShouldBe(HttpStatusCode.OK, $"{list} page={page} pageSize={size}: {body}");
            var json = JsonDocument.Parse(body).RootElement;
            json.GetProperty("page").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
            json.GetProperty("pageSize").GetInt32().ShouldBeInRange(1, 200);
        }
        await StillWorksAsync();
    }

    // ---- malformed bodies ----

    private DateOnly Today => ChineseDates.DayOf(App.Clock.GetUtcNow());
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private object LedgerBody(string deadline) => new
    {
        title = "整改党费收缴不规范问题", source = "整改", deadline, responsibleOrgId = World.A1.Id, responsiblePersonId = World.UserIds["mem"],
        workStandard = "党费按月足额收缴", assessingDepartment = "集团巡察办", verifierId = World.UserIds["branchsec"],
    };

    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> FieldErrorsAsync(HttpResponseMessage r) =>
        (await ProblemAsync(r, HttpStatusCode.BadRequest)).GetProperty("errors");

    [Fact]
    public async Task An_impossible_date_is_named_by_its_field()
    {
        var insp = await App.BearerAsync("insp");
        var body = JsonSerializer.Serialize(LedgerBody("2026-02-30"));
        var errors = await FieldErrorsAsync(await insp.PostAsync($"/api/v1/ledger/items?org={World.A.Id}", Json(body)));
        errors.GetProperty("deadline")[0].GetString().ShouldBe("日期无效");

        var org = await App.BearerAsync("orgadmin");
        var member = """{"name":"张三","idNumber":"110105198003100000","gender":"男","category":"正式党员","joinedAt":"2010-13-01"}""";
        var m = await FieldErrorsAsync(await org.PostAsync($"/api/v1/members?org={World.A1.Id}", Json(member)));
        m.GetProperty("joinedAt")[0].GetString().ShouldBe("日期无效");

        // the property path as JSON names it, whatever case the client used
        var upper = await FieldErrorsAsync(await org.PostAsync($"/api/v1/members?org={World.A1.Id}", Json("""{"Name":"张三","BirthDate":"1990-02-29"}""")));
        upper.GetProperty("birthDate")[0].GetString().ShouldBe("日期无效");

        (await App.ScalarAsync("SELECT count(*) FROM ledger_items")).ShouldBe(0);
        await StillWorksAsync();
    }

    [Fact]
    public async Task Malformed_JSON_is_reported_on_the_document_with_its_line()
    {
        var insp = await App.BearerAsync("insp");
        var errors = await FieldErrorsAsync(await insp.PostAsync($"/api/v1/ledger/items?org={World.A.Id}", Json("{\n  \"title\": \"整改\",\n  \"deadline\": 2026-\n}")));
        errors.GetProperty("$")[0].GetString()!.ShouldStartWith("JSON 格式错误（第 3 行");

        var wrongType = await FieldErrorsAsync(await insp.PostAsync($"/api/v1/ledger/items?org={World.A.Id}", Json("""{"title":"整改","responsibleOrgId":"甲"}""")));
        wrongType.GetProperty("responsibleOrgId")[0].GetString().ShouldBe("数字无效");

        var member = await App.BearerAsync("orgadmin");
        var truncated = await FieldErrorsAsync(await member.PostAsync($"/api/v1/members?org={World.A1.Id}", Json("""{"name":"张三","gender":""")));
        truncated.GetProperty("$")[0].GetString()!.ShouldStartWith("JSON 格式错误");

        // a query value of the wrong type names its parameter too
        var query = await FieldErrorsAsync(await member.GetAsync($"/api/v1/members?org={World.A.Id}&page=abc"));
        query.GetProperty("page")[0].GetString().ShouldBe("数字无效");

        (await App.ScalarAsync("SELECT count(*) FROM ledger_items")).ShouldBe(0);
        await StillWorksAsync();
    }
}
