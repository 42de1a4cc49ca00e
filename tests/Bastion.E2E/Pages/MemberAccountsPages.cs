using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Members/Accounts (批量开通账号 from a branch's roster) and its result with the one-time passwords.</summary>
public sealed class BulkAccountsPage(IPage page)
{
    public const string Path = "/Members/Accounts";

    public ILocator Form => page.Locator("form#bulk-accounts");
    public ILocator Member(long id) => page.Locator($"#m-{id}");
    public ILocator SchemeMobile => page.Locator("#scheme-mobile");
    public ILocator ShowOnce => page.Locator("#deliver-show");
    public ILocator Submit => page.Locator("#bulk-submit");
    public ILocator Report => page.Locator("#accounts-report");
    public ILocator Created => page.Locator("#created-count");
    public ILocator PrintButton => page.Locator("#print-slips");
    public ILocator ResultRow(long memberId) => page.Locator($"#accounts-result tr[data-member='{memberId}']");
    public ILocator Password(long memberId) => ResultRow(memberId).Locator(".one-time-password");

    /// <summary>Posts the form for the ticked members, accepting the confirmation; returns once the result has loaded.</summary>
    public async Task SubmitAsync()
    {
        void Accept(object? sender, IDialog d) => _ = d.AcceptAsync();
        page.Dialog += Accept;
        try { await page.NavigatesByAsync(() => Submit.ClickAsync()); }
        finally { page.Dialog -= Accept; }
    }
}
