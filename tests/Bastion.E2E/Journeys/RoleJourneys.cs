using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

public sealed class RoleJourneys(E2EFixture app) : JourneyTest(app)
{
    /// <param name="Heading">The page's h1 when the landing page is not the 工作台 (null: the dashboard's title is checked).</param>
    private sealed record Expectation(string Landing, string? DashboardTitle, string[] Shown, string[] Hidden, string? Heading = null);

    private static readonly string[] AdminDuties = ["账号管理", "节假日安排", "角色授权", "安全策略", "审计日志"];

    private static readonly Dictionary<string, Expectation> ByAccount = new()
    {
        // 三员分立: each administrator sees only their own duty
        // each administrator duty lands on its own page (the home rule, Web/Home.cs)
        ["admin"] = new("/Admin/Users", null, ["工作台", "组织架构", "账号管理", "节假日安排", "消息通知"], ["角色授权", "安全策略", "审计日志", "我的"], "账号管理"),
        ["secadmin"] = new("/Admin/Grants", null, ["工作台", "组织架构", "角色授权", "安全策略", "消息通知"], ["账号管理", "节假日安排", "审计日志", "我的"], "角色授权"),
        ["auditor"] = new("/Audit", null, ["审计日志", "消息通知"], ["工作台", "组织架构", "账号管理", "节假日安排", "角色授权", "安全策略", "我的"], "审计日志"),
        ["org"] = new("/", "集团公司党委", ["工作台", "组织架构", "消息通知"], AdminDuties),
        ["inspector"] = new("/", "集团公司党委", ["工作台", "组织架构", "消息通知"], AdminDuties),
        ["jijian"] = new("/", "集团公司党委", ["工作台", "组织架构", "消息通知"], AdminDuties),
        // the secretary has a member record: the 工作台 stays home, with 我的 beside it
        ["secretary"] = new("/", "一采区党支部", ["工作台", "我的", "我的组织生活", "组织架构", "更正申请", "我的党籍", "消息通知"], AdminDuties),
        // a 普通党员 lands on the personal home instead of the organization's figures
        ["member"] = new("/Me/Home", null, ["我的", "我的组织生活", "组织架构", "我的党籍", "消息通知"], [.. AdminDuties, "更正申请", "工作台"]),
    };

    public static TheoryData<string> Accounts => new(ByAccount.Keys);

    [Theory]
    [MemberData(nameof(Accounts))]
    public Task Each_demo_account_lands_on_its_own_page_and_sees_only_its_menu(string account) => JourneyAsync(async j =>
    {
        var expected = ByAccount[account];
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), account);

        new Uri(page.Url).AbsolutePath.ShouldBe(expected.Landing);
        if (expected.DashboardTitle is { } title)
        {
            await Expect(new DashboardPage(page).Title).ToHaveTextAsync(title);
        }
        else if (expected.Heading is { } heading)
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            if (account == "auditor") await Expect(new ShellPage(page).OrgSwitcher).ToHaveCountAsync(0);
        }
        else
        {
            await Expect(new PersonalHomePage(page).Next).ToBeVisibleAsync();
        }
        // the logo leads home
        await Expect(page.Locator("header .navbar-brand")).ToHaveAttributeAsync("href", expected.Landing);

        var shell = new ShellPage(page);
        await Expect(shell.Menu).ToBeVisibleAsync();
        var menu = await shell.MenuTitlesAsync();
        foreach (var item in expected.Shown) menu.ShouldContain(item, $"{account} should see {item}; menu: {string.Join("、", menu)}");
        foreach (var item in expected.Hidden) menu.ShouldNotContain(item, $"{account} must not see {item}; menu: {string.Join("、", menu)}");
        await Expect(shell.MenuLinks.And(page.Locator(".active"))).ToHaveCountAsync(1);
        await j.ScreenshotAsync(page, "landing");
    }, variant: account);

    [Fact]
    public Task A_member_opening_the_audit_log_gets_the_Chinese_403_page() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "member");

        var response = await page.GotoAsync("/Audit");

        response.ShouldNotBeNull();
        response.Status.ShouldBe(403);
        var error = new ErrorPage(page);
        await Expect(error.Root).ToContainTextAsync("没有权限");
        await Expect(error.Code).ToHaveTextAsync("403");
        (await page.ContentAsync()).ShouldNotContain("Exception");
        await j.ScreenshotAsync(page, "forbidden");
    });
}
