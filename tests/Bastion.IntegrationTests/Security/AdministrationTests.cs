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
}
