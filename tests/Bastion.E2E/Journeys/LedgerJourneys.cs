using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

public sealed class LedgerJourneys(E2EFixture app) : JourneyTest(app)
{
    private const string Item = "党费收缴不规范，部分党员未按标准足额交纳"; // demo: owner secretary, verifier inspector, 办理中
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    [Fact]
    public Task The_owner_submits_evidence_from_the_board_and_the_verifier_closes_the_item() => JourneyAsync(async j =>
    {
        // the branch secretary opens 台账 on a phone, switches to the board and opens the item
        var phone = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Phone), "secretary");
        await phone.NavigatesByAsync(() => phone.GotoAsync(LedgerPage.Path + "?view=mine"));
        var ledger = new LedgerPage(phone);
        await ledger.ShowBoardAsync();
        await Expect(ledger.Column("办理中").Locator(".ledger-card", new() { HasText = Item })).ToBeVisibleAsync();
        (await phone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the board scrolls sideways on a phone");
        await j.ScreenshotAsync(phone, "board-phone");
        await ledger.OpenAsync(Item);
        var details = new LedgerDetailsPage(phone);
        await Expect(details.Title).ToHaveTextAsync(Item);
        (await phone.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(376, "the item page scrolls sideways on a phone");
        await details.SubmitAsync("党费补缴凭证及收缴台账", "党费补缴凭证.pdf", Pdf);
        await Expect(details.State).ToHaveTextAsync("申请销号");
        await Expect(details.Evidence).ToContainTextAsync("党费补缴凭证.pdf");
        await j.ScreenshotAsync(phone, "submitted-phone");

        // the inspector (verifier) sees it on the desktop board and closes it
        var desk = await LoginPage.SignInAsAsync(await j.NewSessionAsync(Screen.Desktop), "inspector");
        await desk.NavigatesByAsync(() => desk.GotoAsync(LedgerPage.Path + "?view=mine&layout=board"));
        var board = new LedgerPage(desk);
        await Expect(board.Column("申请销号").Locator(".ledger-card", new() { HasText = Item })).ToBeVisibleAsync();
        await j.ScreenshotAsync(desk, "board-desktop");
        await board.OpenAsync(Item);
        var verify = new LedgerDetailsPage(desk);
        await j.ScreenshotAsync(desk, "details-desktop");
        await verify.CloseAsync("凭证齐全，同意销号");
        await Expect(verify.State).ToHaveTextAsync("已销号");
        await Expect(verify.Timeline).ToContainTextAsync("销号");
        await Expect(verify.Timeline).ToContainTextAsync("凭证齐全，同意销号");
        await j.ScreenshotAsync(desk, "closed-desktop");
    });

    /// <summary>
    /// The demo round's rectification items (DemoInspections): the next step is on the page at once, a refused submission
    /// keeps what was typed, and the verifier's 销号 asks for no evidence the owner already gave.
    /// </summary>
    [Theory]
    [InlineData(Screen.Desktop)]
    [InlineData(Screen.Phone)]
    public Task The_next_step_is_one_click_a_refused_form_keeps_the_text_and_the_verifier_is_not_asked_for_evidence(Screen screen) => JourneyAsync(async j =>
    {
        var width = screen == Screen.Phone ? 376 : 1366;
        var owner = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "secretary");
        await owner.NavigatesByAsync(() => owner.GotoAsync(LedgerPage.Path + "?view=mine&layout=board"));
        var details = new LedgerDetailsPage(owner);
        if (screen == Screen.Desktop)
        {
            // 待办: 开始办理 is shown directly, one click
            await new LedgerPage(owner).OpenAsync("上轮巡察反馈问题整改不彻底");
            await Expect(details.State).ToHaveTextAsync("待办");
            await Expect(details.Action("start")).ToBeVisibleAsync();
            await j.ScreenshotAsync(owner, "todo");
            await owner.NavigatesByAsync(() => details.Action("start").ClickAsync());
            await Expect(details.State).ToHaveTextAsync("办理中");
        }
        else await new LedgerPage(owner).OpenAsync("“三会一课”制度执行不严格");

        // 办理中: 申请销号 is the open form; refused without a file, the typed text stays
        await Expect(owner.Locator("#form-submit")).ToBeVisibleAsync();
        await owner.Locator("#evidenceText-submit").FillAsync("已补齐整改台账");
        await owner.Locator("#reason-submit").FillAsync("整改措施全部落实，请验收");
        await owner.NavigatesByAsync(() => details.Action("submit").ClickAsync());
        await Expect(owner.Locator("#transition-error")).ToContainTextAsync("申请销号须附至少一份佐证材料");
        await Expect(owner.Locator("#reason-submit")).ToHaveValueAsync("整改措施全部落实，请验收");
        await Expect(owner.Locator("#evidenceText-submit")).ToHaveValueAsync("已补齐整改台账");
        (await owner.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(width, "the item page scrolls sideways");
        await j.ScreenshotAsync(owner, "refused-keeps-text");

        // the verifier: 销号 is the open form, with no evidence fields (the owner's file is on the item)
        var verifier = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "inspector");
        await verifier.NavigatesByAsync(() => verifier.GotoAsync(LedgerPage.Path + "?view=mine&layout=board"));
        await new LedgerPage(verifier).OpenAsync("落实全面从严治党主体责任有差距");
        var verify = new LedgerDetailsPage(verifier);
        await Expect(verify.State).ToHaveTextAsync("申请销号");
        await Expect(verifier.Locator("#form-close")).ToBeVisibleAsync();
        await Expect(verifier.Locator("#evidenceText-close")).ToHaveCountAsync(0);
        await Expect(verifier.Locator("#evidenceFile-close")).ToHaveCountAsync(0);
        await Expect(verifier.Locator("#form-close")).ToContainTextAsync("责任人已提交佐证材料");
        (await verifier.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(width, "the item page scrolls sideways");
        await j.ScreenshotAsync(verifier, "verifier");
    }, screen, screen.ToString());
}

