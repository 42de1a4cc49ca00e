using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bastion.Domain;
using Bastion.Features.Development;
using Bastion.IntegrationTests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Bastion.IntegrationTests.Features;

/// <summary>
/// The development documents downloaded through HTTP and read back: the 公示 notice (.docx, working days on the holiday
/// calendar, 暂算), the two summary lists (.xlsx), the 纪实表 (.docx, ID number masked unless full and audited), the
/// annual plan against approvals with the rushed-development warning (.xlsx), and who may download which.
/// </summary>
public sealed class DevelopmentDocumentTests(AppFactory app) : AppTest(app)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private void SetToday(DateOnly day) => App.Clock.Offset = ChineseDates.At(day, new TimeOnly(10, 0)) - TimeProvider.System.GetUtcNow();

    public static string IdOf(int n) => ChineseIdNumber.Compose("110105", new DateOnly(1996, 1, 1).AddDays(n * 37), 200 + n);

    /// <summary>
    /// A case written straight to the database (the gates are DevelopmentCaseTests' business): its steps in order, each
    /// (code, day, fields).
    /// </summary>
    public static Task<long> SeedCaseAsync(AppFactory app, long orgId, string name, int n, DevelopmentState state, params (string Step, string On, DevelopmentStepFields? Fields)[] steps) =>
        app.WithDbAsync(async db =>
        {
            var id = IdOf(n);
            var birth = new DateOnly(1996, 1, 1).AddDays(n * 37);
            var c = new DevelopmentCase
            {
                OrgId = orgId, Name = name, IdNumber = id, BirthDate = birth, Gender = n % 2 == 0 ? Gender.女 : Gender.男, AppliedOn = D(steps[0].On), State = state,
                PackVersion = DevelopmentRulePacks.细则2014.Version, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
                VolunteerBookNo = steps.Any(s => s.Step == "13") ? "2026000" + n : null,
            };
            db.Add(c);
            await db.SaveChangesAsync();
            foreach (var (step, on, fields) in steps)
                db.Add(new DevelopmentStep
                {
                    CaseId = c.Id, OrgId = orgId, Step = step, On = D(on), Fields = DevelopmentFacts.WriteFields(fields ?? new()),
                    RecordedBy = DevelopmentSteps.Get(step).Actor == StepActor.党委 ? "orgadmin" : "branchsec", RecordedAt = DateTimeOffset.UtcNow,
                });
            await db.SaveChangesAsync();
            return c.Id;
        });

    private static readonly VoteTally Passed = new(7, 5, 4, 0, 1, 1, 0, 0, 2, true, true, [], [], [], []);

    /// <summary>Steps 1–7 of a 发展对象 (积极分子 2025-04-10, 发展对象 2026-04-10).</summary>
    private static (string, string, DevelopmentStepFields?)[] ToCandidate(int year = 2025) =>
    [
        ("1", $"{year - 1}-12-01", null), ("2", $"{year - 1}-12-20", new() { Talker = "张一" }), ("3", $"{year}-04-10", new() { Recommendation = "党员推荐" }),
        ("4", $"{year}-04-15", null), ("5", $"{year}-04-20", new() { MemberNames = ["张一"] }), ("6", $"{year}-09-01", new() { Note = "表现良好" }),
        ("6", $"{year + 1}-03-01", new() { Note = "继续考察" }), ("7", $"{year + 1}-04-10", null),
    ];

    /// <summary>A 发展对象 through the 支部大会 of 2026-07-10 (预备党员待审批).</summary>
    private static (string, string, DevelopmentStepFields?)[] ToMeeting() =>
    [
        .. ToCandidate(), ("8", "2026-04-12", null), ("9", "2026-04-15", new() { MemberNames = ["张一", "张二"] }), ("10", "2026-05-10", new() { Conclusion = "合格" }),
        ("11", "2026-06-10", new() { TrainingDays = 3, TrainingHours = 24 }), ("12", "2026-06-20", null), ("12a", "2026-06-22", null),
        ("13", "2026-06-30", null), ("14", "2026-07-05", null), ("15", "2026-07-10", new() { Vote = Passed }),
    ];

    private async Task<HttpResponseMessage> GetAsync(string user, string url) => await (await App.BearerAsync(user)).GetAsync(url);

    private async Task<byte[]> DownloadAsync(string user, string url, string contentType)
    {
        var r = await GetAsync(user, url);
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        r.Content.Headers.ContentType!.MediaType.ShouldBe(contentType);
        return await r.Content.ReadAsByteArrayAsync();
    }

    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The paragraphs' text (table cells included), one per line, after the SDK validator.</summary>
    private static string ReadDocx(byte[] docx)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        new OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
        return string.Join("\n", doc.MainDocumentPart!.Document.Body!.Descendants<W.Paragraph>().Select(p => p.InnerText));
    }

    /// <summary>The table rows of a .docx, each a list of cell texts.</summary>
    private static List<List<string>> DocxRows(byte[] docx)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return doc.MainDocumentPart!.Document.Body!.Descendants<W.TableRow>().Select(r => r.Elements<W.TableCell>().Select(c => c.InnerText).ToList()).ToList();
    }

    private static List<List<string>> ReadCells(byte[] xlsx)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var sheet = doc.WorkbookPart!.WorksheetParts.First().Worksheet;
        return sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
    }

    /// <summary>A form's grid: from its header row (序号) to the first empty row.</summary>
    private static List<List<string>> Grid(List<List<string>> all) =>
        all.SkipWhile(r => r.FirstOrDefault() != "序号").TakeWhile(r => r.Count > 0).ToList();

    /// <summary>What a form has under its grid.</summary>
    private static List<List<string>> Below(List<List<string>> all) =>
        all.SkipWhile(r => r.FirstOrDefault() != "序号").SkipWhile(r => r.Count > 0).ToList();

    private Task SeedCalendarAsync(int year, params string[] daysOff) => App.WithDbAsync(async db =>
    {
        db.Add(new HolidayArrangement { Year = year, DaysOff = [.. daysOff.Select(D)], MakeupWorkdays = [], UpdatedAt = DateTimeOffset.UtcNow, UpdatedBy = "test" });
        await db.SaveChangesAsync();
        return 0;
    });

    [Fact]
    public async Task The_publicity_notice_names_the_candidates_and_counts_five_working_days_on_the_holiday_calendar()
    {
        SetToday(D("2026-06-12"));
        // 2026-06-19 (Friday, 端午) is a day off: from Monday 06-15 the fifth working day is Monday 06-22
        await SeedCalendarAsync(2026, "2026-06-19");
        var wang = await SeedCaseAsync(App, World.A1.Id, "王接收", 1, DevelopmentState.发展对象, ToCandidate());
        var li = await SeedCaseAsync(App, World.A1.Id, "李接收", 2, DevelopmentState.发展对象, ToCandidate());
        await SeedCaseAsync(App, World.A1.Id, "陈积极", 3, DevelopmentState.入党积极分子, ToCandidate()[..6]);
        await SeedCaseAsync(App, World.B1.Id, "乙接收", 4, DevelopmentState.发展对象, ToCandidate());

        var url = $"/api/v1/development/documents/publicity.docx?org={World.A.Id}&kind=接收&start=2026-06-15&phone=010-12345678&mailbox=dangwei@example.com";
        var bytes = await DownloadAsync("branchsec", url, Docx);
        var text = ReadDocx(bytes);
        text.ShouldContain("关于拟发展党员的公示");
        text.ShouldContain("公示时间：2026年6月15日至2026年6月22日（5个工作日）");
        text.ShouldNotContain("暂算");
        text.ShouldContain("联系电话：010-12345678");
        text.ShouldContain("意见邮箱：dangwei@example.com");
        text.ShouldContain("甲公司党委");
        var rows = DocxRows(bytes);
        rows[0].ShouldBe(["序号", "姓名", "性别", "出生年月", "所在单位", "申请入党时间", "确定入党积极分子时间", "确定发展对象时间", "所处阶段"]);
        rows.Skip(1).Select(r => r[1]).ShouldBe(["王接收", "李接收"]); // the 积极分子 and B1's 发展对象 are not listed
        rows[1].ShouldBe(["1", "王接收", "男", "1996.02", "甲一党支部", "2024-12-01", "2025-04-10", "2026-04-10", "发展对象（拟接收为预备党员）"]);
        text.ShouldNotContain(IdOf(1)); // no ID number in a notice
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'development.publicity.export' AND org_id = {World.A.Id} AND after->>'people' = '2'")).ShouldBe(1);

        // one person chosen; a year without a calendar is 暂算
        var one = ReadDocx(await DownloadAsync("branchsec", $"/api/v1/development/documents/publicity.docx?org={World.A.Id}&cases={li}&start=2027-01-04&phone=5551234", Docx));
        one.ShouldContain("李接收");
        one.ShouldNotContain("王接收");
        one.ShouldContain("公示时间：2027年1月4日至2027年1月8日（5个工作日）（所跨年份的节假日安排未登记，工作日暂算）");
        one.ShouldNotContain("意见邮箱");
        _ = wang;
    }

    [Fact]
    public async Task The_publicity_notice_refuses_a_missing_contact_and_a_person_outside_the_organization()
    {
        SetToday(D("2026-06-12"));
        var other = await SeedCaseAsync(App, World.B1.Id, "乙接收", 4, DevelopmentState.发展对象, ToCandidate());
        await SeedCaseAsync(App, World.A1.Id, "王接收", 1, DevelopmentState.发展对象, ToCandidate());
        var r = await GetAsync("branchsec", $"/api/v1/development/documents/publicity.docx?org={World.A.Id}&start=2026-06-15");
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("phone")[0].GetString().ShouldBe("请填写受理意见的联系电话");
        r = await GetAsync("branchsec", $"/api/v1/development/documents/publicity.docx?org={World.A.Id}&cases={other}&start=2026-06-15&phone=1");
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("cases")[0].GetString().ShouldBe($"档案{other}不在甲公司党委，或不处于发展对象阶段");
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'development.publicity.export'")).ShouldBe(0);
    }

    [Fact]
    public async Task The_confirmation_notice_lists_probationers_with_the_end_of_their_probation()
    {
        SetToday(D("2026-06-12"));
        await SeedCaseAsync(App, World.A1.Id, "赵转正", 5, DevelopmentState.预备党员, Probation("2025-07-10", "2025-08-01"));
        var bytes = await DownloadAsync("branchsec", $"/api/v1/development/documents/publicity.docx?org={World.A1.Id}&kind=转正&start=2026-06-15&phone=5551234", Docx);
        ReadDocx(bytes).ShouldContain("关于预备党员拟转正的公示");
        DocxRows(bytes)[1].ShouldBe(["1", "赵转正", "男", CaseBirth(5), "甲一党支部", "2025-07-10", "2026-07-10", "预备党员（拟转正）"]);
    }

    /// <summary>A 预备党员: 发展对象 2025-04-10, the 支部大会 and its approval, and more steps.</summary>
    private static (string, string, DevelopmentStepFields?)[] Probation(string meeting, string approval, params (string, string, DevelopmentStepFields?)[] more) =>
        [.. ToCandidate(2024), ("15", meeting, new() { Vote = Passed }), ("16", meeting, null), ("17", approval, null), .. more];

    private static string CaseBirth(int n) { var b = new DateOnly(1996, 1, 1).AddDays(n * 37); return $"{b.Year}.{b.Month:00}"; }

    [Fact]
    public async Task The_admission_list_has_one_row_per_person_waiting_for_approval_with_the_dates_and_results()
    {
        SetToday(D("2026-07-20"));
        await SeedCalendarAsync(2026);
        await SeedCaseAsync(App, World.A1.Id, "李发展", 2, DevelopmentState.预备党员待审批, ToMeeting());
        await SeedCaseAsync(App, World.A1.Id, "王接收", 1, DevelopmentState.发展对象, ToCandidate());
        await SeedCaseAsync(App, World.B1.Id, "乙待批", 4, DevelopmentState.预备党员待审批, ToMeeting());

        var all = ReadCells(await DownloadAsync("orgadmin", $"/api/v1/development/documents/admission-list.xlsx?org={World.A.Id}", XlsxType));
        // a form: its title, the 党委 and the day above the grid, the 党委's opinion, signature and seal below it
        all[0].ShouldBe(["拟吸收预备党员名单汇总审批表"]);
        all[1].ShouldBe(["党委：甲公司党委"]);
        all[2].ShouldBe(["制表日期：2026年7月20日"]);
        var rows = Grid(all);
        Below(all).ShouldBe([[], ["党委审批意见："], ["负责人（签字）：", "", "", "（党委盖章）"], ["", "", "", "年　　月　　日"]]);
        rows[0].ShouldBe(["序号", "姓名", "性别", "出生年月", "所在党支部", "申请入党时间", "确定入党积极分子时间", "确定发展对象时间", "培养联系人", "入党介绍人",
            "政审结论", "培训情况", "公示情况", "党委预审时间", "志愿书编号", "支部大会时间", "表决结果", "党委审批意见"]);
        rows.Count.ShouldBe(2);
        rows[1].ShouldBe(["1", "李发展", "女", CaseBirth(2), "甲一党支部", "2024-12-01", "2025-04-10", "2026-04-10", "张一", "张一、张二", "合格", "集中培训3天、24学时",
            "2026-06-22至2026-06-26", "2026-06-30", "20260002", "2026-07-10", "应到7人，实到5人；赞成5票（含会前书面1票），反对0票，弃权1票；通过", ""]);
        rows.SelectMany(r => r).ShouldNotContain(IdOf(2));
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'development.admission_list.export' AND after->>'rows' = '1'")).ShouldBe(1);
    }

    [Fact]
    public async Task The_confirmation_list_has_the_probationers_who_applied_or_whose_probation_ends_within_60_days()
    {
        SetToday(D("2026-06-12"));
        await SeedCaseAsync(App, World.A1.Id, "赵转正", 5, DevelopmentState.预备党员, Probation("2025-07-10", "2025-08-01", ("20", "2025-08-20", null), ("22", "2026-06-10", null)));
        await SeedCaseAsync(App, World.A1.Id, "钱期满", 6, DevelopmentState.预备党员, Probation("2025-08-05", "2025-09-01"));
        await SeedCaseAsync(App, World.A1.Id, "孙尚早", 7, DevelopmentState.预备党员, Probation("2025-12-01", "2026-01-10"));

        var all = ReadCells(await DownloadAsync("orgadmin", $"/api/v1/development/documents/confirmation-list.xlsx?org={World.A.Id}", XlsxType));
        all.Take(3).ShouldBe([["申请转正预备党员汇总预审表"], ["党委：甲公司党委"], ["制表日期：2026年6月12日"]]);
        Below(all)[1].ShouldBe(["党委预审意见："]);
        Below(all)[2].ShouldContain("（党委盖章）");
        var rows = Grid(all);
        rows.Skip(1).Select(r => r[1]).ShouldBe(["赵转正", "钱期满"]); // 孙尚早's probation ends 2026-12-01
        rows[1].ShouldBe(["1", "赵转正", "男", CaseBirth(5), "甲一党支部", "2025-07-10", "2025-08-01", "", "2025-08-20", "2026-07-10", "", "2026-06-10", "", "", "", "", ""]);
        rows[2][9].ShouldBe("2026-08-05");
        rows[2][11].ShouldBe("");
    }

    [Fact]
    public async Task The_record_sheet_has_every_step_with_dates_and_results_and_masks_the_id_number_unless_full_is_allowed()
    {
        SetToday(D("2026-07-20"));
        await SeedCalendarAsync(2026);
        // 介绍人 张一 and 张二 are members of the branch, replaced twice through the API (张一 by 张三, then 张三 by 张四)
        var people = await App.WithDbAsync(async db =>
        {
            var ms = new[] { "张一", "张二", "张三", "张四" }.Select((name, i) => new Bastion.Domain.Member
            {
                OrgId = World.A1.Id, Name = name, Gender = Gender.男, IdNumber = ChineseIdNumber.Compose("110105", new DateOnly(1975, 3, 1).AddDays(i * 50), 700 + i),
                BirthDate = new DateOnly(1975, 3, 1).AddDays(i * 50), Category = MemberCategory.正式党员, JoinedAt = D("2005-07-01"), ConfirmedAt = D("2006-07-01"),
                CreatedAt = DateTimeOffset.UtcNow,
            }).ToList();
            db.Members.AddRange(ms);
            await db.SaveChangesAsync();
            return ms.ToDictionary(m => m.Name, m => m.Id);
        });
        var steps = ToMeeting().Select(s => s.Item1 == "9" ? ("9", s.Item2, new DevelopmentStepFields { MemberIds = [people["张一"], people["张二"]], MemberNames = ["张一", "张二"] }) : s).ToArray();
        var id = await SeedCaseAsync(App, World.A1.Id, "李发展", 2, DevelopmentState.预备党员待审批, steps);
        var branch = await App.BearerAsync("branchsec");
        foreach (var (from, to, on, reason) in new[] { ("张一", "张三", "2026-05-20", "张一调离本单位"), ("张三", "张四", "2026-07-15", "张三病故") })
        {
            var r = await branch.PostAsJsonAsync($"/api/v1/development/cases/{id}/sponsors", new { replacedMemberId = people[from], memberId = people[to], on, reason });
            r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }
        var bytes = await DownloadAsync("branchsec", $"/api/v1/development/cases/{id}/record.docx", Docx);
        var text = ReadDocx(bytes);
        text.ShouldContain("发展党员工作纪实表");
        text.ShouldContain(Masking.IdNumber(IdOf(2)));
        text.ShouldNotContain(IdOf(2));
        foreach (var stage in Enum.GetValues<DevelopmentStage>()) text.ShouldContain(stage.ToString());
        var rows = DocxRows(bytes);
        // every step of the pack, the 考察 twice, each with its date, who, and result
        rows.Count(r => r.Count == 5 && r[0] == "6").ShouldBe(2);
        rows.Single(r => r.Count == 5 && r[0] == "9").ShouldBe(["9", "确定入党介绍人", "2026-04-15", "支部（支部书记/支委）", "入党介绍人：张一、张二"]);
        rows.Single(r => r.Count == 5 && r[0] == "12a")[4].ShouldBe("公示期：2026-06-22至2026-06-26");
        rows.Single(r => r.Count == 5 && r[0] == "15")[4].ShouldBe("表决：应到7人，实到5人；赞成5票（含会前书面1票），反对0票，弃权1票；通过");
        rows.Single(r => r.Count == 5 && r[0] == "17").ShouldBe(["17", "上级党委审批", "", "党委", "未记录"]);
        rows.Single(r => r.Count == 5 && r[0] == "25")[4].ShouldBe("未记录");
        // each replacement in date order among the steps: its date, old → new 介绍人 and the reason
        var replacements = rows.Where(r => r.Count == 5 && r[1] == "更换入党介绍人").ToList();
        replacements.ShouldBe([
            ["—", "更换入党介绍人", "2026-05-20", "支部（支部书记/支委）", "入党介绍人：张一→张三；更换原因：张一调离本单位"],
            ["—", "更换入党介绍人", "2026-07-15", "支部（支部书记/支委）", "入党介绍人：张三→张四；更换原因：张三病故"],
        ]);
        var at = (string code) => rows.FindIndex(r => r.Count == 5 && r[0] == code);
        rows.IndexOf(replacements[0]).ShouldBe(at("10") + 1, "after the 政审 of 2026-05-10, before the 培训 of 2026-06-10");
        rows.IndexOf(replacements[1]).ShouldBe(at("15") + 1, "after the 支部大会 of 2026-07-10, before the 党委's 谈话 not yet recorded");
        text.ShouldContain("下一步：第16步“上级党委派人谈话”");
        // the 党委's admission list names who sponsors now (张一 → 张三 → 张四), not step 9's pair
        Grid(ReadCells(await DownloadAsync("orgadmin", $"/api/v1/development/documents/admission-list.xlsx?org={World.A.Id}", XlsxType)))
            .Single(r => r.Count > 9 && r[1] == "李发展")[9].ShouldBe("张四、张二");
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'development.record.export' AND entity_id = '{id}' AND after->>'unmasked' = 'false'")).ShouldBe(1);

        // the full ID number: only with PersonalDataFull, and audited
        (await GetAsync("branchsec", $"/api/v1/development/cases/{id}/record.docx?full=true")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var full = ReadDocx(await DownloadAsync("orgadmin", $"/api/v1/development/cases/{id}/record.docx?full=true", Docx));
        full.ShouldContain(IdOf(2));
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'personal.view_full' AND entity = 'development_cases' AND entity_id = '{id}'")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE concat(before::text, after::text) LIKE '%{IdOf(2)}%'")).ShouldBe(0);

        // a case outside the caller's scope is not found
        var other = await SeedCaseAsync(App, World.B1.Id, "乙待批", 4, DevelopmentState.预备党员待审批, ToMeeting());
        (await GetAsync("branchsec", $"/api/v1/development/cases/{other}/record.docx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [SofficeFact]
    public async Task The_record_sheet_and_the_notice_render_to_pdf_with_libreoffice()
    {
        SetToday(D("2026-07-20"));
        var id = await SeedCaseAsync(App, World.A1.Id, "李发展", 2, DevelopmentState.预备党员待审批, ToMeeting());
        await SeedCaseAsync(App, World.A1.Id, "王接收", 1, DevelopmentState.发展对象, ToCandidate());
        var dir = Directory.CreateTempSubdirectory("bastion-devdocs-");
        try
        {
            foreach (var (name, url) in new[] { ("record", $"/api/v1/development/cases/{id}/record.docx"),
                         ("notice", $"/api/v1/development/documents/publicity.docx?org={World.A.Id}&start=2026-07-20&phone=5551234") })
            {
                var docx = Path.Combine(dir.FullName, name + ".docx");
                await File.WriteAllBytesAsync(docx, await DownloadAsync("branchsec", url, Docx));
                var pdf = await File.ReadAllBytesAsync(await LibreOffice.ConvertAsync(docx, "pdf"));
                System.Text.Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
            }
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task The_plan_is_set_by_the_committee_and_compared_with_the_approvals_with_the_rushed_development_warning()
    {
        SetToday(D("2026-12-01"));
        var admin = await App.BearerAsync("orgadmin");
        var put = await admin.PutAsJsonAsync($"/api/v1/development/plan?org={World.A.Id}", new { year = 2026, planned = 10, branches = new[] { new { orgId = World.A1.Id, planned = (int?)6 } } });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        // the shares may not exceed the total; a branch secretary may not set the plan
        var over = await admin.PutAsJsonAsync($"/api/v1/development/plan?org={World.A.Id}", new { year = 2026, planned = 5, branches = new[] { new { orgId = World.A1.Id, planned = (int?)6 } } });
        over.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await over.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("branches")[0].GetString().ShouldBe("各支部计划之和（6人）超过本级计划（5人）");
        (await (await App.BearerAsync("branchsec")).PutAsJsonAsync($"/api/v1/development/plan?org={World.A.Id}", new { year = 2026, planned = 1 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // five approvals between 05-20 and 06-19 (3 in May, 2 in June), one 不批准, one in B1, one last year
        var n = 10;
        foreach (var day in new[] { "2026-05-20", "2026-05-25", "2026-05-31", "2026-06-10", "2026-06-19", "2026-09-01" })
            await SeedCaseAsync(App, World.A1.Id, "批准" + n, n++, DevelopmentState.预备党员, [("1", "2024-01-05", null), ("15", "2026-05-01", null), ("17", day, null)]);
        await SeedCaseAsync(App, World.A1.Id, "不批准", n++, DevelopmentState.终止, [("1", "2024-01-05", null), ("15", "2026-05-01", null), ("17", "2026-05-21", new() { Approved = false })]);
        await SeedCaseAsync(App, World.B1.Id, "乙批准", n++, DevelopmentState.预备党员, [("1", "2024-01-05", null), ("15", "2026-05-01", null), ("17", "2026-05-22", null)]);
        await SeedCaseAsync(App, World.A1.Id, "去年批准", n++, DevelopmentState.预备党员, [("1", "2023-01-05", null), ("15", "2025-05-01", null), ("17", "2025-12-22", null)]);

        var plan = await (await admin.GetAsync($"/api/v1/development/plan?org={World.A.Id}&year=2026")).Content.ReadFromJsonAsync<JsonElement>();
        (plan.GetProperty("planned").GetInt32(), plan.GetProperty("approved").GetInt32()).ShouldBe((10, 6));
        plan.GetProperty("byMonth").EnumerateArray().Select(e => e.GetInt32()).ShouldBe([0, 0, 0, 0, 3, 2, 0, 0, 1, 0, 0, 0]);
        plan.GetProperty("rushedWarning").GetString().ShouldBe("2026-05-20至2026-06-19：一个月内审批5人，超过年度发展计划10人的40%，请防止突击发展");
        var a1 = plan.GetProperty("branches").EnumerateArray().Single(b => b.GetProperty("orgId").GetInt64() == World.A1.Id);
        (a1.GetProperty("planned").GetInt32(), a1.GetProperty("approved").GetInt32()).ShouldBe((6, 6));

        var rows = ReadCells(await DownloadAsync("orgadmin", $"/api/v1/development/plan.xlsx?org={World.A.Id}&year=2026", XlsxType));
        rows[0].ShouldBe(["序号", "组织", "计划发展人数", "已批准接收预备党员人数", "完成率", "备注"]);
        rows[1].ShouldBe(["1", "甲一党支部", "6", "6", "100%", ""]);
        rows[2].ShouldBe(["", "合计（甲公司党委）", "10", "6", "60%", "截至2026-12-01"]);
        rows.Single(r => r[1] == "2026年5月批准")[3].ShouldBe("3");
        rows.Single(r => r[1] == "一个月内批准最多").ShouldBe(["", "一个月内批准最多", "", "5", "50%", "2026-05-20至2026-06-19"]);
        rows.Last()[5].ShouldBe("2026-05-20至2026-06-19：一个月内审批5人，超过年度发展计划10人的40%，请防止突击发展");
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'development.plan.export'")).ShouldBe(1);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'development_plans' AND action = 'create'")).ShouldBe(2);

        // the plan page shows the warning
        var page = await (await App.SignedInAsync("orgadmin")).GetStringAsync($"/Development/Documents/Plan?org={World.A.Id}&year=2026");
        page.ShouldContain("请防止突击发展");
    }

    [Fact]
    public async Task The_pages_link_to_the_downloads_and_the_record_sheet_downloads_from_the_case_page()
    {
        SetToday(D("2026-07-20"));
        var id = await SeedCaseAsync(App, World.A1.Id, "李发展", 2, DevelopmentState.预备党员待审批, ToMeeting());
        var web = await App.SignedInAsync("branchsec");
        (await web.GetStringAsync($"/Development/Case/{id}")).ShouldContain($"href=\"/Development/Documents/Record/{id}\"");
        (await web.GetStringAsync($"/Development?org={World.A.Id}")).ShouldContain("id=\"open-documents\"");
        var r = await web.GetAsync($"/Development/Documents/Record/{id}");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        ReadDocx(await r.Content.ReadAsByteArrayAsync()).ShouldContain(Masking.IdNumber(IdOf(2)));
        (await web.GetAsync($"/Development/Documents/Record/{id}?full=true")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var page = await web.GetStringAsync($"/Development/Documents?org={World.A.Id}&kind=接收");
        page.ShouldContain("拟吸收预备党员名单汇总审批表");
        // the form's errors beside the fields
        var bad = await web.GetAsync($"/Development/Documents?handler=Publicity&org={World.A.Id}&start=2026-07-20");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("请填写受理意见的联系电话");
    }
}
