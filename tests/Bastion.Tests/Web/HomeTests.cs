using Bastion.Domain;
using Bastion.Web;

namespace Bastion.Tests.Web;

/// <summary>The one "home of this user" rule (logo, 首页, sign-in redirect, the error page's 返回首页).</summary>
public class HomeTests
{
    [Theory]
    [InlineData(Role.OrgAdmin, "/")]
    [InlineData(Role.Inspector, "/")]
    [InlineData(Role.BranchSecretary, "/")]
    [InlineData(Role.Discipline, "/")]
    [InlineData(Role.SystemAdmin, "/Admin/Users")]
    [InlineData(Role.SecurityAdmin, "/Admin/Grants")]
    [InlineData(Role.AuditAdmin, "/Audit")]
    [InlineData(Role.Member, Home.Personal)]
    public void Each_role_has_its_own_home(Role role, string home)
    {
        Home.Of([role], hasMember: false).ShouldBe(home);
    }

    [Fact]
    public void Every_role_may_open_its_home()
    {
        foreach (var role in Roles.All)
        {
            var home = Home.Of([role], hasMember: false);
            var entry = Menu.Items.Single(i => i.Url == home);
            if (entry.Permission is { } p) Roles.PermissionsOf(role).ShouldContain(p, $"{role} lands on {home}");
            var viewer = new Menu.Viewer([new Grant(role, Roles.IsAdministrator(role) ? null : 5, Roles.IsAdministrator(role) ? null : "1.5")], false);
            Menu.Shows(entry, viewer).ShouldBeTrue($"{role}'s home {home} is in its menu");
        }
    }

    [Fact]
    public void A_secretary_with_a_member_record_keeps_the_workbench_and_sees_the_personal_entries()
    {
        Home.Of([Role.BranchSecretary], hasMember: true).ShouldBe("/");
        var viewer = new Menu.Viewer([new Grant(Role.BranchSecretary, 5, "1.5")], HasMember: true);
        var shown = Menu.Items.Where(i => Menu.Shows(i, viewer)).Select(i => i.Title).ToList();
        shown.ShouldContain("工作台");
        shown.ShouldContain("我的");
        shown.ShouldContain("我的组织生活");
    }

    [Fact]
    public void A_member_sees_the_personal_home_instead_of_the_workbench_and_my_meetings_only_with_a_linked_record()
    {
        var linked = Menu.Items.Where(i => Menu.Shows(i, new Menu.Viewer([new Grant(Role.Member, 5, "1.5")], HasMember: true))).Select(i => i.Title).ToList();
        linked.ShouldNotContain("工作台");
        linked.ShouldContain("我的");
        linked.ShouldContain("我的组织生活");
        var unlinked = Menu.Items.Where(i => Menu.Shows(i, new Menu.Viewer([new Grant(Role.Member, 5, "1.5")], HasMember: false))).Select(i => i.Title).ToList();
        unlinked.ShouldContain("我的");
        unlinked.ShouldNotContain("我的组织生活");
    }

    [Fact]
    public void An_administrator_duty_wins_over_a_linked_member_record_and_a_business_role_over_everything()
    {
        Home.Of([Role.AuditAdmin], hasMember: true).ShouldBe("/Audit");
        Home.Of([Role.Member, Role.Inspector], hasMember: true).ShouldBe("/");
        Home.Of([], hasMember: true).ShouldBe(Home.Personal);
    }

    [Fact]
    public void An_account_without_roles_or_member_lands_on_its_notifications()
    {
        Home.Of([], hasMember: false).ShouldBe("/Notifications");
    }
}
