using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Members/Corrections (更正申请): pending correction requests the branch approves or rejects.</summary>
public sealed class CorrectionsPage(IPage page)
{
    public const string Path = "/Members/Corrections";

    public ILocator Requests => page.Locator("#corrections .correction");
    public ILocator Done => page.Locator("#corrections-done");
    public ILocator DecidedTab => page.Locator("a#tab-decided");

    /// <summary>The request card showing this proposed value.</summary>
    public ILocator RequestFor(string proposed) => Requests.Filter(new() { Has = page.Locator(".proposed", new() { HasText = proposed }) });

    /// <summary>Approves the request (accepting the confirm() dialog) and waits for the reloaded list.</summary>
    public async Task ApproveAsync(ILocator request)
    {
        void Accept(object? sender, IDialog d) => _ = d.AcceptAsync();
        page.Dialog += Accept;
        try
        {
            await page.NavigatesByAsync(() => request.Locator(".approve-form button").TapAsync());
        }
        finally
        {
            page.Dialog -= Accept;
        }
    }
}
