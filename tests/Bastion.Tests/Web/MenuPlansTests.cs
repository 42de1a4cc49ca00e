using Bastion.Domain;
using Bastion.Web;

namespace Bastion.Tests.Web;

public class MenuPlansTests
{
    [Theory]
    [InlineData("/Plans")]
    [InlineData("/Talks")]
    [InlineData("/Appraisals")]
    public void Organizational_life_entries_need_meeting_read(string url)
    {
        Menu.Items.Single(i => i.Url == url).Permission.ShouldBe(Permission.MeetingRead);
    }

    [Fact]
    public void A_plan_page_path_belongs_to_the_plans_entry()
    {
        Menu.ActiveUrl("/Plans").ShouldBe("/Plans");
    }

    [Fact]
    public void Members_do_not_see_the_organizational_life_entries()
    {
        Roles.PermissionsOf(Role.Member).ShouldNotContain(Permission.MeetingRead);
    }
}
