using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Web;

/// <summary>
/// The home of each user: the sign-in redirect, the logo, the 首页 breadcrumb and the error page's 返回首页 lead to a page
/// the account may open (the auditor's used to be "/", a 403 whose 返回首页 led to itself).
/// </summary>
public sealed partial class HomeTests(AppFactory app) : AppTest(app)
{
    /// <summary>A page each role is refused (403), to reach the error page.</summary>
    private static string Forbidden(Role role) => role == Role.AuditAdmin ? "/Admin/Users" : "/Audit";

    private static string Brand(string html) => BrandLink().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new ShouldAssertException("no logo link");

    [Theory]
    [InlineData(Role.SystemAdmin, "/Admin/Users")]
    [InlineData(Role.SecurityAdmin, "/Admin/Grants")]
    [InlineData(Role.AuditAdmin, "/Audit")]
    [InlineData(Role.OrgAdmin, "/")]
    [InlineData(Role.Inspector, "/")]
    [InlineData(Role.Discipline, "/")]
    [InlineData(Role.BranchSecretary, "/")]
    [InlineData(Role.Member, "/Me/Home")]
    public async Task Each_role_signs_in_to_its_home_and_the_logo_and_the_403_pages_link_lead_to_a_page_it_may_open(Role role, string home)
    {
        var c = App.Client();
        var signIn = await AppFactory.PostFormAsync(c, "/Account/Login", new() { ["UserName"] = World.UserOf[role], ["Password"] = AppFactory.Password });
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signIn.Headers.Location!.ToString().ShouldBe(home);

        var page = await c.GetAsync(home);
        page.StatusCode.ShouldBe(HttpStatusCode.OK, $"{role}'s home {home}");
        var html = await page.Content.ReadAsStringAsync();
        Brand(html).ShouldBe(home, "the logo leads home");

        // the sign-in page, opened again while signed in, leads home too
        (await c.GetAsync("/Account/Login")).Headers.Location!.ToString().ShouldBe(home);

        var refused = await c.GetAsync(Forbidden(role));
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var error = await refused.Content.ReadAsStringAsync();
        var back = WebUtility.HtmlDecode(ErrorHome().Match(error).Groups[1].Value);
        back.ShouldBe(home);
        Brand(error).ShouldBe(home);
        (await c.GetAsync(back)).StatusCode.ShouldBe(HttpStatusCode.OK, "返回首页 must not lead to another refusal");
    }

    [Fact]
    public async Task The_breadcrumbs_first_step_is_the_home_of_the_user()
    {
        var auditor = await App.SignedInAsync("aud");
        var html = await (await auditor.GetAsync("/Notifications")).Content.ReadAsStringAsync();
        CrumbHome().Match(html).Groups[1].Value.ShouldBe("/Audit");
    }

    [Fact]
    public async Task A_secretary_with_a_member_record_keeps_the_workbench_and_sees_my_entries_in_the_menu()
    {
        await App.ExecAsync($"UPDATE users SET member_id = {World.MemberInOrg[World.A1.Id]} WHERE user_name = 'branchsec'");
        var c = App.Client();
        var r = await AppFactory.PostFormAsync(c, "/Account/Login", new() { ["UserName"] = "branchsec", ["Password"] = AppFactory.Password });
        r.Headers.Location!.ToString().ShouldBe("/");
        var html = await (await c.GetAsync("/")).Content.ReadAsStringAsync();
        html.ShouldContain("href=\"/Me/Home\"");
        html.ShouldContain("href=\"/Me/Meetings\"");
        (await c.GetAsync("/Me/Home")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_member_without_a_linked_record_is_told_so_on_the_personal_home_and_gets_no_my_meetings_entry()
    {
        var c = await App.SignedInAsync("mem");
        var html = WebUtility.HtmlDecode(await (await c.GetAsync("/Me/Home")).Content.ReadAsStringAsync());
        html.ShouldContain("尚未关联党员档案");
        html.ShouldContain("id=\"my-notifications\"");
        html.ShouldNotContain("href=\"/Me/Meetings\"");
        html.ShouldNotContain("href=\"/\">", customMessage: "no 工作台 entry for a member");
    }

    [GeneratedRegex("<a class=\"navbar-brand[^\"]*\" href=\"([^\"]*)\"")]
    private static partial Regex BrandLink();

    [GeneratedRegex("href=\"([^\"]*)\" id=\"error-home\"")]
    private static partial Regex ErrorHome();

    [GeneratedRegex("href=\"([^\"]*)\" id=\"crumb-home\"")]
    private static partial Regex CrumbHome();
}
