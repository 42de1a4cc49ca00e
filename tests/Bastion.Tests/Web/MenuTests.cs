using Bastion.Domain;
using Bastion.Web;

namespace Bastion.Tests.Web;

public class MenuTests
{
    [Fact]
    public void An_auditor_lands_on_the_audit_log()
    {
        Menu.Home([Role.AuditAdmin]).ShouldBe("/Audit");
    }

    [Fact]
    public void A_member_lands_on_the_dashboard()
    {
        Menu.Home([Role.Member]).ShouldBe("/");
    }

    [Fact]
    public void A_system_administrator_lands_on_the_dashboard()
    {
        Menu.Home([Role.SystemAdmin]).ShouldBe("/");
    }

    [Fact]
    public void A_security_administrator_lands_on_the_dashboard()
    {
        Menu.Home([Role.SecurityAdmin]).ShouldBe("/");
    }

    [Theory]
    [InlineData(Role.OrgAdmin)]
    [InlineData(Role.Inspector)]
    [InlineData(Role.BranchSecretary)]
    [InlineData(Role.Discipline)]
    public void Scoped_roles_land_on_the_dashboard(Role role)
    {
        Menu.Home([role]).ShouldBe("/");
    }

    [Fact]
    public void An_account_without_roles_lands_on_its_notifications()
    {
        Menu.Home([]).ShouldBe("/Notifications");
    }

    [Fact]
    public void The_dashboard_wins_over_later_entries_when_several_roles_are_held()
    {
        Menu.Home([Role.AuditAdmin, Role.Member]).ShouldBe("/");
    }

    [Fact]
    public void The_audit_log_entry_needs_audit_read()
    {
        Menu.Items.Single(i => i.Url == "/Audit").Permission.ShouldBe(Permission.AuditRead);
    }

    [Fact]
    public void Menu_urls_are_unique()
    {
        Menu.Items.Select(i => i.Url).Distinct().Count().ShouldBe(Menu.Items.Count);
    }

    [Fact]
    public void The_ledger_entry_is_for_business_roles_and_not_for_the_administrator_duties_alone()
    {
        var ledger = Menu.Items.Single(i => i.Url == "/Ledger");
        Menu.Shows(ledger, [new Grant(Role.AuditAdmin, null, null)]).ShouldBeFalse();
        Menu.Shows(ledger, [new Grant(Role.SystemAdmin, null, null)]).ShouldBeFalse();
        Menu.Shows(ledger, [new Grant(Role.Member, 5, "1.5")]).ShouldBeTrue();
        Menu.Shows(Menu.Items.Single(i => i.Url == "/Notifications"), [new Grant(Role.AuditAdmin, null, null)]).ShouldBeTrue();
    }
}
