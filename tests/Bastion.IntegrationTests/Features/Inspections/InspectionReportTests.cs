using System.Diagnostics;
using System.Net;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using T = Bastion.IntegrationTests.Features.Inspections.InspectionReportTestData;

namespace Bastion.IntegrationTests.Features.Inspections;

/// <summary>The Word documents of an inspected organization: content read back with the OpenXML SDK, validity, who may download which, audit.</summary>
public sealed class InspectionReportTests(AppFactory app) : AppTest(app)
{
    private T _d = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _d = await T.SeedAsync(App);
    }

    private static string Url(long target, string kind) => $"/api/v1/inspections/targets/{target}/documents/{kind}";

    private async Task<byte[]> DownloadAsync(string user, long target, string kind)
    {
        var c = await App.BearerAsync(user);
        var r = await c.GetAsync(Url(target, kind));
        r.StatusCode.ShouldBe(HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        r.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        return await r.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The paragraphs' text (table cells included), one per line, after checking the package with the SDK validator.</summary>
    private static string ReadAndValidate(byte[] docx)
    {
        using var ms = new MemoryStream(docx);
        using var doc = WordprocessingDocument.Open(ms, false);
        var errors = new OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        errors.ShouldBeEmpty();
        var body = doc.MainDocumentPart!.Document.Body!;
        // A4 and the page-number footer
        var size = body.Elements<SectionProperties>().Single().GetFirstChild<PageSize>()!;
        ((uint)size.Width!, (uint)size.Height!).ShouldBe((11906u, 16838u));
        doc.MainDocumentPart.FooterParts.Single().Footer.Descendants<SimpleField>().Single().Instruction!.Value!.Trim().ShouldBe("PAGE");
        return string.Join("\n", body.Descendants<Paragraph>().Select(p => p.InnerText));
    }

    [Fact]
    public async Task The_full_report_has_the_four_headings_the_findings_under_the_four_categories_and_the_clues_with_grade_and_form()
    {
        var text = ReadAndValidate(await DownloadAsync("insp", _d.TargetA, "report"));
        text.ShouldContain("关于对甲公司党委的巡察情况报告");
        text.ShouldContain("机密");
        text.ShouldContain(T.RoundName);
        text.ShouldContain("巡察组组长：周组长");
        foreach (var h in new[] { "一、基本情况", "二、发现的主要问题", "三、问题线索", "四、意见建议" }) text.ShouldContain(h);
        foreach (var c in new[] { FindingCategory.理论路线落实, FindingCategory.从严治党落实, FindingCategory.组织路线落实, FindingCategory.整改落实 })
            text.ShouldContain(InspectionRules.Display(c));
        text.ShouldContain("1. " + T.Expression1 + "。");
        text.ShouldContain(T.Expression2);
        text.ShouldContain("定性（同题共答）：" + T.AgreedWording2); // the wording both sides agreed, under the standard expression
        text.ShouldContain("事实：" + T.Facts1);
        text.ShouldContain("依据：《中国共产党章程》第三十二条");
        text.ShouldContain("责任类型为组织、一把手、现任责任；责任人：张某（党委书记）");
        text.ShouldContain("集团党委〔2026〕3号");
        text.ShouldContain("巡察组共2人：组长周组长；副组长吴副组长");
        // the clues, in full
        text.ShouldContain(T.ClueHighName);
        text.ShouldContain(T.ClueHighFacts);
        text.ShouldContain(T.ClueLowFacts);
        text.ShouldContain("线索分类：建议进一步了解关注类");
        text.ShouldContain("建议处置：" + InspectionRules.Display(DisciplineForm.第三种形态));
        text.ShouldContain("回执编号纪收〔2026〕8号");
        text.ShouldContain("健全重大决策部署落实督办机制");
        // the finding order follows the categories: 理论路线 before 从严治党 before 组织路线
        text.IndexOf(T.Expression1, StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf(T.Expression2, StringComparison.Ordinal));
        text.IndexOf(T.Expression2, StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf(T.Expression3, StringComparison.Ordinal));
        // each download of the confidential report is audited
        (await App.ScalarAsync($"SELECT count(*) FROM audit_log WHERE action = 'inspection.report.download' AND result = 'success' AND entity_id = '{_d.TargetA}' AND actor_name = 'insp'")).ShouldBe(1);
    }

    [Fact]
    public async Task The_general_report_counts_clues_per_grade_without_any_name_or_fact()
    {
        var text = ReadAndValidate(await DownloadAsync("insp", _d.TargetA, "report-general"));
        text.ShouldContain("三、问题线索");
        text.ShouldContain("发现问题线索2条，其中建议参考类1条、建议了解关注类0条、建议进一步了解关注类1条");
        text.ShouldContain(T.Expression1);
        text.ShouldContain("内部");
        foreach (var secret in new[] { T.ClueHighName, T.ClueLowName, T.ClueHighFacts, T.ClueLowFacts, "购物卡", "公务用车", "收受礼金", "第三种形态", "纪收〔2026〕8号" })
            text.ShouldNotContain(secret);
        text.ShouldNotContain("机密");
    }

    [Fact]
    public async Task The_feedback_letter_has_findings_and_requirements_and_no_clue_at_all()
    {
        var text = ReadAndValidate(await DownloadAsync("branchsec", _d.TargetA, "feedback"));
        text.ShouldContain("测试集团党委巡察组关于巡察甲公司党委的反馈意见");
        text.ShouldContain("甲公司党委：");
        text.ShouldContain("一、巡察发现的主要问题");
        text.ShouldContain("三、整改工作要求");
        text.ShouldContain(T.Expression1);
        text.ShouldContain("其中1个问题须立行立改");
        foreach (var secret in new[] { "问题线索", T.ClueHighName, T.ClueLowName, T.ClueHighFacts, T.ClueLowFacts, "张某（党委书记）" })
            text.ShouldNotContain(secret);
    }

    [Fact]
    public async Task The_rectification_report_is_prefilled_from_the_ledger_with_rate_states_deadlines_and_evidence()
    {
        var text = ReadAndValidate(await DownloadAsync("branchsec", _d.TargetA, "rectification"));
        text.ShouldContain("甲公司党委关于2026年第一轮巡察反馈意见整改情况的报告");
        text.ShouldContain("一、整改工作总体情况");
        text.ShouldContain("二、反馈问题整改落实情况");
        // A: i1 closed, i2 awaiting, i3 rejected and overdue, i4 open (extended), i8 open without a finding → 1 of 5
        text.ShouldContain("共明确整改任务5项");
        text.ShouldContain("已完成并验收销号1项，整改完成率20%；待验收1项，退回整改1项，正在整改2项，其中超过完成时限1项");
        text.ShouldContain("建立重大决策部署督办机制");
        text.ShouldContain("举一反三开展专项检查");
        text.ShouldContain("其他整改任务");
        text.ShouldContain("已批准延期");
        text.ShouldContain("退回整改（逾期3天）");
        text.ShouldContain("佐证材料：2份：督办机制文件已印发（附件：督办机制.pdf）；党委会会议纪要");
        text.ShouldContain("请填写");
        // A1's and B's items are not A's
        text.ShouldNotContain("完善档案管理制度");
        text.ShouldNotContain("乙公司");
        foreach (var secret in new[] { T.ClueHighName, T.ClueLowName, T.ClueHighFacts }) text.ShouldNotContain(secret);
    }

    [Fact]
    public async Task Who_may_download_which_document()
    {
        async Task<HttpStatusCode> Status(string user, long target, string kind) => (await (await App.BearerAsync(user)).GetAsync(Url(target, kind))).StatusCode;

        // the full report: inspection and discipline roles only; a refusal is audited
        (await Status("disc", _d.TargetA, "report")).ShouldBe(HttpStatusCode.OK);
        (await Status("branchsec", _d.TargetA, "report")).ShouldBe(HttpStatusCode.Forbidden);
        (await Status("orgadmin", _d.TargetA1, "report")).ShouldBe(HttpStatusCode.Forbidden);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'inspection.report.download' AND result = 'denied'")).ShouldBe(2);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'inspection.report.download' AND result = 'success' AND actor_name = 'disc'")).ShouldBe(1);
        // general report and feedback: readers after 反馈, but not before
        (await Status("orgadmin", _d.TargetA1, "report-general")).ShouldBe(HttpStatusCode.OK);
        (await Status("branchsec", _d.TargetA1Prep, "report-general")).ShouldBe(HttpStatusCode.Forbidden);
        (await Status("branchsec", _d.TargetA1Prep, "feedback")).ShouldBe(HttpStatusCode.Forbidden);
        (await Status("insp", _d.TargetA1Prep, "report-general")).ShouldBe(HttpStatusCode.OK);
        // rectification: the inspected leadership (granted on A itself) and the inspection roles; not a superior's other reader
        (await Status("orgadmin", _d.TargetA, "rectification")).ShouldBe(HttpStatusCode.OK);
        (await Status("orgadmin", _d.TargetA1, "rectification")).ShouldBe(HttpStatusCode.Forbidden);
        (await Status("disc", _d.TargetA1, "rectification")).ShouldBe(HttpStatusCode.OK);
        (await Status("insp", _d.TargetA1Prep, "rectification")).ShouldBe(HttpStatusCode.Forbidden);
        // no InspectionRead, or outside the subtree: refused before the handler, as a missing target (no existence oracle)
        (await Status("mem", _d.TargetA, "report-general")).ShouldBe(HttpStatusCode.NotFound);
        (await Status("insp", _d.TargetB, "report-general")).ShouldBe(HttpStatusCode.NotFound);
        (await Status("insp", _d.TargetA, "minutes")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_documents_page_lists_what_the_viewer_may_download_and_the_page_download_works()
    {
        var sec = await App.SignedInAsync("branchsec");
        var html = await sec.GetStringAsync($"/Inspections/Reports/{_d.TargetA}");
        html.ShouldContain("2026年第一轮巡察 · 甲公司党委");
        html.ShouldContain("完整版巡察报告含问题线索，仅限巡察和纪检监察人员下载");
        html.ShouldNotContain("kind=report\"");
        html.ShouldContain("kind=report-general");
        html.ShouldContain("kind=rectification");
        (await sec.GetAsync($"/Inspections/Reports/{_d.TargetA}?handler=Download&kind=report")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var ok = await sec.GetAsync($"/Inspections/Reports/{_d.TargetA}?handler=Download&kind=feedback");
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        ReadAndValidate(await ok.Content.ReadAsByteArrayAsync()).ShouldContain("三、整改工作要求");

        var insp = await App.SignedInAsync("insp");
        (await insp.GetStringAsync($"/Inspections/Reports/{_d.TargetA}")).ShouldContain("kind=report\"");
        var full = await insp.GetAsync($"/Inspections/Reports/{_d.TargetA}?handler=Download&kind=report");
        full.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE action = 'inspection.report.download' AND result = 'success' AND actor_name = 'insp'")).ShouldBe(1);
    }

    [SofficeFact]
    public async Task The_full_report_renders_to_pdf_with_libreoffice()
    {
        var bytes = await DownloadAsync("insp", _d.TargetA, "report");
        var dir = Directory.CreateTempSubdirectory("bastion-report-");
        try
        {
            var docx = Path.Combine(dir.FullName, "report.docx");
            await File.WriteAllBytesAsync(docx, bytes);
            var pdf = await File.ReadAllBytesAsync(await LibreOffice.ConvertAsync(docx, "pdf"));
            System.Text.Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
            // the cover page and at least one page of text
            System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]").Count.ShouldBeGreaterThanOrEqualTo(2);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task The_documents_name_the_round_and_team_once_the_leader_as_a_person_and_leave_draft_findings_out()
    {
        // a round named with its year, a 组长 whose account belongs to a party member, a finding still in 草稿
        await App.ExecAsync($"UPDATE inspection_rounds SET year = 2026, name = '2026年第一轮巡察' WHERE id = {_d.Round}");
        await App.ExecAsync($"UPDATE users SET member_id = {World.MemberInOrg[World.A.Id]} WHERE id = {World.UserIds["insp"]}");
        await App.ExecAsync($"UPDATE inspection_team_members SET name = 'insp' WHERE round_id = {_d.Round} AND role = '组长'");
        var person = await App.WithDbAsync(async db =>
        {
            db.Add(new InspectionFinding
            {
                RoundId = _d.Round, TargetId = _d.TargetA, OrgId = World.A.Id, Category = FindingCategory.组织路线落实, Title = "尚未共答的草稿问题",
                Facts = "草稿中的事实描述", Expression = "草稿中的规范表述", State = FindingState.草稿, CreatedAt = App.Clock.GetUtcNow(), CreatedBy = "insp",
            });
            await db.SaveChangesAsync();
            return (await db.Members.SingleAsync(m => m.Id == World.MemberInOrg[World.A.Id])).Name;
        });

        var report = ReadAndValidate(await DownloadAsync("insp", _d.TargetA, "report"));
        report.ShouldNotContain("2026年2026年");
        report.ShouldNotContain("巡察巡察组");
        report.ShouldContain("巡察轮次：2026年第一轮巡察");
        report.ShouldContain("本次巡察为2026年第一轮巡察，");
        report.ShouldContain("2026年第一轮巡察组于");
        report.ShouldContain($"巡察组组长：{person}");
        report.ShouldContain($"组长{person}；");
        report.ShouldNotContain("巡察组组长：insp");
        foreach (var draft in new[] { "尚未共答的草稿问题", "草稿中的事实描述", "草稿中的规范表述" }) report.ShouldNotContain(draft);
        report.ShouldContain("另有1个问题尚为草稿（未提交同题共答），未列入本报告。");

        var general = ReadAndValidate(await DownloadAsync("insp", _d.TargetA, "report-general"));
        general.ShouldNotContain("草稿中的规范表述");
        general.ShouldNotContain("2026年2026年");
        var letter = ReadAndValidate(await DownloadAsync("branchsec", _d.TargetA, "feedback"));
        letter.ShouldContain("2026年第一轮巡察组于");
        letter.ShouldNotContain("巡察巡察组");
        letter.ShouldNotContain("草稿中的规范表述");
    }
}
