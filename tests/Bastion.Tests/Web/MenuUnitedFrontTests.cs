using Bastion.Domain;
using Bastion.Web;

namespace Bastion.Tests.Web;

public class MenuUnitedFrontTests
{
    [Fact]
    public void United_front_work_comes_after_the_organization_tree_and_needs_united_front_read()
    {
        var urls = Menu.Items.Select(i => i.Url).ToList();
        urls.IndexOf("/UnitedFront").ShouldBeGreaterThan(urls.IndexOf("/Organizations"));
        var item = Menu.Items.Single(i => i.Url == "/UnitedFront");
        (item.Title, item.Icon, item.Permission).ShouldBe(("统战工作", "bi-people-fill", Permission.UnitedFrontRead));
    }
}
