using Bastion.Data;
using Bastion.Domain;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>
/// 导入流水 on the demo: the 一采区 secretary downloads the sample bank statement (members of the branch who have not
/// paid this month), uploads it from the branch month page, sees the preview on the desktop, then on a phone assigns
/// the line matched by name only to the suggested member and confirms; the payments appear on the branch page.
/// </summary>
public sealed class DuesStatementJourneys(E2EFixture app) : JourneyTest(app)
{
    /// <summary>
    /// The demo's month is open and 一采区 has not reported — another journey may have reported and settled it (the
    /// demo is shared): then it is opened again for this journey.
    /// </summary>
    private async Task<long> OpenBranchAsync()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var branch = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == "一采区党支部");
        var month = await db.Set<DuesMonth>().AsNoTracking().OrderByDescending(m => m.Month).FirstAsync();
        await db.Database.ExecuteSqlAsync($"UPDATE dues_months SET state = '启动缴费', settled_at = NULL, settled_by = NULL WHERE id = {month.Id} AND state = '已结算'");
        await db.Database.ExecuteSqlAsync($"DELETE FROM dues_branch_reports WHERE month_id = {month.Id} AND org_id = {branch.Id}");
        return branch.Id;
    }

    [Fact]
    public Task A_secretary_imports_a_bank_statement_assigns_a_line_by_hand_on_a_phone_and_confirms() => JourneyAsync(async j =>
    {
        var branch = await OpenBranchAsync();
        var desk = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "secretary");
        await desk.NavigatesByAsync(() => desk.GotoAsync($"/Dues/Months/Branch/{branch}"));
        await desk.NavigatesByAsync(() => desk.Locator("#statement-import-link").ClickAsync());
        await Expect(desk.Locator("h1")).ToContainTextAsync("导入党费流水");
        await j.ScreenshotAsync(desk, "import-page");

        // the sample statement, filled with the branch's unpaid members, uploaded as it is
        var download = await desk.RunAndWaitForDownloadAsync(() => desk.Locator("#template-bank").ClickAsync());
        download.SuggestedFilename.ShouldBe("银行对账单示例.xlsx");
        await desk.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = "一采区党支部银行对账单.xlsx", MimeType = Bastion.Web.Xlsx.ContentType, Buffer = await File.ReadAllBytesAsync(await download.PathAsync()),
        });
        await desk.NavigatesByAsync(() => desk.Locator("#statement-upload").ClickAsync());
        await Expect(desk.Locator("#statement-summary")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var matched = int.Parse(await desk.Locator("#statement-matched").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        matched.ShouldBeGreaterThan(0);
        await Expect(desk.Locator("#statement-refused-rows")).ToContainTextAsync("支出");
        await Expect(desk.Locator("#statement-pending-list")).ToContainTextAsync("李某某");
        await j.ScreenshotAsync(desk, "preview");
        var jobUrl = desk.Url;

        // on a phone: the line written with the name only is assigned to the suggested member with one tap, then confirmed
        var phone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "secretary");
        phone.Dialog += (_, d) => d.AcceptAsync();
        await phone.NavigatesByAsync(() => phone.GotoAsync(jobUrl));
        await Expect(phone.Locator("#statement-summary")).ToBeVisibleAsync();
        (await phone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the statement preview fits a phone");
        await j.ScreenshotAsync(phone, "preview-phone");
        var suggested = phone.Locator("#statement-pending-list .assign-form").Filter(new() { Has = phone.Locator("option[selected]") }).First;
        await phone.NavigatesByAsync(() => suggested.Locator("button").TapAsync());
        await Expect(phone.Locator("#statement-done")).ToContainTextAsync("已指定给");
        await Expect(phone.Locator("#statement-matched")).ToHaveTextAsync((matched + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await j.ScreenshotAsync(phone, "assigned-phone");
        await phone.NavigatesByAsync(() => phone.Locator("#statement-commit").TapAsync());
        await Expect(phone.Locator("#statement-imported")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(phone.Locator("#statement-imported")).ToContainTextAsync($"已导入 {matched + 1} 笔流水");
        await j.ScreenshotAsync(phone, "imported-phone");

        // the payments are on the branch's month, with the statement's reference numbers
        await desk.NavigatesByAsync(() => desk.GotoAsync($"/Dues/Months/Branch/{branch}"));
        await Expect(desk.Locator("#paid-table")).ToContainTextAsync("YH");
        await j.ScreenshotAsync(desk, "branch-after");
    });
}
