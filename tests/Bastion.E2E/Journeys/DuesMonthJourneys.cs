using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>
/// The dues month of the demo (DemoDuesMonths: this month started, two thirds paid): the branch's 组织委员 records
/// payments on a phone and reports; the 党委 (org) reports for the other branches, settles the month and downloads the
/// monthly ledger on the desktop.
/// </summary>
public sealed class DuesMonthJourneys(E2EFixture app) : JourneyTest(app)
{
    [Fact]
    public Task A_collector_records_payments_on_a_phone_and_the_committee_settles_and_downloads_the_ledger() => JourneyAsync(async j =>
    {
        var phone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "secretary");
        await phone.NavigatesByAsync(() => phone.GotoAsync("/Dues/Months"));
        await phone.NavigatesByAsync(() => phone.Locator("#branch-table a", new() { HasText = "一采区党支部" }).ClickAsync());
        await Expect(phone.Locator("h1")).ToContainTextAsync("一采区党支部");
        (await phone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the branch month fits a phone");
        await j.ScreenshotAsync(phone, "branch-phone");
        var paidBefore = int.Parse(await phone.Locator("#branch-paid-count").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

        // one tap: the amount is prefilled; the receipt number is typed
        var form = phone.Locator("#unpaid-list .pay-form").First;
        await form.Locator("input[name=receiptNo]").FillAsync("SJ-2026-0901");
        await phone.NavigatesByAsync(() => form.Locator("button").ClickAsync());
        await Expect(phone.Locator("#branch-done")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^已登记.+\\d+年\\d+月的党费$"));   // says whose
        await Expect(phone.Locator("#branch-paid-count")).ToHaveTextAsync((paidBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(phone.Locator("#paid-table")).ToContainTextAsync("SJ-2026-0901");
        await j.ScreenshotAsync(phone, "recorded-phone");
        // the member's own online payment (the demo's) is confirmed on the phone before the branch can report
        var confirm = phone.Locator("#unpaid-list button[id^=confirm-]");
        await Expect(confirm).ToHaveCountAsync(1);
        await phone.NavigatesByAsync(() => confirm.ClickAsync());
        await Expect(phone.Locator("#branch-done")).ToHaveTextAsync("已确认");
        await Expect(phone.Locator("#paid-table")).ToContainTextAsync("WX");

        // 报送 locks the month: it asks first and says how many have not paid
        string? asked = null;
        phone.Dialog += (_, d) => { asked = d.Message; _ = d.AcceptAsync(); };
        await phone.NavigatesByAsync(() => phone.Locator("#branch-report").ClickAsync());
        asked.ShouldNotBeNull().ShouldContain("名党员未交党费");
        await Expect(phone.Locator("#branch-reported")).ToBeVisibleAsync();
        await Expect(phone.Locator(".pay-form")).ToHaveCountAsync(0);
        await j.ScreenshotAsync(phone, "reported-phone");

        // the 党委: every other branch reports, then the month is settled and its ledger downloaded
        var desk = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "org");
        desk.Dialog += (_, d) => _ = d.AcceptAsync();   // 报送 and 结算 ask before they lock the data
        await desk.NavigatesByAsync(() => desk.GotoAsync("/Dues/Months"));
        await Expect(desk.Locator("#month-settle")).ToBeDisabledAsync();
        await j.ScreenshotAsync(desk, "committee-before");
        var pending = await desk.Locator("#branch-table tr", new() { HasText = "未报送" }).Locator("a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))");
        foreach (var href in pending)
        {
            await desk.NavigatesByAsync(() => desk.GotoAsync(href));
            await desk.NavigatesByAsync(() => desk.Locator("#branch-report").ClickAsync());
            await Expect(desk.Locator("#branch-reported")).ToBeVisibleAsync();
        }
        await desk.NavigatesByAsync(() => desk.GotoAsync("/Dues/Months"));
        await desk.NavigatesByAsync(() => desk.Locator("#month-settle").ClickAsync());
        await Expect(desk.Locator("#months-done")).ToContainTextAsync("已结算");
        await Expect(desk.Locator("#month-state")).ToContainTextAsync("已结算");
        await j.ScreenshotAsync(desk, "committee-settled");
        var download = await desk.RunAndWaitForDownloadAsync(() => desk.Locator("#ledger-download").ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".xlsx");
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(await download.PathAsync(), false);
        var rows = doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
            .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToArray()).ToList();
        rows[0].ShouldBe(["姓名", "支部", "类别", "基数", "比例", "应交", "实交", "补交月份", "减免批件", "交至月", "方式", "日期"]);
        rows.ShouldContain(r => r.Length > 11 && r[1] == "一采区党支部" && r[6] != "");
        rows.Count.ShouldBeGreaterThan(100);
    });
}
