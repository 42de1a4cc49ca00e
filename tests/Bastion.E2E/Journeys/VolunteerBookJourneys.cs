using Bastion.Data;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>The 党委's administrator keeps the 入党志愿书 numbers: the demo range, a new range (refused, then issued), a spoiled form with a new number.</summary>
public sealed class VolunteerBookJourneys(E2EFixture app) : JourneyTest(app)
{
    private const int PhoneWidth = 375;

    public static TheoryData<Screen> Screens => new(Screen.Desktop, Screen.Phone);

    [Theory]
    [MemberData(nameof(Screens))]
    public Task A_committee_administrator_issues_a_range_and_registers_a_spoiled_form(Screen screen) => JourneyAsync(async j =>
    {
        long committee;
        using (var scope = App.Services.CreateScope())
            committee = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Organizations.AsNoTracking()
                .Where(o => o.Name == "矿业公司党委").Select(o => o.Id).SingleAsync();
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "org");

        // the demo range with what is left, issued by the 省委组织部
        await page.GotoAsync($"/Development/VolunteerBooks?org={committee}");
        await Expect(page.Locator("#ranges tbody tr").First).ToContainTextAsync("粤2026-001");
        await FitsAsync(j, page, "ranges");

        // a new range: the end before the start is refused beside the field, in Chinese; then issued
        var prefix = screen == Screen.Phone ? "粤2027P-" : "粤2027D-";
        await page.Locator("#Range_Prefix").FillAsync(prefix);
        await page.Locator("#Range_StartNumber").FillAsync("50");
        await page.Locator("#Range_EndNumber").FillAsync("1");
        await page.Locator("#Range_IssuedBy").FillAsync("省委组织部");
        await page.NavigatesByAsync(() => page.Locator("#add-range-submit").ClickAsync());
        await Expect(page.Locator("#Range_EndNumber + .invalid-feedback")).ToHaveTextAsync("截止号不能小于起始号");
        await FitsAsync(j, page, "range-refused");
        await page.Locator("#Range_StartNumber").FillAsync("1");
        await page.Locator("#Range_EndNumber").FillAsync("100");
        await page.NavigatesByAsync(() => page.Locator("#add-range-submit").ClickAsync());
        await Expect(page.Locator("#books-message")).ToContainTextAsync($"已登记编号段 {prefix}001—{prefix}100");
        await Expect(page.Locator("#ranges tbody tr").Filter(new() { HasText = prefix + "001" })).ToContainTextAsync("100");

        // the use register: the demo's spoiled number (and the other screen's, when it ran first) is marked, the others are in use
        await page.NavigatesByAsync(() => page.Locator("#tab-uses").ClickAsync());
        await Expect(page.Locator("#uses tbody tr").Filter(new() { HasText = "已作废/遗失" }).First).ToBeVisibleAsync();
        await FitsAsync(j, page, "uses");

        // one form is spoiled: the confirmation, then the register shows the new number
        var row = page.Locator("#uses tbody tr").Filter(new() { HasText = "在用" }).First;
        var number = (await row.GetAttributeAsync("data-number"))!;
        await page.NavigatesByAsync(() => row.Locator("a", new() { HasText = "作废/遗失" }).ClickAsync());
        await Expect(page.Locator("#number-state")).ToContainTextAsync(number);
        await Expect(page.Locator("#number-state")).ToContainTextAsync("在用");
        await page.Locator("#Input_Kind_Spoiled").CheckAsync();
        await page.Locator("#Input_Reason").FillAsync("填写时涂改");
        await page.Locator("#Input_FormReturned").CheckAsync();
        await page.Locator("#Input_ReturnedOn").FillAsync(await page.Locator("#Input_On").InputValueAsync());
        await FitsAsync(j, page, "spoil-form");
        string? asked = null;
        page.Dialog += async (_, d) => { asked = d.Message; await d.AcceptAsync(); };
        await page.NavigatesByAsync(() => page.Locator("#spoil-submit").ClickAsync());
        asked.ShouldNotBeNull().ShouldContain("永不再使用");
        await Expect(page.Locator("#books-message")).ToContainTextAsync($"已登记编号 {number} 作废");
        await Expect(page.Locator("#books-message")).ToContainTextAsync("补发新编号");
        await Expect(page.Locator("#spoils tbody tr").Filter(new() { HasText = number })).ToContainTextAsync("已交回");
        await FitsAsync(j, page, "spoiled");
    }, screen, screen.ToString());

    private static async Task FitsAsync(Journey j, IPage page, string step)
    {
        if (j.Screen == Screen.Phone)
            (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, $"{step} scrolls sideways on a phone");
        await j.ScreenshotAsync(page, step);
    }
}
