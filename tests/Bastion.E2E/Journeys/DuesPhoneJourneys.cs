using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>
/// The dues pages on a phone (375×812): every link, button, field and page link of the page's content is at least 44 px
/// high — the downloads (#summary-download, #branch-ledger), the member names of the reduction list, the arrears filter
/// and pager — and the same pages on the desktop; a spending above the 党委's retained balance is refused beside the
/// amount. Reads the shared demo only (the refused spending writes nothing).
/// </summary>
public sealed class DuesPhoneJourneys(E2EFixture app) : JourneyTest(app)
{
    private const float Tap = 44;

    /// <summary>Every visible tap target of the dues content lower than 44 px: "what (text) height".</summary>
    private const string SmallTargets = """
        () => [...document.querySelectorAll('.bb-taps a, .bb-taps button, .bb-taps summary, .bb-taps select, .bb-taps input:not([type=hidden]):not([type=checkbox]):not([type=radio])')]
          .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; })
          .filter(e => e.getBoundingClientRect().height < 44)
          .map(e => (e.id ? '#' + e.id : e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))
                    + ' "' + (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 20) + '" ' + e.getBoundingClientRect().height.toFixed(1) + 'px')
        """;

    private static async Task AllTappableAsync(IPage page, string what)
    {
        (await page.Locator(".bb-taps").CountAsync()).ShouldBe(1, what);
        var small = await page.EvaluateAsync<string[]>(SmallTargets);
        small.ShouldBeEmpty($"{what}: tap targets under 44 px: {string.Join("; ", small)}");
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, $"{what} fits a phone");
    }

    private static async Task HighEnoughAsync(ILocator target, string what)
    {
        var box = await target.BoundingBoxAsync();
        box.ShouldNotBeNull(what);
        box.Height.ShouldBeGreaterThanOrEqualTo(Tap, what);
        box.Width.ShouldBeGreaterThanOrEqualTo(Tap, what);
    }

    [Fact]
    public Task The_main_dues_actions_are_at_least_44_px_high_on_a_phone() => JourneyAsync(async j =>
    {
        var phone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "org");
        var desk = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "org");

        async Task BothAsync(string url, string name)
        {
            await phone.NavigatesByAsync(() => phone.GotoAsync(url));
            await AllTappableAsync(phone, url);
            await j.ScreenshotAsync(phone, name + "-phone");
            await desk.NavigatesByAsync(() => desk.GotoAsync(url));
            await j.ScreenshotAsync(desk, name + "-desktop");
        }

        await BothAsync("/Dues/Months", "months");
        await HighEnoughAsync(phone.Locator("#summary-download"), "#summary-download");
        await HighEnoughAsync(phone.Locator("#statement-download"), "#statement-download");
        await BothAsync("/Dues/Months/Arrears", "arrears");
        await HighEnoughAsync(phone.Locator("#arrears-search"), "#arrears-search");
        await BothAsync("/Dues/Reductions", "reductions");
        var names = phone.Locator("#pending-list a[href^='/Dues/Member/'], #decided-table a[href^='/Dues/Member/']");
        (await names.CountAsync()).ShouldBeGreaterThan(0, "the demo has reductions");
        await HighEnoughAsync(names.First, "a member's name in the reduction list");
        var memberPage = (await names.First.GetAttributeAsync("href"))!;
        await BothAsync(memberPage, "member");
        await BothAsync("/Dues/Bases", "bases");
        await BothAsync("/Dues/Months/Funds", "funds");
        await BothAsync("/Dues/Standards", "standards");

        // a spending above the retained balance: refused beside the amount, with the figures (nothing is written)
        await desk.NavigatesByAsync(() => desk.GotoAsync("/Dues/Months/Funds"));
        await desk.Locator("#Spending_SpentOn").FillAsync(DateTime.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await desk.Locator("#Spending_Amount").FillAsync("99999999");
        await desk.Locator("#Spending_Purpose").SelectOptionAsync("表彰先进");
        await desk.Locator("#Spending_Description").FillAsync("表彰优秀共产党员");
        await desk.Locator("#Spending_ApprovedBy").FillAsync("党委会研究同意");
        await desk.Locator("#Spending_VoucherNo").FillAsync("记-E2E-001");
        await desk.NavigatesByAsync(() => desk.Locator("#spending-save").ClickAsync());
        await Expect(desk.Locator("#Spending_Amount + .invalid-feedback")).ToContainTextAsync("超过留存党费结余");
        await j.ScreenshotAsync(desk, "spending-refused-desktop");
        await phone.NavigatesByAsync(() => phone.GotoAsync("/Dues/Months/Funds"));
        await phone.Locator("#Spending_SpentOn").FillAsync(DateTime.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await phone.Locator("#Spending_Amount").FillAsync("99999999");
        await phone.Locator("#Spending_Purpose").SelectOptionAsync("表彰先进");
        await phone.Locator("#Spending_Description").FillAsync("表彰优秀共产党员");
        await phone.Locator("#Spending_ApprovedBy").FillAsync("党委会研究同意");
        await phone.Locator("#Spending_VoucherNo").FillAsync("记-E2E-002");
        await phone.NavigatesByAsync(() => phone.Locator("#spending-save").ClickAsync());
        await Expect(phone.Locator("#Spending_Amount + .invalid-feedback")).ToContainTextAsync("超过留存党费结余");
        await j.ScreenshotAsync(phone, "spending-refused-phone");

        // the branch's month (the secretary's own branch) with its ledger download
        var sec = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "secretary");
        await sec.NavigatesByAsync(() => sec.GotoAsync("/Dues/Months"));
        await AllTappableAsync(sec, "the secretary's /Dues/Months");
        await sec.NavigatesByAsync(() => sec.Locator("#own-lines").ClickAsync());
        await AllTappableAsync(sec, "the branch's month");
        await HighEnoughAsync(sec.Locator("#branch-ledger"), "#branch-ledger");
        await j.ScreenshotAsync(sec, "branch-phone");
        var branchUrl = sec.Url;
        await desk.NavigatesByAsync(() => desk.GotoAsync(branchUrl));
        await j.ScreenshotAsync(desk, "branch-desktop");
        var branchId = new Uri(branchUrl).AbsolutePath.Split('/')[^1];
        await sec.NavigatesByAsync(() => sec.GotoAsync($"/Dues/Statements/Import/{branchId}"));
        await AllTappableAsync(sec, "the statement import");
        await j.ScreenshotAsync(sec, "statement-import-phone");

        var member = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "member");
        await member.NavigatesByAsync(() => member.GotoAsync("/Dues/Months/Mine"));
        await AllTappableAsync(member, "/Dues/Months/Mine");
        await j.ScreenshotAsync(member, "mine-phone");
    }, Screen.Phone);
}
