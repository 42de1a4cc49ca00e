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
}
