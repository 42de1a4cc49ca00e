using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>角色授权: the 安全管理员 finds a grant's scope by name; the organizations the chosen role does not fit are offered disabled.</summary>
public sealed class GrantScopeJourneys(E2EFixture app) : JourneyTest(app)
{
    [Theory]
    [InlineData(Screen.Desktop)]
    [InlineData(Screen.Phone)]
    public Task The_grant_scope_is_found_by_name_and_shows_the_organization_type(Screen screen) => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "secadmin");
        await page.GotoAsync(GrantsPage.Path);
        var grants = new GrantsPage(page);
        await Expect(grants.OrgOption("集团公司党委（党委）")).ToHaveCountAsync(1);
        await Expect(grants.OrgOption("电解车间党支部")).ToHaveCountAsync(0);

        await grants.Role.SelectOptionAsync("OrgAdmin");
        await grants.OrgSearch.FillAsync("车间");
        await Expect(grants.OrgOption("电解车间党支部（党支部） · 冶炼厂党委")).ToBeDisabledAsync();
        await Expect(grants.OrgOption("熔炼车间党总支（党总支）")).ToBeEnabledAsync();
        await grants.OrgList.SelectOptionAsync((await grants.OrgOption("熔炼车间党总支").GetAttributeAsync("value"))!);
        await Expect(grants.OrgList).Not.ToHaveValueAsync("");
        await j.ScreenshotAsync(page, "scope-found");

        await grants.OrgSearch.FillAsync("没有这个组织");
        await Expect(grants.OrgOption("未找到组织")).ToHaveCountAsync(1);
    }, screen, screen.ToString());
}
