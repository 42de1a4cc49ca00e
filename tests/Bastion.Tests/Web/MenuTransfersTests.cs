using Bastion.Domain;
using Bastion.Web;

namespace Bastion.Tests.Web;

public class MenuTransfersTests
{
    [Fact]
    public void Transfers_come_right_after_member_records_and_need_member_read()
    {
        var urls = Menu.Items.Select(i => i.Url).ToList();
        urls.IndexOf("/Transfers").ShouldBe(urls.IndexOf("/Members") + 1);
        var item = Menu.Items.Single(i => i.Url == "/Transfers");
        (item.Title, item.Icon, item.Permission).ShouldBe(("组织关系转接", "bi-arrow-left-right", Permission.MemberRead));
    }
}
