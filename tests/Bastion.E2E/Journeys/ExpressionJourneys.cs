using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>巡言巡语: the library at desktop and phone size, editing it, and the suggestion fragment in a finding form.</summary>
public sealed class ExpressionJourneys(E2EFixture app) : JourneyTest(app)
{
    [Fact]
    public Task The_inspection_office_browses_filters_and_extends_the_library() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "inspector");
        await page.NavigatesByAsync(() => page.GotoAsync(ExpressionsPage.Path));
        var lib = new ExpressionsPage(page);
        await Expect(lib.Rows).ToHaveCountAsync(20);
        await Expect(page.Locator("nav a[href='/Inspections/Expressions']").First).ToBeVisibleAsync();
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(1366);
        await j.ScreenshotAsync(page, "library-desktop");

        await lib.Category.SelectOptionAsync("问题线索");
        await page.NavigatesByAsync(() => lib.Filter.ClickAsync());
        await Expect(lib.Row("涉嫌违规收受礼品礼金")).ToBeVisibleAsync();
        (await lib.Rows.CountAsync()).ShouldBeGreaterThanOrEqualTo(5);

        await page.NavigatesByAsync(() => lib.Create.ClickAsync());
        await page.NavigatesByAsync(() => lib.Save.ClickAsync());
        await Expect(page.Locator("#error-expression")).ToHaveTextAsync("请填写规范表述");
        await lib.FormCategory.SelectOptionAsync("整改落实");
        await lib.FormExpression.FillAsync("整改资金使用管理不规范");
        await lib.FormSymptoms.FillAsync("整改资金挪作他用、整改资金拨付滞后");
        await j.ScreenshotAsync(page, "create-desktop");
        await page.NavigatesByAsync(() => lib.Save.ClickAsync());
        await Expect(lib.Message).ToHaveTextAsync("已新增条目。");
    });

    [Fact]
    public Task The_library_reads_well_on_a_phone() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "jijian");
        await page.NavigatesByAsync(() => page.GotoAsync(ExpressionsPage.Path + "?q=" + Uri.EscapeDataString("整改")));
        var lib = new ExpressionsPage(page);
        (await lib.Rows.CountAsync()).ShouldBeGreaterThan(3);
        await Expect(lib.Create).ToHaveCountAsync(0);
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the library scrolls sideways on a phone");
        await j.ScreenshotAsync(page, "library-phone");
    }, Screen.Phone);

    /// <summary>
    /// A test harness for the htmx fragment: a finding form with the ids the inspection helper's form uses, injected into
    /// a page of the app (so htmx and the antiforgery header are there), typed into, and adopted from.
    /// </summary>
    [Fact]
    public Task A_suggested_expression_is_adopted_into_the_finding_form() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "inspector");
        await page.NavigatesByAsync(() => page.GotoAsync(ExpressionsPage.Path));
        await page.EvaluateAsync("""
            () => {
                const f = document.createElement('div');
                f.id = 'finding-harness';
                f.innerHTML = `<textarea name="Facts" id="facts" hx-post="/Inspections/Expressions/Suggest" hx-trigger="input changed delay:300ms" hx-target="#expression-suggestions"></textarea>
                    <div id="expression-suggestions"></div>
                    <input id="finding-expression" type="text"><input id="finding-expression-id" type="hidden">
                    <select id="finding-category"><option value="">请选择</option><option>理论路线落实</option><option>从严治党落实</option><option>组织路线落实</option><option>整改落实</option><option>问题线索</option></select>`;
                (document.querySelector('main') || document.body).prepend(f);
                htmx.process(f);
            }
            """);
        await page.Locator("#facts").PressSequentiallyAsync("该公司财务把关不严，违规问题频发，内部制度缺失");
        var adopt = page.Locator("#expression-suggestions .adopt-expression");
        await Expect(adopt).ToHaveCountAsync(5);
        // a plain 匹配度 level, never the raw score
        await Expect(page.Locator("#expression-suggestions .match-level").First).ToHaveTextAsync("匹配度：高");
        (await page.Locator("#expression-suggestions").InnerTextAsync()).ShouldNotMatch(@"\d\.\d\d");
        await j.ScreenshotAsync(page, "suggestions");
        await adopt.First.ClickAsync();
        await Expect(page.Locator("#finding-expression")).ToHaveValueAsync("严格管理、严格教育、严格监督不到位，全面从严治党不力");
        await Expect(page.Locator("#finding-category")).ToHaveValueAsync("从严治党落实");
        (await page.Locator("#finding-expression-id").InputValueAsync()).ShouldNotBeEmpty();
        await Expect(adopt.First).ToHaveTextAsync("已采用");
    });
}
