using Bastion.Domain;
using Bastion.Web;

namespace Bastion.Tests.Web;

public class MenuTests
{
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
