using Bastion.Domain;
using Bastion.Web;

namespace Bastion.Tests.Web;

public class MenuSelfServiceTests
{
    [Fact]
    public void My_party_record_is_shown_to_every_signed_in_account_and_corrections_need_member_manage()
    {
        var me = Menu.Items.Single(i => i.Url == "/Me");
        (me.Title, me.Icon, me.Permission).ShouldBe(("我的党籍", "bi-person-badge", (Permission?)null));
        var corrections = Menu.Items.Single(i => i.Url == "/Members/Corrections");
        (corrections.Title, corrections.Icon, corrections.Permission).ShouldBe(("更正申请", "bi-pencil-square", Permission.MemberManage));
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/Members", "/Members")]
    [InlineData("/Members/Details/5", "/Members")]
    [InlineData("/Members/Corrections", "/Members/Corrections")]
    [InlineData("/Me", "/Me")]
    [InlineData("/Me/Home", "/Me/Home")]
    [InlineData("/Me/Meetings", "/Me/Meetings")]
    [InlineData("/Organizations/Details/1", "/Organizations")]
    [InlineData("/Account/ChangePassword", null)]
    public void The_active_menu_entry_is_the_longest_matching_segment(string path, string? active)
    {
        Menu.ActiveUrl(path).ShouldBe(active);
    }
}
