using Bastion.Domain;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>
/// 发展党员 转出/转入 (decision 0014): the secretary of 一采区党支部 sends an applicant to 二采区党支部, outside their scope,
/// choosing it by searching the platform's branches; the case shows 转出中 and waits; the 党委's administrator over the
/// receiving branch reviews it in 待接收的发展对象转入 and accepts — the receiving branch's case keeps the steps with their
/// dates (desktop and phone).
/// </summary>
public sealed class DevelopmentTransferJourneys(E2EFixture app) : JourneyTest(app)
{
    private static DateOnly Today => TimeProvider.System.Today();
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(Screen.Desktop)]
    [InlineData(Screen.Phone)]
    public Task The_receiving_side_accepts_a_case_sent_from_a_branch_outside_the_senders_scope(Screen screen) => JourneyAsync(async j =>
    {
        var shot = screen == Screen.Phone ? "phone" : "desktop";
        var name = screen == Screen.Phone ? "冯转手机" : "陈转桌面";
        var idNumber = ChineseIdNumber.Compose("110105", new DateOnly(1997, 6, screen == Screen.Phone ? 4 : 3), 654);
        var applied = Today.AddMonths(-2);

        var sender = await LoginPage.SignInAsAsync(await j.NewSessionAsync(screen), "secretary");
        sender.Dialog += (_, d) => d.AcceptAsync();
        await sender.NavigatesByAsync(() => sender.GotoAsync("/Development/Create"));
        await new DevelopmentCreatePage(sender).SubmitAsync(name, idNumber, applied);
        var c = new DevelopmentCasePage(sender);
        await c.RecordAsync("2", applied.AddDays(7), p => p.Locator("#Talker").FillAsync("支部书记"));
        await Expect(c.Timeline).ToContainTextAsync("谈话人：支部书记");

        // 转出: the receiving branch is found by searching the whole platform (it is not the secretary's)
        await sender.Locator("#case-actions summary", new() { HasText = "转出到其他党支部" }).ClickAsync();
        await sender.Locator("#transfer-search").FillAsync("二采区");
        var option = sender.Locator("#transfer-org option", new() { HasText = "二采区党支部" });
        await Expect(option).ToHaveCountAsync(1);
        await Expect(option).ToContainTextAsync("需对方接收");
        await sender.Locator("#transfer-org").SelectOptionAsync(new SelectOptionValue { Label = (await option.TextContentAsync())!.Trim() });
        await sender.Locator("input[name='Transfer.Reason']").FillAsync("调至二采区工作");
        await j.ScreenshotAsync(sender, shot + "-transfer-form");
        await sender.NavigatesByAsync(() => sender.Locator("#transfer-form button[type=submit]").ClickAsync());
        await Expect(sender.Locator("#case-transferring")).ToHaveTextAsync("转出中 · 待接收");
        await Expect(sender.Locator("#transfer-waiting")).ToContainTextAsync("待二采区党支部接收");
        await Expect(sender.Locator("#record-step")).ToHaveCountAsync(0);
        await j.ScreenshotAsync(sender, shot + "-waiting");

        // the 党委's administrator over 二采区 reviews and accepts
        var receiver = await LoginPage.SignInAsAsync(await j.NewSessionAsync(screen), "org");
        receiver.Dialog += (_, d) => d.AcceptAsync();
        await receiver.NavigatesByAsync(() => receiver.GotoAsync("/Development"));
        await Expect(receiver.Locator("#incoming-count")).ToBeVisibleAsync();
        await receiver.NavigatesByAsync(() => receiver.Locator("#open-transfers").ClickAsync());
        var card = receiver.Locator(".dev-transfer", new() { HasText = name });
        await Expect(card).ToContainTextAsync("一采区党支部 → 二采区党支部");
        await card.Locator("details summary", new() { HasText = "审核已办步骤" }).ClickAsync();
        await Expect(card.Locator(".transfer-steps")).ToContainTextAsync($"第2步 党组织派人谈话 · {Iso(applied.AddDays(7))}");
        await j.ScreenshotAsync(receiver, shot + "-incoming");
        await receiver.NavigatesByAsync(() => card.Locator(".accept-transfer").ClickAsync());

        var received = new DevelopmentCasePage(receiver);
        await Expect(received.Done).ToContainTextAsync("已转入接收支部");
        await Expect(received.Name).ToHaveTextAsync(name);
        await Expect(receiver.Locator("#transferred-in")).ToContainTextAsync("由一采区党支部转入");
        await Expect(received.Timeline).ToContainTextAsync("转入前的记录");
        await Expect(received.Timeline.Locator(".dev-step[data-step='2'] .step-date")).ToHaveTextAsync(Iso(applied.AddDays(7)));
        await Expect(received.Next).ToContainTextAsync("第3步");
        await j.ScreenshotAsync(receiver, shot + "-accepted");

        // the sender's case is closed as 转出
        await sender.NavigatesByAsync(() => sender.ReloadAsync());
        await Expect(c.State).ToHaveTextAsync("转出");
        await Expect(sender.Locator("#transferred-out")).ToContainTextAsync("已转至二采区党支部");
    }, screen);
}
