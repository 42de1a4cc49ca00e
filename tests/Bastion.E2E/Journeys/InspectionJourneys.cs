using System.Globalization;
using Bastion.Domain;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>
/// Issue 5's acceptance test, all through the UI with three accounts: the inspection office (<c>inspector</c>) plans a
/// round on 一采区党支部 (its team with a 回避 case), records a finding with a suggested 巡言巡语 expression and a clue,
/// exchanges views with the branch secretary (<c>secretary</c>, on a phone) in 同题共答, the 纪检 account (<c>jijian</c>)
/// reads the clue the secretary may not, the round is fed back (反馈 creates the rectification item), the secretary
/// rectifies with evidence, the inspector verifies (销号), and downloads both versions of the 巡察报告.
/// </summary>
public sealed class InspectionJourneys(E2EFixture app) : JourneyTest(app)
{
    private const string Branch = "一采区党支部";
    private const string RoundName = "2026年巡察旅程专项巡察";
    private const string FindingTitle = "支部财务报销把关不严";
    private const string FindingFacts = "支部财务把关不严，违规报销问题频发，内部制度缺失，部分票据无审批签字";
    private const string ClueTitle = "反映某负责人收受礼金";
    private const string ClueFacts = "群众来信反映该支部某负责人春节期间收受施工单位礼金两万元";
    private const string Proposal = "支部财务审批制度执行不严，全面从严治党责任落实不到位";
    private const int Phone = 375;
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static long IdFrom(IPage page) =>
        long.Parse(new Uri(page.Url).AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1], CultureInfo.InvariantCulture);

    private static async Task FitsAPhoneAsync(IPage page, string what) =>
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(Phone + 1, $"{what} scrolls sideways on a phone");

    [Fact]
    public Task An_inspection_goes_from_plan_to_rectified_and_reported_with_three_accounts() => JourneyAsync(async j =>
    {
        var today = TimeProvider.System.Today();

        // 1. the inspection office plans the round: 一次一授权 and the inspected branch
        var desk = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "inspector");
        await desk.NavigatesByAsync(() => desk.GotoAsync(NewRoundPage.Path));
        var form = new NewRoundPage(desk);
        await form.Name.FillAsync(RoundName);
        await form.StartsOn.FillAsync(Iso(today));
        await form.EndsOn.FillAsync(Iso(today.AddDays(60)));
        await form.Plan.FillAsync("聚焦“四个落实”，对一采区党支部开展专项巡察。");
        await form.AuthorizationNo.FillAsync($"集团党委〔{today.Year}〕88号");
        await form.AuthorizedOn.FillAsync(Iso(today.AddDays(-3)));
        await form.AuthorizationScope.FillAsync("对一采区党支部开展专项巡察");
        await form.Targets.SelectOptionAsync(new SelectOptionValue { Label = Branch });
        await j.ScreenshotAsync(desk, "01-new-round");
        await form.SaveAsync();

        var round = new RoundPage(desk);
        await Expect(round.Done).ToHaveTextAsync("巡察轮次已创建。");
        await Expect(round.Name).ToHaveTextAsync(RoundName);
        await Expect(round.Authorization).ToContainTextAsync($"集团党委〔{today.Year}〕88号");
        await Expect(round.TargetLink(Branch)).ToBeVisibleAsync();

        // the team: the inspector leads, jijian deputises; 'member' belongs to the inspected branch (回避)
        await round.AddMemberAsync("inspector", "组长");
        await Expect(round.Done).ToHaveTextAsync("已添加巡察组成员。");
        await round.AddMemberAsync("jijian", "副组长");
        await round.AddMemberAsync("member", "组员");
        await Expect(round.ConflictError).ToContainTextAsync("须回避");
        await Expect(round.ConflictError).ToContainTextAsync(Branch);
        await Expect(round.Team).Not.ToContainTextAsync("（member）");
        (await round.Team.Locator("tbody tr").CountAsync()).ShouldBe(2, "the conflicted member was refused without acknowledgement");
        await j.ScreenshotAsync(desk, "02-conflict-refused");
        await round.AddMemberAsync("member", "组员", "该同志熟悉采区生产情况，仅参与资料查阅，不参与涉及本人事项");
        await Expect(round.Done).ToHaveTextAsync("已添加巡察组成员。");
        (await round.Team.Locator("tbody tr").CountAsync()).ShouldBe(3);
        await Expect(round.Team).ToContainTextAsync("确认不予回避：该同志熟悉采区生产情况");
        await j.ScreenshotAsync(desk, "03-team");

        // 2. into 进驻了解; a finding written with a suggested standard expression
        await desk.NavigatesByAsync(() => round.TargetLink(Branch).ClickAsync());
        var target = new InspectionTargetPage(desk);
        var targetId = IdFrom(desk);
        await Expect(target.Phase).ToHaveTextAsync("准备");
        await target.AdvanceAsync();
        await Expect(target.Phase).ToHaveTextAsync("进驻了解");

        await desk.NavigatesByAsync(() => target.NewFinding.ClickAsync());
        var finding = new FindingFormPage(desk);
        await finding.Title.FillAsync(FindingTitle);
        await finding.Facts.PressSequentiallyAsync(FindingFacts);
        await Expect(finding.Adopt.First).ToBeVisibleAsync();
        (await finding.Adopt.CountAsync()).ShouldBeGreaterThan(1, "several standard expressions are suggested");
        await j.ScreenshotAsync(desk, "04-suggestions");
        var adopted = finding.Adopt.First;
        var expression = await adopted.GetAttributeAsync("data-expression") ?? "";
        var category = await adopted.GetAttributeAsync("data-category") ?? "";
        expression.ShouldNotBeNullOrWhiteSpace();
        await adopted.ClickAsync();
        await Expect(adopted).ToHaveTextAsync("已采用");
        await Expect(finding.Expression).ToHaveValueAsync(expression);
        await Expect(finding.Category).ToHaveValueAsync(category);
        category.ShouldNotBe("问题线索");
        (await finding.ExpressionId.InputValueAsync()).ShouldNotBeEmpty();
        await finding.Basis.FillAsync("《中国共产党廉洁自律准则》；集团公司财务报销管理办法");
        await finding.Recommendation.FillAsync("完善报销审批流程，开展财务专项检查");
        await finding.SaveAsync();
        var surface = new FindingPage(desk);
        await Expect(surface.Done).ToHaveTextAsync("问题已记录。");
        await Expect(surface.Details).ToContainTextAsync(expression);
        await Expect(surface.State).ToHaveTextAsync("草稿");
        var findingUrl = new Uri(desk.Url).AbsolutePath;

        // and a 问题线索 (clue), confidential to inspection and discipline
        await desk.NavigatesByAsync(() => desk.GotoAsync($"/Inspections/NewFinding/{targetId}"));
        var clueForm = new FindingFormPage(desk);
        await clueForm.Title.FillAsync(ClueTitle);
        await clueForm.Facts.FillAsync(ClueFacts);
        await clueForm.Category.SelectOptionAsync("问题线索");
        await clueForm.ClueGrade.SelectOptionAsync("建议进一步了解关注类");
        await clueForm.SuggestedForm.SelectOptionAsync("第二种形态");
        await clueForm.ResponsiblePersons.FillAsync("某负责人");
        await clueForm.SaveAsync();
        var clue = new FindingPage(desk);
        await Expect(clue.Done).ToHaveTextAsync("问题已记录。");
        await Expect(clue.Share).ToHaveCountAsync(0);
        var clueUrl = new Uri(desk.Url).AbsolutePath;

        // 3. 同题共答: the surface finding is shared with the branch's leadership
        await desk.NavigatesByAsync(() => desk.GotoAsync(findingUrl));
        await surface.ShareAsync();
        await Expect(surface.Done).ToContainTextAsync("已提交同题共答");
        await Expect(surface.State).ToHaveTextAsync("共答中");
        await j.ScreenshotAsync(desk, "05-shared");

        // the secretary, on a phone, sees the shared finding but not the clue, and answers with a proposed wording
        var phone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "secretary");
        await phone.NavigatesByAsync(() => phone.GotoAsync($"/Inspections/Target/{targetId}"));
        var seen = new InspectionTargetPage(phone);
        await Expect(seen.Name).ToHaveTextAsync(Branch);
        await Expect(seen.Finding(FindingTitle)).ToBeVisibleAsync();
        await Expect(seen.Findings).Not.ToContainTextAsync(ClueTitle);
        await Expect(seen.Advance).ToHaveCountAsync(0);
        await Expect(seen.NewFinding).ToHaveCountAsync(0);
        await Expect(phone.Locator("a[href^='/Inspections/Round/']")).ToHaveCountAsync(0); // the round is the inspecting 党委's, not hers to open
        await FitsAPhoneAsync(phone, "the target page");
        await j.ScreenshotAsync(phone, "06-target-phone");
        var refused = await phone.GotoAsync(clueUrl);
        refused!.Status.ShouldBe(403, "a branch secretary may not open a clue");
        (await phone.ContentAsync()).ShouldNotContain(ClueFacts);

        await phone.NavigatesByAsync(() => phone.GotoAsync(findingUrl));
        var answer = new FindingPage(phone);
        await Expect(answer.Title).ToHaveTextAsync(FindingTitle);
        await Expect(answer.Share).ToHaveCountAsync(0);
        await Expect(answer.Agree).ToHaveCountAsync(0);
        await answer.SendAsync("情况属实，但报销票据已在巡察期间补签，建议表述为制度执行不严。", Proposal);
        await Expect(answer.Done).ToHaveTextAsync("意见已发送。");
        await Expect(answer.Messages).ToHaveCountAsync(1);
        await Expect(answer.Messages.First).ToContainTextAsync(Proposal);
        await FitsAPhoneAsync(phone, "the finding page");
        await j.ScreenshotAsync(phone, "07-exchange-phone");

        // the inspector agrees on the proposed wording → 已定稿
        await desk.NavigatesByAsync(() => desk.GotoAsync(findingUrl));
        await Expect(surface.Messages.First).ToContainTextAsync(Proposal);
        await Expect(surface.AgreedWordingInput).ToHaveValueAsync(Proposal);
        await surface.AgreeAsync();
        await Expect(surface.Done).ToHaveTextAsync("表述已定稿。");
        await Expect(surface.State).ToHaveTextAsync("已定稿");
        await Expect(surface.AgreedWording).ToContainTextAsync(Proposal);
        await Expect(surface.MessageForm).ToHaveCountAsync(0);
        await j.ScreenshotAsync(desk, "08-agreed");

        // 4. the 纪检 account reads the clue
        var discipline = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "jijian");
        var opened = await discipline.GotoAsync(clueUrl);
        opened!.Status.ShouldBe(200);
        var clueSeen = new FindingPage(discipline);
        await Expect(clueSeen.Title).ToHaveTextAsync(ClueTitle);
        await Expect(clueSeen.Details).ToContainTextAsync(ClueFacts);
        await j.ScreenshotAsync(discipline, "09-clue-jijian");

        // the inspector goes through 报告 to 反馈: the rectification item is created
        await desk.NavigatesByAsync(() => desk.GotoAsync($"/Inspections/Target/{targetId}"));
        await target.AdvanceAsync();
        await Expect(target.Phase).ToHaveTextAsync("报告");
        await target.AdvanceAsync();
        await Expect(target.Phase).ToHaveTextAsync("反馈");
        await Expect(target.Done).ToContainTextAsync("整改任务已生成");
        await j.ScreenshotAsync(desk, "10-fed-back");

        // the secretary rectifies: the plan, the item, 申请销号 with text and a PDF
        var planPath = $"/Inspections/Rectification/Target/{targetId}";
        await phone.NavigatesByAsync(() => phone.GotoAsync(planPath));
        var plan = new RectificationPlanPage(phone);
        await Expect(plan.Name).ToContainTextAsync(Branch);
        await Expect(phone.Locator("#total")).ToHaveTextAsync("1");
        var item = phone.Locator("section[data-finding] td a", new() { HasText = FindingTitle });
        await Expect(item).ToBeVisibleAsync();
        await FitsAPhoneAsync(phone, "the rectification plan");
        await j.ScreenshotAsync(phone, "11-plan-phone");
        await phone.NavigatesByAsync(() => item.ClickAsync());
        var itemPath = new Uri(phone.Url).AbsolutePath;
        itemPath.ShouldStartWith("/Ledger/Details/");
        var details = new LedgerDetailsPage(phone);
        await Expect(details.Title).ToHaveTextAsync(FindingTitle);
        await Expect(details.State).ToHaveTextAsync("待办");
        await details.SubmitAsync("已修订财务报销审批制度，补签全部票据，附整改报告", "财务整改报告.pdf", Pdf);
        await Expect(details.State).ToHaveTextAsync("申请销号");
        await Expect(details.Evidence).ToContainTextAsync("财务整改报告.pdf");
        await FitsAPhoneAsync(phone, "the ledger item");
        await j.ScreenshotAsync(phone, "12-evidence-phone");

        // the inspector verifies and closes it; the plan shows it verified
        await desk.NavigatesByAsync(() => desk.GotoAsync(itemPath));
        var verify = new LedgerDetailsPage(desk);
        await Expect(verify.Evidence).ToContainTextAsync("财务整改报告.pdf");
        await verify.CloseAsync("整改到位，佐证齐全，同意销号");
        await Expect(verify.State).ToHaveTextAsync("已销号");
        await desk.NavigatesByAsync(() => desk.GotoAsync(planPath));
        var verified = new RectificationPlanPage(desk);
        await Expect(desk.Locator("#verified")).ToHaveTextAsync("1");
        await Expect(verified.Rate).ToContainTextAsync("100");
        await Expect(desk.Locator("section[data-finding] tr[data-item]")).ToHaveAttributeAsync("data-bucket", "Verified");
        await j.ScreenshotAsync(desk, "13-verified");

        // 5. the 巡察报告, general and full, as Word documents
        await desk.NavigatesByAsync(() => verified.Documents.ClickAsync());
        var docs = new InspectionDocumentsPage(desk);
        await j.ScreenshotAsync(desk, "14-documents");
        var folder = Path.Combine(Path.GetTempPath(), "bastion-e2e-reports-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var (generalName, generalPath) = await docs.DownloadAsync("report-general", folder);
            generalName.ShouldEndWith(".docx");
            generalName.ShouldContain(Branch);
            var general = TextOf(generalPath);
            general.ShouldContain(expression);
            general.ShouldContain(FindingFacts);
            general.ShouldContain("问题线索1条");
            general.ShouldNotContain(ClueFacts);
            general.ShouldNotContain(ClueTitle);

            var (fullName, fullPath) = await docs.DownloadAsync("report", folder);
            fullName.ShouldEndWith(".docx");
            fullName.ShouldContain("完整版");
            var full = TextOf(fullPath);
            full.ShouldContain(expression);
            full.ShouldContain(ClueFacts);
        }
        finally { Directory.Delete(folder, recursive: true); }
    });

    /// <summary>The text of a .docx's body (throws if it is not a Word document).</summary>
    private static string TextOf(string path)
    {
        using var doc = WordprocessingDocument.Open(path, false);
        var body = doc.MainDocumentPart?.Document?.Body ?? throw new InvalidOperationException(path + " has no document body");
        return string.Join("\n", body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }
}
