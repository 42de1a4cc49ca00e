using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Transfers (组织关系转接): the lists 待我方接收, 我方发出 and 已转出.</summary>
public sealed class TransfersPage(IPage page)
{
    public const string Path = "/Transfers";

    public ILocator Heading => page.Locator("main h1");
    public ILocator Rows => page.Locator("#transfers tbody tr");
    public ILocator Message => page.Locator("#transfer-message");
    public ILocator IncomingTab => page.Locator("#tab-in");
    public ILocator OutgoingTab => page.Locator("#tab-out");

    /// <summary>The row of one member's transfer.</summary>
    public ILocator RowOf(string memberName) => Rows.Filter(new() { HasText = memberName });

    /// <summary>Opens 办理 on a waiting transfer and waits for the decision page.</summary>
    public Task OpenDecisionAsync(string memberName) =>
        page.NavigatesByAsync(() => RowOf(memberName).Locator("a", new() { HasText = "办理" }).ClickAsync());
}

/// <summary>/Transfers/Start/{member}: 系统内转接 or 转出 with a 介绍信.</summary>
public sealed class StartTransferPage(IPage page)
{
    public ILocator Title => page.Locator("h1#start-title");
    public ILocator ToBranch => page.Locator("select#Internal_ToOrgId");
    public ILocator Reason => page.Locator("textarea#Internal_Reason");
    public ILocator Submit => page.Locator("#start-internal-submit");

    public async Task StartInternalAsync(string branchName, string reason)
    {
        await ToBranch.SelectOptionAsync(new SelectOptionValue { Label = branchName });
        await Reason.FillAsync(reason);
        await page.NavigatesByAsync(() => Submit.ClickAsync());
    }
}

/// <summary>/Transfers/Decide/{id}: the receiving side accepts or rejects.</summary>
public sealed class DecideTransferPage(IPage page)
{
    public ILocator Title => page.Locator("h1#decide-title");
    public ILocator From => page.Locator("#decide-from");
    public ILocator To => page.Locator("#decide-to");
    public ILocator Accept => page.Locator("#accept-submit");

    /// <summary>Accepts (confirming the dialog) and waits for the list the decision leads to.</summary>
    public async Task AcceptAsync()
    {
        void Confirm(object? sender, IDialog d) => _ = d.AcceptAsync();
        page.Dialog += Confirm;
        try
        {
            await page.NavigatesByAsync(() => Accept.ClickAsync());
        }
        finally
        {
            page.Dialog -= Confirm;
        }
    }
}
