using System.Text.RegularExpressions;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

public sealed class SelfServiceJourneys(E2EFixture app) : JourneyTest(app)
{
    private const int PhoneWidth = 375;

    [Fact]
    public Task A_member_reveals_their_own_id_number_and_asks_for_a_correction_which_the_secretary_approves() => JourneyAsync(async j =>
    {
        var proposed = "综合调度员" + Guid.NewGuid().ToString("N")[..4];

        // the demo member, on a phone, opens 我的党籍 from the menu
        var member = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "member");
        var shell = new ShellPage(member);
        await shell.OpenPhoneMenuAsync();
        await member.NavigatesByAsync(() => shell.MenuLinks.Filter(new() { HasText = "我的党籍" }).TapAsync());
        new Uri(member.Url).AbsolutePath.ShouldBe(MePage.Path);
        var me = new MePage(member);
        await Expect(me.Name).Not.ToBeEmptyAsync();
        await Expect(me.Branch).ToHaveTextAsync("一采区党支部");
        await Expect(me.IdNumber).ToContainTextAsync("*");
        (await member.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "我的党籍 scrolls sideways on a phone");
        await j.ScreenshotAsync(member, "me-masked");

        // 显示: the full ID number, to its owner
        await me.RevealAsync();
        await Expect(me.IdNumber).ToHaveTextAsync(new Regex(@"^\s*\d{17}[\dX]\s*$"));
        await Expect(me.ShownNotice).ToBeVisibleAsync();
        await j.ScreenshotAsync(member, "me-shown");

        // 申请更正
        await me.RequestCorrectionAsync("position", proposed, "岗位已调整，见人事任免通知");
        await Expect(me.Sent).ToBeVisibleAsync();
        await Expect(me.MyCorrections.Filter(new() { HasText = proposed })).ToContainTextAsync("待审核");
        (await member.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1);
        await j.ScreenshotAsync(member, "me-requested");

        // the branch secretary approves it on 更正申请
        var secretary = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "secretary");
        var secretaryShell = new ShellPage(secretary);
        await secretaryShell.OpenPhoneMenuAsync();
        await secretary.NavigatesByAsync(() => secretaryShell.MenuLinks.Filter(new() { HasText = "更正申请" }).TapAsync());
        new Uri(secretary.Url).AbsolutePath.ShouldBe(CorrectionsPage.Path);
        var corrections = new CorrectionsPage(secretary);
        var request = corrections.RequestFor(proposed);
        await Expect(request).ToBeVisibleAsync();
        await Expect(request).ToContainTextAsync("岗位");
        (await secretary.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "更正申请 scrolls sideways on a phone");
        await j.ScreenshotAsync(secretary, "corrections");
        await corrections.ApproveAsync(request);
        await Expect(corrections.Done).ToBeVisibleAsync();
        await Expect(corrections.RequestFor(proposed)).ToHaveCountAsync(0);
        await j.ScreenshotAsync(secretary, "approved");

        // the member record shows the corrected post, its tabs usable on a phone
        await secretary.NavigatesByAsync(() => corrections.DecidedTab.TapAsync());
        await Expect(corrections.RequestFor(proposed)).ToContainTextAsync("已同意");
        await secretary.NavigatesByAsync(() => corrections.RequestFor(proposed).Locator("a[href^='/Members/Details/']").TapAsync());
        await Expect(secretary.Locator("#member-basic")).ToContainTextAsync(proposed);
        await Expect(secretary.Locator("#member-tabs")).ToBeVisibleAsync();
        await secretary.Locator("#tab-posts-button").TapAsync();
        await Expect(secretary.Locator("#tab-posts")).ToBeVisibleAsync();
        await Expect(secretary.Locator("#post-form")).ToBeVisibleAsync();
        (await secretary.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "the member record scrolls sideways on a phone");
        await j.ScreenshotAsync(secretary, "member-posts");

        // the member sees the decision
        await member.NavigatesByAsync(() => member.GotoAsync(MePage.Path));
        await Expect(me.MyCorrections.Filter(new() { HasText = proposed })).ToContainTextAsync("已同意");
    }, Screen.Phone);
}
