using System.Net;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Security;

public sealed class AdministrationTests(AppFactory app) : AppTest(app)
{
    private static string Id(long v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task No_account_may_hold_two_administrator_duties()
    {
        var sec = await App.SignedInAsync("sec");
        var r = await AppFactory.PostFormAsync(sec, "/Admin/Grants?handler=Grant",
            new() { ["userId"] = Id(World.UserIds["sys"]), ["role"] = nameof(Role.AuditAdmin), ["orgId"] = "" }, "/Admin/Grants");
        (await r.Content.ReadAsStringAsync()).ShouldContain("三员分立");
        var mixed = await AppFactory.PostFormAsync(sec, "/Admin/Grants?handler=Grant",
            new() { ["userId"] = Id(World.UserIds["aud"]), ["role"] = nameof(Role.Member), ["orgId"] = Id(World.A1.Id) }, "/Admin/Grants");
        (await mixed.Content.ReadAsStringAsync()).ShouldContain("三员分立");
        (await App.ScalarAsync($"SELECT count(*) FROM role_grants WHERE user_id IN ({World.UserIds["sys"]}, {World.UserIds["aud"]})")).ShouldBe(2);
    }

    [Fact]
    public async Task A_scoped_role_needs_an_organization_and_the_grant_takes_effect_at_once()
    {
        var sec = await App.SignedInAsync("sec");
        var noOrg = await AppFactory.PostFormAsync(sec, "/Admin/Grants?handler=Grant",
            new() { ["userId"] = Id(World.UserIds["mem"]), ["role"] = nameof(Role.Inspector), ["orgId"] = "" }, "/Admin/Grants");
        (await noOrg.Content.ReadAsStringAsync()).ShouldContain("必须选择授权范围");

        var member = await App.SignedInAsync("mem");
        (await member.GetAsync($"/?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var ok = await AppFactory.PostFormAsync(sec, "/Admin/Grants?handler=Grant",
            new() { ["userId"] = Id(World.UserIds["mem"]), ["role"] = nameof(Role.Inspector), ["orgId"] = Id(World.B.Id) }, "/Admin/Grants");
        (await ok.Content.ReadAsStringAsync()).ShouldContain("已授予角色");
        (await member.GetAsync($"/?org={World.B.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'role_grants' AND action = 'create' AND actor_name = 'sec'")).ShouldBe(1);
    }

    [Fact]
    public async Task The_security_administrator_unlocks_a_locked_account()
    {
        await App.ExecAsync("UPDATE users SET lockout_end = now() + interval '10 minutes', access_failed_count = 5 WHERE user_name = 'mem'");
        var sec = await App.SignedInAsync("sec");
        (await sec.GetStringAsync("/Admin/Security")).ShouldContain("mem");
        var r = await AppFactory.PostFormAsync(sec, $"/Admin/Security?handler=Unlock&id={World.UserIds["mem"]}", new(), "/Admin/Security");
        (await r.Content.ReadAsStringAsync()).ShouldContain("已解锁 mem");
        await App.SignedInAsync("mem");
    }

    [Fact]
    public async Task With_no_account_chosen_the_page_lists_every_account_with_its_roles_and_those_without_any_stand_out()
    {
        await App.ExecAsync("INSERT INTO users (user_name, normalized_user_name, display_name, created_at, lockout_enabled, access_failed_count, email_confirmed, phone_number_confirmed, two_factor_enabled, is_disabled, must_change_password) VALUES ('norole', 'NOROLE', '新同事', now(), true, 0, false, false, false, false, false)");
        var sec = await App.SignedInAsync("sec");
        var html = await sec.GetStringAsync("/Admin/Grants");
        html.ShouldContain("id=\"accounts\"");
        html.ShouldContain("data-user=\"norole\"");
        html.ShouldContain("尚无角色");
        html.ShouldContain("其中 1 个尚无角色");
        html.ShouldContain($"/Admin/Grants?userId={World.UserIds["branchsec"]}");
        // one account chosen: its grants only, preselected in the form
        var one = await sec.GetStringAsync($"/Admin/Grants?userId={World.UserIds["branchsec"]}");
        one.ShouldContain($"<option value=\"{World.UserIds["branchsec"]}\" selected=\"selected\">");
        one.ShouldContain("id=\"grants\"");
        one.ShouldContain("支部书记/支委");
        one.ShouldNotContain("审计管理员</td>");
    }

    [Fact]
    public async Task A_branch_secretary_role_on_a_committee_is_refused_with_a_chinese_message_and_fits_a_branch()
    {
        var sec = await App.SignedInAsync("sec");
        var wrong = await AppFactory.PostFormAsync(sec, "/Admin/Grants?handler=Grant",
            new() { ["userId"] = Id(World.UserIds["mem"]), ["role"] = nameof(Role.BranchSecretary), ["orgId"] = Id(World.A.Id) }, "/Admin/Grants");
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("“支部书记/支委”角色只能授予党支部、联合党支部、临时党支部，不能授予党委（甲公司党委）");
        var admin = await AppFactory.PostFormAsync(sec, "/Admin/Grants?handler=Grant",
            new() { ["userId"] = Id(World.UserIds["mem"]), ["role"] = nameof(Role.OrgAdmin), ["orgId"] = Id(World.A1.Id) }, "/Admin/Grants");
        (await admin.Content.ReadAsStringAsync()).ShouldContain("“党委管理员”角色只能授予党委、党总支，不能授予党支部");
        (await App.ScalarAsync($"SELECT count(*) FROM role_grants WHERE user_id = {World.UserIds["mem"]}")).ShouldBe(1);

        var ok = await AppFactory.PostFormAsync(sec, "/Admin/Grants?handler=Grant",
            new() { ["userId"] = Id(World.UserIds["mem"]), ["role"] = nameof(Role.BranchSecretary), ["orgId"] = Id(World.A1.Id) }, "/Admin/Grants");
        (await ok.Content.ReadAsStringAsync()).ShouldContain("已授予角色");
        (await App.ScalarAsync($"SELECT count(*) FROM role_grants WHERE user_id = {World.UserIds["mem"]} AND role = 'BranchSecretary' AND org_id = {World.A1.Id}")).ShouldBe(1);
    }
}
