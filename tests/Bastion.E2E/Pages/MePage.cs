using Bastion.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Bastion.E2E.Pages;

/// <summary>/Me (我的党籍): the signed-in member's own record, the 显示 toggle and the 申请更正 form.</summary>
public sealed class MePage(IPage page)
{
    public const string Path = "/Me";

    public ILocator Name => page.Locator("h1#me-name");
    public ILocator Branch => page.Locator("#me-branch");
    public ILocator IdNumber => page.Locator("#me-id-number");
    public ILocator Phone => page.Locator("#me-phone");
    public ILocator Show => page.Locator("a#me-show");
    public ILocator ShownNotice => page.Locator("#me-shown-notice");
    public ILocator Field => page.Locator("select#Field");
    public ILocator ProposedValue => page.Locator("input#ProposedValue");
    public ILocator Reason => page.Locator("textarea#Reason");
    public ILocator Submit => page.Locator("#correction-submit");
    public ILocator Sent => page.Locator("#correction-sent");
    public ILocator MyCorrections => page.Locator("#my-corrections .my-correction");

    public Task RevealAsync() => page.NavigatesByAsync(() => Show.TapAsync());

    /// <summary>Fills 申请更正 (the field by its key, e.g. "position") and submits it.</summary>
    public async Task RequestCorrectionAsync(string field, string value, string reason)
    {
        await Field.SelectOptionAsync(field);
        await ProposedValue.FillAsync(value);
        await Reason.FillAsync(reason);
        await page.NavigatesByAsync(() => Submit.TapAsync());
    }
}
