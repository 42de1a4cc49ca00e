using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>
/// The dues month of the demo (DemoDuesMonths: this month started, two thirds paid), reported up the demo's four levels
/// (decision 0012): the branch's 组织委员 records payments on a phone and reports; the 党委 (org) reports for the other
/// branches, the 采矿党总支 reports its 汇总 on the desktop, the 矿业公司党委 returns it on a phone and, once it is
/// reported again, reports its own 汇总 on the phone; the other 党委 report; the top settles the month and downloads
/// the monthly ledger.
/// </summary>
public sealed class DuesMonthJourneys(E2EFixture app) : JourneyTest(app)
{
    [Fact]
    public Task A_collector_records_payments_on_a_phone_and_the_committees_report_up_to_the_top_which_settles_and_downloads_the_ledger() => JourneyAsync(async j =>
    {
        var phone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "secretary");
        await phone.NavigatesByAsync(() => phone.GotoAsync("/Dues/Months"));
        await phone.NavigatesByAsync(() => phone.Locator("#own-lines").ClickAsync());
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

        // the top: nothing to settle while its direct children have not reported
        var desk = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "org");
        desk.Dialog += (_, d) => _ = d.AcceptAsync();   // 报送 and 结算 ask before they lock the data
        await desk.NavigatesByAsync(() => desk.GotoAsync("/Dues/Months"));
        await Expect(desk.Locator("#month-settle")).ToBeDisabledAsync();
        await j.ScreenshotAsync(desk, "committee-before");
        var root = await OrgOfAsync(desk, "/Dues/Months");

        // the demo's returned report (DemoDuesMonths.ReturnedBranch): 已退回 in the list, the reason on the branch's page
        await desk.NavigatesByAsync(() => desk.GotoAsync($"/Dues/Months?org={root}&scope=all&status=已退回"));
        var returned = desk.Locator(".reporting-row", new() { HasText = Bastion.Features.Dues.Months.DemoDuesMonths.ReturnedBranch });
        await Expect(returned.Locator(".reporting-status")).ToHaveTextAsync("已退回");
        await j.ScreenshotAsync(desk, "demo-returned");
        await desk.NavigatesByAsync(() => returned.Locator("a[href*='/Dues/Months/Branch/']").First.ClickAsync());
        await Expect(desk.Locator("#report-returned")).ToContainTextAsync("请核对后重新报送");
        await j.ScreenshotAsync(desk, "demo-returned-branch");

        // every branch not yet reported (or returned) reports (the 党委 does it for them here), found through the whole subtree's list
        foreach (var status in new[] { "已退回", "未报送" })   // 未报送 last: the 党总支 is picked from that list below
        {
            while (true)
            {
                await desk.NavigatesByAsync(() => desk.GotoAsync($"/Dues/Months?org={root}&scope=all&status={status}"));
                var branches = await desk.Locator(".reporting-row a[href*='/Dues/Months/Branch/']").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))");
                if (branches.Length == 0) break;
                foreach (var href in branches)
                {
                    await desk.NavigatesByAsync(() => desk.GotoAsync(href));
                    await desk.NavigatesByAsync(() => desk.Locator("#branch-report").ClickAsync());
                    await Expect(desk.Locator("#branch-reported")).ToBeVisibleAsync();
                }
            }
        }

        // the 党总支 reviews its branches and reports its 汇总 (desktop)
        await desk.NavigatesByAsync(() => desk.Locator(".reporting-row a", new() { HasText = "采矿党总支" }).ClickAsync());
        await Expect(desk.Locator("#own-status")).ToHaveTextAsync("未报送");
        await Expect(desk.Locator(".reporting-row .reporting-status", new() { HasText = "未报送" })).ToHaveCountAsync(0);
        await j.ScreenshotAsync(desk, "intermediate-before");
        var general = await OrgOfAsync(desk, desk.Url);
        await desk.NavigatesByAsync(() => desk.Locator("#own-report-submit").ClickAsync());
        await Expect(desk.Locator("#months-done")).ToContainTextAsync("已汇总报送");
        await Expect(desk.Locator("#own-status")).ToHaveTextAsync("已报送");
        await j.ScreenshotAsync(desk, "intermediate-reported");

        // the 矿业公司党委 on a phone: returns the 总支's report with a reason, then reports its own 汇总 once it is in again
        var orgPhone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "org");
        await orgPhone.NavigatesByAsync(() => orgPhone.GotoAsync($"/Dues/Months?org={root}"));
        await orgPhone.NavigatesByAsync(() => orgPhone.Locator(".reporting-row a", new() { HasText = "矿业公司党委" }).ClickAsync());
        var row = orgPhone.Locator($".reporting-row[data-org='{general}']");
        await Expect(row.Locator(".reporting-status")).ToHaveTextAsync("已报送");
        await Expect(orgPhone.Locator("#own-report-submit")).ToBeEnabledAsync();
        (await orgPhone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the 党委's month fits a phone");
        await j.ScreenshotAsync(orgPhone, "intermediate-phone");
        await row.Locator("summary").ClickAsync();
        await row.Locator("input[name=reason]").FillAsync("一采区党支部收据号有误，请核对后重新报送");
        await orgPhone.NavigatesByAsync(() => row.Locator(".return-form button").ClickAsync());
        await Expect(orgPhone.Locator("#months-done")).ToContainTextAsync("已退回");
        await Expect(orgPhone.Locator($".reporting-row[data-org='{general}'] .reporting-status")).ToHaveTextAsync("已退回");
        await Expect(orgPhone.Locator("#own-report-submit")).ToBeDisabledAsync();
        await j.ScreenshotAsync(orgPhone, "intermediate-returned-phone");

        await desk.NavigatesByAsync(() => desk.GotoAsync($"/Dues/Months?org={general}"));
        await Expect(desk.Locator("#own-returned")).ToContainTextAsync("收据号有误");
        await desk.NavigatesByAsync(() => desk.Locator("#own-report-submit").ClickAsync());
        await Expect(desk.Locator("#own-status")).ToHaveTextAsync("已报送");

        await orgPhone.NavigatesByAsync(() => orgPhone.ReloadAsync());
        await orgPhone.NavigatesByAsync(() => orgPhone.Locator("#own-report-submit").ClickAsync());
        await Expect(orgPhone.Locator("#own-status")).ToHaveTextAsync("已报送");
        await j.ScreenshotAsync(orgPhone, "intermediate-reported-phone");

        // the other 党委 and 党总支 report, the deepest first (the list runs in tree order)
        while (true)
        {
            await desk.NavigatesByAsync(() => desk.GotoAsync($"/Dues/Months?org={root}&scope=all&status=未报送"));
            var left = await desk.Locator(".reporting-row a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))");
            if (left.Length == 0) break;
            await desk.NavigatesByAsync(() => desk.GotoAsync(left[^1]));
            await desk.NavigatesByAsync(() => desk.Locator("#own-report-submit").ClickAsync());
            await Expect(desk.Locator("#own-status")).ToHaveTextAsync("已报送");
        }

        // the top settles and downloads the ledger; the phone shows the settled month too
        await desk.NavigatesByAsync(() => desk.GotoAsync($"/Dues/Months?org={root}"));
        await Expect(desk.Locator("#month-reported")).ToHaveTextAsync("3 / 3");
        await desk.NavigatesByAsync(() => desk.Locator("#month-settle").ClickAsync());
        await Expect(desk.Locator("#months-done")).ToContainTextAsync("已结算");
        await Expect(desk.Locator("#month-state")).ToContainTextAsync("已结算");
        await j.ScreenshotAsync(desk, "committee-settled");
        await orgPhone.NavigatesByAsync(() => orgPhone.GotoAsync($"/Dues/Months?org={root}"));
        await Expect(orgPhone.Locator("#month-state")).ToContainTextAsync("已结算");
        (await orgPhone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the settled month fits a phone");
        await j.ScreenshotAsync(orgPhone, "committee-settled-phone");
        var download = await desk.RunAndWaitForDownloadAsync(() => desk.Locator("#ledger-download").ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".xlsx");
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(await download.PathAsync(), false);
        var rows = doc.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
            .Select(r => r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToArray()).ToList();
        rows[0].ShouldBe(["姓名", "支部", "类别", "基数", "比例", "应交", "实交", "补交月份", "减免批件", "交至月", "方式", "日期"]);
        rows.ShouldContain(r => r.Length > 11 && r[1] == "一采区党支部" && r[6] != "");
        rows.Count.ShouldBeGreaterThan(100);
    });

    /// <summary>The organization the month page shows: the org value of its filter form.</summary>
    private static async Task<string> OrgOfAsync(IPage page, string _) =>
        await page.Locator("#reporting-filter input[name=org]").GetAttributeAsync("value") ?? throw new InvalidOperationException("no org on the page");
}
