using System.Globalization;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Bastion.Features.Meetings.Import;
using Bastion.Features.Members.Import;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>A branch secretary brings a past meeting in from the template, then prints its record and the year's records as Word.</summary>
public sealed class MeetingRecordJourneys(E2EFixture app) : JourneyTest(app)
{
    private const int PhoneWidth = 375;

    public static TheoryData<Screen> Screens => new(Screen.Desktop, Screen.Phone);

    [Theory]
    [MemberData(nameof(Screens))]
    public Task A_secretary_imports_a_past_meeting_from_the_template_and_exports_its_record_and_the_year_as_word(Screen screen) => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "secretary");
        page.Dialog += (_, d) => d.AcceptAsync();
        var phone = screen == Screen.Phone;
        var folder = Directory.CreateTempSubdirectory("bastion-e2e-records-");
        try
        {
            await page.GotoAsync("/Meetings");
            await Expect(page.Locator("#import-meetings")).ToBeVisibleAsync();
            await Expect(page.Locator("#export-book")).ToBeVisibleAsync();
            await FitsAsync(j, page, "list");

            await page.NavigatesByAsync(() => page.Locator("#import-meetings").ClickAsync());
            new Uri(page.Url).AbsolutePath.ShouldBe("/Meetings/Import");
            await FitsAsync(j, page, "import-page");

            // the template made for this branch: its example row names the branch's own members
            var template = await page.RunAndWaitForDownloadAsync(() => page.Locator("#import-template").ClickAsync());
            template.SuggestedFilename.ShouldEndWith(".xlsx");
            RosterFile sheet;
            await using (var t = File.OpenRead(await template.PathAsync())) sheet = RosterReader.Read(t, MeetingSheet.Columns, MeetingSheet.NoHeader);
            sheet.FileErrors.ShouldBeEmpty();
            var example = MeetingSheet.Columns.ToDictionary(c => c.Key, c => Convert.ToString(sheet.Get(sheet.Rows.Single(), c.Key), CultureInfo.InvariantCulture) ?? "");
            example["present"].ShouldNotContain("（");

            // this screen's meeting (its own start time, so the two runs do not meet), and a row with a name nobody has
            var topic = $"补录：主题党日（{(phone ? "手机" : "电脑")}导入）";
            var good = new Dictionary<string, string>(example) { ["start"] = phone ? "08:20" : "08:10", ["end"] = "09:30", ["topic"] = topic };
            var bad = new Dictionary<string, string>(good) { ["start"] = "07:00", ["present"] = example["host"] + "、查无此人" };
            var path = Path.Combine(folder.FullName, "历史会议.xlsx");
            await File.WriteAllBytesAsync(path, Bastion.Web.Xlsx.Write("会议记录", MeetingSheet.Columns.Select(c => c.Label).ToList(),
                new[] { good, bad }.Select(r => (IReadOnlyList<object?>)MeetingSheet.Columns.Select(c => (object?)r[c.Key]).ToList())));

            await page.Locator("#file").SetInputFilesAsync(path);
            await page.Locator("#import-check").ClickAsync();
            await Expect(page.Locator("#import-summary")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(page.Locator("#import-errors")).ToContainTextAsync("未找到党员“查无此人”");
            await Expect(page.Locator("#import-errors")).ToContainTextAsync("出席");
            await Expect(page.Locator("#import-commit")).ToHaveTextAsync("导入有效的 1 行");
            await FitsAsync(j, page, "report");

            // the chosen file is still chosen: the import sends it again
            await page.Locator("#import-commit").ClickAsync();
            await Expect(page.Locator("#import-done")).ToContainTextAsync("已导入 1 次会议", new() { Timeout = 30_000 });
            await FitsAsync(j, page, "imported");

            // the meeting is there, marked 补录; its record prints as Word
            await page.GotoAsync($"/Meetings?type=主题党日&from={example["date"]}&to={example["date"]}");
            await page.NavigatesByAsync(() => page.Locator("#meetings a", new() { HasText = topic }).ClickAsync());
            await Expect(page.Locator("#source-badge")).ToHaveTextAsync("补录");
            await FitsAsync(j, page, "details");
            var record = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-record").ClickAsync());
            record.SuggestedFilename.ShouldEndWith(".docx");
            var text = TextOf(await record.PathAsync());
            text.ShouldContain(topic);
            text.ShouldContain("主题党日会议记录");
            text.ShouldContain("签到表");

            // and the year, bound in one file
            await page.GotoAsync("/Meetings");
            await page.Locator("#book-year").SelectOptionAsync(example["date"][..4]);
            var book = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-book").ClickAsync());
            book.SuggestedFilename.ShouldContain("年度三会一课会议记录");
            var year = TextOf(await book.PathAsync());
            year.ShouldContain("目　录");
            year.ShouldContain(topic);
        }
        finally { folder.Delete(recursive: true); }
    }, screen, screen.ToString());

    private static string TextOf(string path)
    {
        using var doc = WordprocessingDocument.Open(path, false);
        return string.Join("\n", doc.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }

    private static async Task FitsAsync(Journey j, IPage page, string step)
    {
        if (j.Screen == Screen.Phone)
            (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, $"{step} scrolls sideways on a phone");
        await j.ScreenshotAsync(page, step);
    }
}
