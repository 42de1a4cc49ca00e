using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Audit (审计日志, audit administrator): filter, log table and the hash-chain check.</summary>
public sealed class AuditPage(IPage page)
{
    public const string Path = "/Audit";

    public ILocator Heading => page.Locator("main h1");
    public ILocator Filter => page.Locator("form#audit-filter");
    public ILocator Table => page.Locator("table#audit-table");
    public ILocator Rows => Table.Locator("tbody tr");
    public ILocator VerifyButton => page.Locator("#verify-chain");
    public ILocator VerifyResult => page.Locator("#verify-result");

    /// <summary>Posts the hash-chain check and waits for the page with its result.</summary>
    public Task VerifyChainAsync() => page.NavigatesByAsync(() => VerifyButton.ClickAsync());
}
