using System.Globalization;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>
/// The rate tables (/Dues/Standards: a draft created, activated after a confirmation — the version it replaces becomes
/// 作废 — and a mistaken draft voided after a confirmation) and the 少交/免交 approval (the branch secretary files a request
/// on a phone, the 党委 refuses without a reason — refused beside the card — then approves after a confirmation).
/// </summary>
public sealed class DuesReliefJourneys(E2EFixture app) : JourneyTest(app)
{
    private static ILocator Row(IPage page, string category, string state) =>
        page.Locator("#versions tbody tr").Filter(new() { HasText = category }).Filter(new() { Has = page.Locator(".badge", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^" + state + "$") }) });

    [Fact]
    public Task The_committee_creates_a_rate_table_activates_it_and_voids_a_mistaken_draft_after_confirmations() => JourneyAsync(async j =>
    {
        var desk = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "org");
        await desk.NavigatesByAsync(() => desk.GotoAsync("/Dues/Standards"));
        var oldId = await Row(desk, "学生", "启用").First.GetAttributeAsync("id");
        oldId.ShouldNotBeNull();
        await j.ScreenshotAsync(desk, "standards-before");

        async Task CreateDraftAsync(string amount)
        {
            if (await desk.Locator("#new-draft").GetAttributeAsync("open") is null) await desk.Locator("#new-draft summary").ClickAsync();
            await desk.Locator("#Draft_Category").SelectOptionAsync("学生");
            await desk.Locator("#Draft_Kind").SelectOptionAsync("统一标准");
            await desk.Locator("#Draft_FixedAmount").FillAsync(amount);
            await desk.NavigatesByAsync(() => desk.Locator("#create-draft").ClickAsync());
            await Expect(desk.Locator("#flash")).ToContainTextAsync("未启用");
        }

        await CreateDraftAsync("0.20");
        var draft = Row(desk, "学生", "未启用");
        await Expect(draft).ToHaveCountAsync(1);
        var draftId = await draft.GetAttributeAsync("id");

        // the confirmation dismissed: nothing changes
        EventHandler<IDialog> dismiss = (_, d) => d.DismissAsync();
        desk.Dialog += dismiss;
        await desk.Locator($"#{draftId} [data-action=activate]").ClickAsync();
        await Expect(desk.Locator($"#{draftId} .badge")).ToHaveTextAsync("未启用");
        desk.Dialog -= dismiss;

        string? message = null;
        EventHandler<IDialog> accept = (_, d) => { message = d.Message; _ = d.AcceptAsync(); };
        desk.Dialog += accept;
        await desk.NavigatesByAsync(() => desk.Locator($"#{draftId} [data-action=activate]").ClickAsync());
        message.ShouldNotBeNull().ShouldContain("启用后不可回退");
        await Expect(desk.Locator("#flash")).ToContainTextAsync("已启用");
        await Expect(desk.Locator($"#{draftId} .badge")).ToHaveTextAsync("启用");
        await Expect(desk.Locator($"#{oldId} .badge")).ToHaveTextAsync("作废");
        await Expect(desk.Locator($"#{oldId}")).ToContainTextAsync("已被取代");
        await j.ScreenshotAsync(desk, "standards-activated");

        // a second draft typed by mistake is voided after its confirmation
        await CreateDraftAsync("0.30");
        var mistaken = await Row(desk, "学生", "未启用").GetAttributeAsync("id");
        desk.Dialog -= accept;
        desk.Dialog += dismiss;
        await desk.Locator($"#{mistaken} [data-action=void]").ClickAsync();
        await Expect(desk.Locator($"#{mistaken} .badge")).ToHaveTextAsync("未启用");
        desk.Dialog -= dismiss;
        desk.Dialog += accept;
        await desk.NavigatesByAsync(() => desk.Locator($"#{mistaken} [data-action=void]").ClickAsync());
        message.ShouldNotBeNull().ShouldContain("作废后不可恢复");
        await Expect(desk.Locator("#flash")).ToContainTextAsync("已作废");
        await Expect(desk.Locator($"#{mistaken} .badge")).ToHaveTextAsync("作废");
        await Expect(desk.Locator($"#{draftId} .badge")).ToHaveTextAsync("启用");
        await j.ScreenshotAsync(desk, "standards-voided");

        var phone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "org");
        await phone.NavigatesByAsync(() => phone.GotoAsync("/Dues/Standards"));
        await Expect(phone.Locator($"#{draftId} .badge")).ToHaveTextAsync("启用");
        (await phone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the rate tables fit a phone");
        await j.ScreenshotAsync(phone, "standards-phone");
    });

    [Fact]
    public Task A_secretary_files_a_reduction_on_a_phone_and_the_committee_refuses_without_a_reason_then_approves() => JourneyAsync(async j =>
    {
        // the demo's pending request leads to a member of the secretary's branch
        var desk = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "org");
        await desk.NavigatesByAsync(() => desk.GotoAsync("/Dues/Reductions"));
        await Expect(desk.Locator("#pending-list > div")).Not.ToHaveCountAsync(0);
        var memberHref = (await desk.Locator("#pending-list > div a").First.GetAttributeAsync("href"))!;
        await j.ScreenshotAsync(desk, "queue-desktop");

        var phone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "secretary");
        await phone.NavigatesByAsync(() => phone.GotoAsync(memberHref));
        await Expect(phone.Locator("#reduction-list [data-state='待审批']")).ToHaveCountAsync(1);
        var month = DateOnly.FromDateTime(DateTime.Today);
        string M(int add) => month.AddMonths(add).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await phone.Locator("#Reduction_FromMonth").FillAsync(M(5));
        await phone.Locator("#Reduction_ToMonth").FillAsync(M(7));
        await phone.Locator("#Reduction_Amount").FillAsync("0");
        await phone.Locator("#Reduction_BranchDecision").FillAsync("支委会研究同意（纪要第9号）");
        await phone.NavigatesByAsync(() => phone.Locator("#reduction-submit").ClickAsync());
        await Expect(phone.Locator("#Reduction_BranchDecidedOn + .invalid-feedback")).ToHaveTextAsync("请填写支部研究决定的日期");
        await Expect(phone.Locator("#Reduction_BranchDecision")).ToHaveValueAsync("支委会研究同意（纪要第9号）");
        await j.ScreenshotAsync(phone, "request-error-phone");
        await phone.Locator("#Reduction_BranchDecidedOn").FillAsync(month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await phone.NavigatesByAsync(() => phone.Locator("#reduction-submit").ClickAsync());
        await Expect(phone.Locator("#flash")).ToContainTextAsync("待上级党委审批");
        await Expect(phone.Locator("#reduction-list [data-state='待审批']")).ToHaveCountAsync(2);
        (await phone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the member's dues page fits a phone");
        await j.ScreenshotAsync(phone, "request-filed-phone");

        // the 党委 on a phone: refusing without a reason is refused beside the card; approving asks first
        var committee = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "org");
        await committee.NavigatesByAsync(() => committee.GotoAsync("/Dues/Reductions"));
        var card = committee.Locator("#pending-list > div").Filter(new() { HasText = $"{M(5)} 至 {M(7)}" });
        await Expect(card).ToHaveCountAsync(1);
        var cardId = await card.GetAttributeAsync("id");
        committee.Dialog += (_, d) => d.AcceptAsync();
        await committee.NavigatesByAsync(() => card.Locator("[data-action=refuse]").ClickAsync());
        await Expect(committee.Locator($"#{cardId} .request-error")).ToHaveTextAsync("请填写不批准的理由");
        await j.ScreenshotAsync(committee, "refuse-needs-reason-phone");
        await committee.NavigatesByAsync(() => committee.Locator($"#{cardId} [data-action=approve]").ClickAsync());
        await Expect(committee.Locator("#reductions-done")).ToHaveTextAsync("已批准");
        await Expect(committee.Locator($"#{cardId}")).ToHaveCountAsync(0);
        (await committee.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the approval queue fits a phone");
        await j.ScreenshotAsync(committee, "approved-phone");

        await phone.NavigatesByAsync(() => phone.ReloadAsync());
        await Expect(phone.Locator("#reduction-list [data-state='已批准']")).ToHaveCountAsync(1);
    });
}
