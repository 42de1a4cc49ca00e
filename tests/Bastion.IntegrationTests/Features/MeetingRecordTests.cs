using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.Features.Compliance;
using Bastion.Features.Meetings.Import;
using Bastion.IntegrationTests.Features.Inspections;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Web;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;
using Member = Bastion.Domain.Member;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// The printable 三会一课 record (one meeting, a branch's year) read back with the OpenXML SDK, and bringing a
/// branch's past meetings in from a sheet (补录): template, row report, idempotence, compliance, scope.
/// </summary>
public sealed class MeetingRecordTests(AppFactory app) : AppTest(app)
{
    private sealed record Branch(long Seeded, long Secretary, long Deputy, long M3, long M4, long M5, long Probationary);

    private static readonly DateTimeOffset Held = new(TimeProvider.System.Today().AddDays(-30).ToDateTime(new TimeOnly(14, 30)), TimeSpan.FromHours(8));
    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    private int _seq;

    private Task<long> AddMemberAsync(string name, MemberCategory category = MemberCategory.正式党员) => App.WithDbAsync(async db =>
    {
        var birth = new DateOnly(1986, 4, 7);
        var m = new Member
        {
            OrgId = World.A1.Id, Name = name, Gender = Gender.女, IdNumber = ChineseIdNumber.Compose("110105", birth, 401 + 2 * _seq++), BirthDate = birth,
            Category = category, JoinedAt = category == MemberCategory.预备党员 ? TimeProvider.System.Today().AddMonths(-8) : new DateOnly(2010, 7, 1),
            ConfirmedAt = category == MemberCategory.预备党员 ? null : new DateOnly(2011, 7, 1), CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    });

    /// <summary>A1 with a committee (王书记, 李委员), four members and one 预备党员, existing since 2020.</summary>
    private async Task<Branch> BranchAsync()
    {
        var b = new Branch(World.MemberInOrg[World.A1.Id], await AddMemberAsync("王书记"), await AddMemberAsync("李委员"), await AddMemberAsync("张三"),
            await AddMemberAsync("赵四"), await AddMemberAsync("钱五"), await AddMemberAsync("孙预备", MemberCategory.预备党员));
        await App.WithDbAsync(async db =>
        {
            var start = new DateOnly(2024, 1, 1);
            var term = new OrgTerm { OrgId = World.A1.Id, Number = 3, StartDate = start, DueDate = start.AddYears(3), CreatedAt = DateTimeOffset.UtcNow };
            db.Add(term);
            await db.SaveChangesAsync();
            db.Add(new OrgTermMember { TermId = term.Id, Post = CommitteePost.书记, Name = "王书记", MemberId = b.Secretary, AppointedAt = start });
            db.Add(new OrgTermMember { TermId = term.Id, Post = CommitteePost.副书记, Name = "李委员", MemberId = b.Deputy, AppointedAt = start });
            return await db.SaveChangesAsync();
        });
        // the seeded member's membership started when the test world was made: from 2010 like the others
        await App.ExecAsync($"UPDATE member_memberships SET from_date = '2010-07-01' WHERE member_id = {b.Seeded}");
        await App.ExecAsync($"UPDATE organizations SET created_at = '2020-01-01T00:00:00+08:00' WHERE id = {World.A1.Id}");
        return b;
    }

    private const string Minutes = "<h3>一、学习内容</h3><p>会议由<strong>王书记</strong>主持。</p><ol><li>传达上级文件</li><li>讨论发展党员</li></ol><ul><li>要点甲</li></ul>";

    private async Task<long> RecordAsync(Branch b, DateTimeOffset held, string topic)
    {
        var c = await App.BearerAsync("branchsec");
        var r = await c.PostAsJsonAsync($"/api/v1/meetings?org={World.A.Id}", new
        {
            orgId = World.A1.Id, types = new[] { "支部党员大会", "党课" }, heldAt = Iso(held), endsAt = Iso(held.AddMinutes(90)), place = "三楼党员活动室", topic,
            hostId = b.Secretary, recorderId = b.Deputy, lecturerId = b.Secretary,
            attendeeIds = new[] { b.Secretary, b.Deputy, b.M3, b.M4, b.Probationary },
            leave = new[] { new { memberId = b.M5, reason = "出差" } },
            absentIds = new[] { b.Seeded }, // attendance is marked explicitly (issue 11)
            minutes = Minutes, resolutions = "同意张三同志的入党申请", votesFor = 4, votesAgainst = 0,
        });
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
    }

    private async Task UploadAsync(long meeting, byte[] data, string name)
    {
        var c = await App.BearerAsync("branchsec");
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(data), "file", name);
        var r = await c.PostAsync($"/api/v1/meetings/{meeting}/attachments", form);
        r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
    }

    private static WordprocessingDocument Open(byte[] docx)
    {
        var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        new OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
        return doc;
    }

    private static string Text(WordprocessingDocument doc) => string.Join("\n", doc.MainDocumentPart!.Document.Body!.Descendants<Paragraph>().Select(p => p.InnerText));

    /// <summary>The cells of each table row, as text.</summary>
    private static List<string[]> Rows(WordprocessingDocument doc) =>
        doc.MainDocumentPart!.Document.Body!.Descendants<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToList();

    [Fact]
    public async Task The_meeting_record_has_the_fields_the_names_the_minutes_the_sign_in_sheet_and_the_photo()
    {
        var b = await BranchAsync();
        var id = await RecordAsync(b, Held, "学习贯彻党的二十届四中全会精神");
        // 张三 scanned the QR code at the door
        var scanned = Held.AddMinutes(-5);
        await App.ExecAsync($"UPDATE meeting_attendance SET method = '扫码', checked_in_at = '{Iso(scanned)}' WHERE meeting_id = {id} AND member_id = {b.M3}");
        await UploadAsync(id, Png, "会场照片.png");
        await UploadAsync(id, "%PDF-1.4\n%test\n"u8.ToArray(), "学习材料.pdf");

        var c = await App.BearerAsync("branchsec");
        var r = await c.GetAsync($"/api/v1/meetings/{id}/record.docx");
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        r.Content.Headers.ContentType!.MediaType.ShouldBe(WordDocument.ContentType);
        using var doc = Open(await r.Content.ReadAsByteArrayAsync());
        var text = Text(doc);
        var rows = Rows(doc);
        string Field(string label) => rows.Single(x => x.Length > 1 && x[0] == label)[1];

        text.ShouldContain("组织生活会议记录");
        text.ShouldContain("甲一党支部");
        Field("会议类型").ShouldBe("支部党员大会、党课");
        Field("会议时间").ShouldBe(ChineseDates.DateTime(Held) + "—" + Held.AddMinutes(90).ToString("HH:mm", CultureInfo.InvariantCulture));
        Field("会议地点").ShouldBe("三楼党员活动室");
        rows.Single(x => x[0] == "主 持 人").ShouldBe(["主 持 人", "王书记", "记 录 人", "李委员"]);
        rows.Single(x => x[0] == "应到人数").ShouldBe(["应到人数", "7人", "实到人数", "5人"]);
        rows.Single(x => x[0] == "请假人数").ShouldBe(["请假人数", "1人", "缺席人数", "1人"]);
        Field("出席人员").Split('、').Order().ShouldBe(new[] { "王书记", "李委员", "张三", "赵四", "孙预备" }.Order());
        Field("请假人员").ShouldBe("钱五（出差）");
        Field("缺席人员").ShouldBe("测试党员3");
        Field("会议主题").ShouldBe("学习贯彻党的二十届四中全会精神");
        Field("法定人数").ShouldContain("达到法定人数");
        Field("授 课 人").ShouldBe("王书记");

        // the minutes: heading, bold, numbered and bulleted items
        text.ShouldContain("一、学习内容");
        text.ShouldContain("1. 传达上级文件");
        text.ShouldContain("2. 讨论发展党员");
        text.ShouldContain("• 要点甲");
        doc.MainDocumentPart!.Document.Body!.Descendants<Run>().Any(x => x.InnerText == "王书记" && x.RunProperties?.Bold != null).ShouldBeTrue();
        text.ShouldContain("同意张三同志的入党申请");
        text.ShouldContain("表决结果：赞成4票，反对0票，弃权0票。");

        // the sign-in sheet: one row per person, the scan with its time, the others marked by hand
        var sheet = rows.SkipWhile(x => x.FirstOrDefault() != "序号").ToList();
        sheet[0].ShouldBe(["序号", "姓名", "出勤", "签到方式", "签到时间", "本人签名"]);
        sheet.Count.ShouldBe(8);
        sheet.Single(x => x[1] == "张三")[2..].ShouldBe(["出席", "扫码签到", ChineseDates.DateTime(scanned), ""]);
        sheet.Single(x => x[1] == "王书记")[3].ShouldBe("手工");
        sheet.Single(x => x[1] == "钱五")[2].ShouldBe("请假（出差）");
        sheet.Single(x => x[1] == "测试党员3")[2].ShouldBe("缺席");

        // the photo is embedded, the PDF named
        doc.MainDocumentPart.ImageParts.Count().ShouldBe(1);
        doc.MainDocumentPart.Document.Body.Descendants<Drawing>().Count().ShouldBe(1);
        text.ShouldContain("会场照片.png");
        text.ShouldContain("附件：学习材料.pdf（PDF）");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'meetings.record.export' AND entity_id = '{id}'")).ShouldBe(1);

        // the details page offers it, and its link downloads the same document
        var page = await App.SignedInAsync("branchsec");
        (await page.GetStringAsync($"/Meetings/Details/{id}")).ShouldContain($"/Meetings/Book/Meeting/{id}");
        var viaPage = await page.GetAsync($"/Meetings/Book/Meeting/{id}");
        viaPage.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var again = Open(await viaPage.Content.ReadAsByteArrayAsync());
        Text(again).ShouldContain("一、学习内容");
    }

    [Fact]
    public async Task A_branch_year_is_bound_in_one_file_with_a_cover_a_table_of_contents_and_each_meeting_on_its_own_page()
    {
        var b = await BranchAsync();
        var year = Held.Year;
        await RecordAsync(b, Held, "第一次会议");
        await RecordAsync(b, Held.AddDays(1), "第二次会议");

        var c = await App.BearerAsync("branchsec");
        var r = await c.GetAsync($"/api/v1/meetings/records.docx?org={World.A1.Id}&year={year}");
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var bytes = await r.Content.ReadAsByteArrayAsync();
        using var doc = Open(bytes);
        var body = doc.MainDocumentPart!.Document.Body!;
        var text = Text(doc);
        text.ShouldContain($"{year}年度");
        text.ShouldContain("“三会一课”会议记录");
        text.ShouldContain("共 2 次会议");
        text.ShouldContain("目　录");
        var rows = Rows(doc);
        rows.ShouldContain(x => x.Length == 5 && x[0] == "1" && x[3] == "第一次会议" && x[2] == "支部党员大会、党课");
        rows.ShouldContain(x => x.Length == 5 && x[0] == "2" && x[3] == "第二次会议");
        // 目录 and each meeting start a new page; the 目录 links to each meeting and refers to its page
        body.Descendants<PageBreakBefore>().Count().ShouldBe(3);
        body.Descendants<BookmarkStart>().Count().ShouldBe(2);
        body.Descendants<FieldCode>().Count(f => f.Text.Contains("PAGEREF", StringComparison.Ordinal)).ShouldBe(2);
        body.Descendants<Hyperlink>().Count().ShouldBe(2);
        body.Elements<SectionProperties>().Single().GetFirstChild<TitlePage>().ShouldNotBeNull();
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'meetings.book.export'")).ShouldBe(1);

        // a 党委 is not bound by year; another organization's branch is refused
        var committee = await c.GetAsync($"/api/v1/meetings/records.docx?org={World.A.Id}&year={year}");
        committee.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await committee.Content.ReadAsStringAsync()).ShouldContain("请先切换到党支部");
        (await c.GetAsync($"/api/v1/meetings/records.docx?org={World.B1.Id}&year={year}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // the list page of the branch offers the export
        var page = await App.SignedInAsync("branchsec");
        var list = await page.GetStringAsync($"/Meetings?org={World.A1.Id}");
        list.ShouldContain("导出全年会议记录");
        list.ShouldContain("导入历史会议");
        (await page.GetAsync($"/Meetings/Book/Year?org={World.A1.Id}&year={year}")).Content.Headers.ContentType!.MediaType.ShouldBe(WordDocument.ContentType);
    }

    [SofficeFact]
    public async Task The_year_book_renders_to_pdf_with_libreoffice_with_a_page_for_the_cover_the_contents_and_the_meeting()
    {
        var b = await BranchAsync();
        var id = await RecordAsync(b, Held, "渲染测试会议");
        await UploadAsync(id, Png, "照片.png");
        var c = await App.BearerAsync("branchsec");
        var bytes = await (await c.GetAsync($"/api/v1/meetings/records.docx?org={World.A1.Id}&year={Held.Year}")).Content.ReadAsByteArrayAsync();
        var dir = Directory.CreateTempSubdirectory("bastion-book-");
        try
        {
            var docx = Path.Combine(dir.FullName, "book.docx");
            await File.WriteAllBytesAsync(docx, bytes);
            var pdf = await File.ReadAllBytesAsync(await LibreOffice.ConvertAsync(docx, "pdf"));
            System.Text.Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
            System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]").Count.ShouldBeGreaterThanOrEqualTo(3);
        }
        finally { dir.Delete(recursive: true); }
    }

    // ---- bringing history in ----

    private sealed record ImportReport(int Total, int Valid, int Created, int Existing, List<ImportRow> Errors, List<ImportRow> Notes, bool Committed);
    private sealed record ImportRow(int Row, string Column, string Message);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private async Task<HttpResponseMessage> ImportAsync(byte[] xlsx, bool dryRun, long? org = null, string user = "branchsec")
    {
        var c = await App.BearerAsync(user);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(xlsx);
        file.Headers.ContentType = new(Xlsx.ContentType);
        form.Add(file, "file", "历史会议.xlsx");
        return await c.PostAsync($"/api/v1/meetings/import?org={org ?? World.A1.Id}&dryRun={(dryRun ? "true" : "false")}", form);
    }

    private async Task<ImportReport> ReportAsync(byte[] xlsx, bool dryRun)
    {
        var r = await ImportAsync(xlsx, dryRun);
        var body = await r.Content.ReadAsStringAsync();
        r.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<ImportReport>(body, Web)!;
    }

    /// <summary>A sheet with the template's columns: each row a map of column label → value.</summary>
    private static byte[] Sheet(params Dictionary<string, string>[] rows) =>
        Xlsx.Write("会议记录", MeetingSheet.Columns.Select(c => c.Label).ToList(),
            rows.Select(r => (IReadOnlyList<object?>)MeetingSheet.Columns.Select(c => (object?)r.GetValueOrDefault(c.Label)).ToList()));

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Row(DateOnly day, string kinds, string present, string time = "14:30", string? leave = null, string? absent = null, string topic = "补录的会议") => new()
    {
        ["会议日期"] = D(day), ["开始时间"] = time, ["结束时间"] = "16:00", ["会议类型"] = kinds, ["地点"] = "会议室", ["主持人"] = "王书记", ["记录人"] = "李委员",
        ["主题"] = topic, ["出席"] = present, ["请假"] = leave ?? "", ["缺席"] = absent ?? "", ["会议记录"] = "传达文件\n讨论工作",
    };

    private const string Everyone = "王书记、李委员、张三、赵四、钱五、孙预备、测试党员3";

    [Fact]
    public async Task The_downloaded_template_imports_cleanly_and_importing_it_again_changes_nothing()
    {
        await BranchAsync();
        var c = await App.BearerAsync("branchsec");
        var t = await c.GetAsync($"/api/v1/meetings/import/template?org={World.A1.Id}");
        t.StatusCode.ShouldBe(HttpStatusCode.OK);
        var template = await t.Content.ReadAsByteArrayAsync();

        var dry = await ReportAsync(template, dryRun: true);
        dry.Errors.ShouldBeEmpty();
        (dry.Total, dry.Valid, dry.Created, dry.Committed).ShouldBe((1, 1, 0, false));
        (await App.ScalarAsync("SELECT count(*) FROM meetings")).ShouldBe(0);

        var done = await ReportAsync(template, dryRun: false);
        done.Errors.ShouldBeEmpty();
        (done.Created, done.Committed).ShouldBe((1, true));
        (await App.ScalarAsync("SELECT count(*) FROM meetings WHERE source = '补录' AND state = '已召开' AND quorum_met")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM meeting_attendance WHERE status = '出席' AND method = '录入'")).ShouldBe(7);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'meetings.import'")).ShouldBe(1);

        var again = await ReportAsync(template, dryRun: false);
        (again.Created, again.Existing).ShouldBe((0, 1));
        again.Errors.ShouldBeEmpty();
        (await App.ScalarAsync("SELECT count(*) FROM meetings")).ShouldBe(1);

        // the page's template is the same sheet, and the meeting shows as 补录
        var page = await App.SignedInAsync("branchsec");
        (await page.GetAsync($"/Meetings/Import?org={World.A1.Id}&handler=Template")).Content.Headers.ContentType!.MediaType.ShouldBe(Xlsx.ContentType);
        var id = await App.ScalarAsync("SELECT id FROM meetings");
        (await page.GetStringAsync($"/Meetings/Details/{id}")).ShouldContain("id=\"source-badge\"");
    }

    [Fact]
    public async Task A_bad_sheet_gets_a_chinese_report_per_row_and_column_and_only_the_valid_row_is_imported()
    {
        var b = await BranchAsync();
        var today = TimeProvider.System.Today();
        await RecordAsync(b, Held, "已录入的会议");
        // 赵四 came to the branch ten days ago
        await App.ExecAsync($"UPDATE member_memberships SET from_date = '{D(today.AddDays(-10))}' WHERE member_id = {b.M4}");
        var day = today.AddDays(-40);
        var xlsx = Sheet(
            Row(day, "主题党日", "王书记、查无此人"),                                   // row 2: unknown name
            Row(day, "主题党日", "王书记、赵四", time: "09:00"),                        // row 3: not in the branch that day
            Row(day, "支部大会", "王书记", time: "10:00"),                              // row 4: unknown kind
            Row(today.AddDays(3), "主题党日", "王书记"),                                // row 5: in the future
            Row(DateOnly.FromDateTime(Held.DateTime), "主题党日", "王书记"),             // row 6: another meeting at that time
            Row(day, "主题党日", "王书记、李委员、张三", time: "15:30", leave: "钱五（出差）", absent: "孙预备"), // row 7: valid
            Row(day, "主题党日", "王书记", time: "15:30"),                               // row 8: same time as row 7
            Row(day, "支部党员大会、党小组会", "王书记", time: "11:00"));                // row 9: a 党小组会 on the branch

        var dry = await ReportAsync(xlsx, dryRun: true);
        (dry.Total, dry.Valid).ShouldBe((8, 1));
        dry.Errors.Where(e => e.Row == 9).ShouldContain(e => e.Message.Contains("党小组会请填写召开会议的党小组"));
        string At(int row, string column) => dry.Errors.Single(e => e.Row == row && e.Column == column).Message;
        At(2, "出席").ShouldContain("未找到党员“查无此人”");
        At(3, "出席").ShouldBe($"赵四在{ChineseDates.Date(day)}不是甲一党支部的党员（请核对会议日期，或该党员进入本支部的日期）");
        At(4, "会议类型").ShouldStartWith("未知的会议类型：支部大会");
        At(5, "会议日期").ShouldContain("在将来");
        At(6, "会议日期").ShouldContain("已有一次支部党员大会、党课");
        At(8, "会议日期").ShouldBe("与第7行是同一组织同一时间的会议，重复");
        dry.Errors.ShouldNotContain(e => e.Row == 7);
        // those not named on the valid row are recorded absent, and the report says so
        dry.Notes.Single(n => n.Row == 7).Message.ShouldBe("测试党员3未列入出席、请假或缺席，记为缺席");

        var done = await ReportAsync(xlsx, dryRun: false);
        (done.Created, done.Committed).ShouldBe((1, true));
        (await App.ScalarAsync("SELECT count(*) FROM meetings WHERE source = '补录'")).ShouldBe(1);
        var imported = await App.ScalarAsync("SELECT id FROM meetings WHERE source = '补录'");
        (await App.ScalarAsync($"SELECT count(*) FROM meeting_attendance WHERE meeting_id = {imported} AND status = '请假' AND reason = '出差'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT present * 100 + on_leave * 10 + absent FROM meetings WHERE id = {imported}")).ShouldBe(312); // 赵四 not on that day's roster: 应到 6

        // a file that is not a sheet of meetings is a 400 about the file
        var notSheet = await ImportAsync("not excel"u8.ToArray(), dryRun: true);
        notSheet.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await notSheet.Content.ReadAsStringAsync()).ShouldContain("不是Excel文件");
    }

    [Fact]
    public async Task Imported_meetings_count_for_compliance_so_a_past_month_turns_compliant()
    {
        await BranchAsync();
        // the latest past month that is not a quarter's last (only the monthly rules are then due)
        var month = TimeProvider.System.Today().AddMonths(-1);
        while (month.Month % 3 == 0) month = month.AddMonths(-1);
        var period = Period.Month(month.Year, month.Month);
        var day = new DateOnly(month.Year, month.Month, 10);

        async Task<ComplianceStatus> StatusAsync()
        {
            using var scope = App.Services.CreateScope();
            var engine = scope.ServiceProvider.GetRequiredService<ComplianceEngine>();
            return (await engine.EvaluateBranchAsync(World.A1.Id, period))!.Status;
        }
        (await StatusAsync()).ShouldBe(ComplianceStatus.未达标);

        var xlsx = Sheet(
            Row(day, "支部委员会", "王书记、李委员", topic: "研究本月工作"),
            Row(day, "主题党日", Everyone, time: "09:00", topic: "主题党日：参观教育基地"));
        var done = await ReportAsync(xlsx, dryRun: false);
        done.Errors.ShouldBeEmpty();
        done.Created.ShouldBe(2);
        (await StatusAsync()).ShouldBe(ComplianceStatus.达标);
    }

    [Fact]
    public async Task Importing_is_for_those_who_manage_the_branch_and_only_into_a_branch()
    {
        await BranchAsync();
        var xlsx = Sheet(Row(TimeProvider.System.Today().AddDays(-20), "主题党日", Everyone));
        (await ImportAsync(xlsx, dryRun: true, org: World.B1.Id)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ImportAsync(xlsx, dryRun: true, user: "mem")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ImportAsync(xlsx, dryRun: false, user: "aud")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var committee = await ImportAsync(xlsx, dryRun: false, org: World.A.Id);
        committee.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await committee.Content.ReadAsStringAsync()).ShouldContain("历史会议按党支部导入");
        (await App.ScalarAsync("SELECT count(*) FROM meetings")).ShouldBe(0);
        // the page refuses a 党委 too, with the reason on the page
        var page = await App.SignedInAsync("branchsec");
        (await page.GetStringAsync($"/Meetings/Import?org={World.A.Id}")).ShouldContain("import-not-branch");
    }
}
