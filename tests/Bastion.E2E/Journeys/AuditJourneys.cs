using Bastion.Domain;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>The 审计管理员's monthly work: find who did what in the words shown, read a change, export the rows.</summary>
public sealed class AuditJourneys(E2EFixture app) : JourneyTest(app)
{
    public static TheoryData<Screen> Screens => new(Screen.Desktop, Screen.Phone);

    [Theory]
    [MemberData(nameof(Screens))]
    public Task The_auditor_filters_the_log_by_the_words_shown_reads_a_change_and_exports_it(Screen screen) => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "auditor");
        await page.GotoAsync(AuditPage.Path);
        var audit = new AuditPage(page);
        await Expect(audit.Heading).ToHaveTextAsync("审计日志");
        // nothing raw: no English codes or JSON in the rows
        await Expect(audit.Table).Not.ToContainTextAsync("personal.view");
        await Expect(audit.Table).Not.ToContainTextAsync("{\"");

        // 新增 组织: the organizations the demo created, with the change as a table of Chinese field names
        await audit.FilterAsync(action: "新增", entity: "组织");
        (await audit.Rows.CountAsync()).ShouldBeGreaterThan(0);
        foreach (var cell in await audit.ActionCells.AllInnerTextsAsync()) cell.ShouldBe("新增");
        foreach (var cell in await audit.ObjectCells.AllInnerTextsAsync()) cell.ShouldStartWith("组织 ");
        await Expect(audit.ObjectCells.Locator("a")).ToHaveCountAsync(0);   // the auditor may not open organization pages
        var fields = await audit.OpenFirstDetailsAsync();
        await Expect(fields).ToBeVisibleAsync();
        await Expect(fields).ToContainTextAsync("名称/姓名");
        await Expect(fields).ToContainTextAsync("类型");
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(page.ViewportSize!.Width + 1, "the audit log scrolls sideways: " + await WiderAsync(page));
        await j.ScreenshotAsync(page, "change");

        // today's sign-ins (China days), then the export of exactly those rows
        var today = TimeProvider.System.Today();
        await audit.FilterAsync(action: "登录", entity: "账号", from: today.AddDays(-1), to: today);
        var total = await audit.TotalAsync();
        total.ShouldBeGreaterThan(0);
        foreach (var cell in await audit.ActionCells.AllInnerTextsAsync()) cell.ShouldBe("登录");
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(page.ViewportSize!.Width + 1, "the audit log scrolls sideways: " + await WiderAsync(page));
        await j.ScreenshotAsync(page, "signins");

        var folder = Directory.CreateTempSubdirectory("audit-export").FullName;
        var (name, saved) = await audit.ExportAsync(folder);
        name.ShouldEndWith(".xlsx");
        using (var doc = SpreadsheetDocument.Open(saved, false))
        {
            var rows = doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>()
                .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToArray()).ToList();
            rows[0].ShouldBe(Bastion.Features.Audit.ListAuditEntries.ExportHeaders);
            // the export holds the filtered rows (a sign-in may have happened meanwhile, never one of another action)
            rows.Count.ShouldBeGreaterThanOrEqualTo(total + 1);
            rows.Skip(1).ShouldAllBe(r => r[3] == "登录" && r[4] == "账号");
        }

        // the download itself is in the log
        await page.GotoAsync(AuditPage.Path);
        await audit.FilterAsync(action: "导出审计日志", entity: "全部对象");
        await Expect(audit.ActionCells.First).ToHaveTextAsync("导出审计日志");
        await j.ScreenshotAsync(page, "export-audited");
    }, screen, variant: screen.ToString());

    /// <summary>The elements sticking out of the viewport (for the message of a failed width check).</summary>
    private static Task<string> WiderAsync(Microsoft.Playwright.IPage page) => page.EvaluateAsync<string>(
        "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right)).join(' | ')",
        page.ViewportSize!.Width);
}
