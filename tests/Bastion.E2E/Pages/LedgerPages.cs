using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Ledger (台账): the views, the table and the board.</summary>
public sealed class LedgerPage(IPage page)
{
    public const string Path = "/Ledger";

    public ILocator Board => page.Locator("#ledger-board");
    public ILocator Column(string state) => Board.Locator($"[data-state='{state}']");
    public ILocator Card(string title) => page.Locator(".ledger-card", new() { HasText = title });

    public Task ShowBoardAsync() => page.NavigatesByAsync(() => page.Locator("#layout-board").ClickAsync());
    public Task ViewAsync(string title) => page.NavigatesByAsync(() => page.Locator("#ledger-views a", new() { HasText = title }).ClickAsync());
    public Task OpenAsync(string title) => page.NavigatesByAsync(() => Card(title).ClickAsync());
}

/// <summary>/Ledger/Details/{id}: the item, its timeline, evidence and the action forms.</summary>
public sealed class LedgerDetailsPage(IPage page)
{
    public ILocator Title => page.Locator("#item-title");
    public ILocator State => page.Locator("#state-badge");
    public ILocator Timeline => page.Locator("#timeline");
    public ILocator Evidence => page.Locator("#evidence");
    public ILocator Done => page.Locator("#done-notice");
    public ILocator Action(string action) => page.Locator($"#do-{action}");

    /// <summary>申请销号 with a text and a file.</summary>
    public async Task SubmitAsync(string text, string fileName, byte[] content)
    {
        var form = page.Locator("#form-submit");
        if (!await form.IsVisibleAsync()) await page.Locator("details", new() { Has = form }).Locator("summary").ClickAsync();
        await page.Locator("#evidenceText-submit").FillAsync(text);
        await page.Locator("#evidenceFile-submit").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "application/pdf", Buffer = content });
        await page.NavigatesByAsync(() => Action("submit").ClickAsync());
    }

    /// <summary>销号, accepting its confirm() dialog.</summary>
    public async Task CloseAsync(string reason)
    {
        var form = page.Locator("#form-close");
        if (!await form.IsVisibleAsync()) await page.Locator("details", new() { Has = form }).Locator("summary").ClickAsync();
        await page.Locator("#reason-close").FillAsync(reason);
        void Accept(object? sender, IDialog d) => _ = d.AcceptAsync();
        page.Dialog += Accept;
        try { await page.NavigatesByAsync(() => Action("close").ClickAsync()); }
        finally { page.Dialog -= Accept; }
    }
}
