using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>
/// The organization lifecycle through the pages. Works on organizations no other journey uses: a branch it creates
/// under 机关党委 (and dissolves again), and the units of 矿区后勤联合党支部.
/// </summary>
public sealed class OrgLifecycleJourneys(E2EFixture app) : JourneyTest(app)
{
    private const int PhoneWidth = 375;

    [Fact]
    public Task A_committee_admin_creates_renames_and_dissolves_a_branch_and_the_history_shows_it() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "org");
        var tree = new OrganizationsPage(page);
        await page.GotoAsync(OrganizationsPage.Path);
        await page.GotoAsync(await tree.DetailsPathOfAsync("机关党委"));
        var office = new OrganizationDetailsPage(page);
        await Expect(office.Name).ToHaveTextAsync("机关党委");

        var name = "旅程测试党支部" + Guid.NewGuid().ToString("N")[..4];
        await office.CreateChildAsync(name, "党支部");
        await Expect(page.Locator("#create-child .alert-success")).ToContainTextAsync(name);
        await page.NavigatesByAsync(() => office.ChildLink(name).ClickAsync());

        var branch = new OrganizationDetailsPage(page);
        await Expect(branch.Name).ToHaveTextAsync(name);
        await Expect(branch.Capabilities).ToContainTextAsync("发展党员");
        await Expect(branch.History).ToContainTextAsync("新建");

        var renamed = name + "（更名）";
        await branch.RenameAsync(renamed, "机构调整后规范名称");
        await Expect(branch.Message).ToContainTextAsync("已更名");
        await Expect(branch.Name).ToHaveTextAsync(renamed);
        await Expect(branch.History).ToContainTextAsync("机构调整后规范名称");

        await branch.DissolveAsync("机构撤并", "机关党委〔2026〕1号");
        await Expect(branch.Message).ToContainTextAsync("已撤销本组织");
        await Expect(branch.Status).ToHaveTextAsync("已撤销");
        await Expect(branch.Dissolved).ToBeVisibleAsync();
        await Expect(branch.History).ToContainTextAsync("机关党委〔2026〕1号");
        await j.ScreenshotAsync(page, "dissolved");

        // hidden from the tree until asked for, then shown greyed
        await page.GotoAsync(OrganizationsPage.Path);
        await Expect(tree.LinkTo(renamed)).ToHaveCountAsync(0);
        await page.NavigatesByAsync(() => tree.ShowDissolved.CheckAsync());
        await Expect(tree.LinkTo(renamed)).ToHaveCountAsync(1);
        await Expect(tree.Tree.Locator("li.bb-dissolved", new() { HasText = renamed })).ToContainTextAsync("已撤销");
    });

    [Fact]
    public Task On_a_phone_a_joint_branch_lists_its_units_and_the_page_fits() => JourneyAsync(async j =>
    {
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "org");
        await page.GotoAsync(OrganizationsPage.Path);
        await page.GotoAsync(await new OrganizationsPage(page).DetailsPathOfAsync("矿区后勤联合党支部"));
        var joint = new OrganizationDetailsPage(page);
        await Expect(joint.JointUnits).ToContainTextAsync("矿区职工医院");
        var unit = "旅程测试单位" + Guid.NewGuid().ToString("N")[..4];
        await joint.AddUnitAsync(unit);
        await Expect(joint.Message).ToContainTextAsync(unit);
        await Expect(joint.JointUnits.Locator(".joint-unit-name", new() { HasText = unit })).ToBeVisibleAsync();
        (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(PhoneWidth + 1, "the details page scrolls sideways on a phone");
        await j.ScreenshotAsync(page, "joint-branch");
    }, Screen.Phone);
}
