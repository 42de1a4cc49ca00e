using Bastion.Domain;

namespace Bastion.Tests.Domain;

/// <summary>A refused request about one record: 404 unless the caller may see the record (no existence oracle).</summary>
public class RecordRefusalTests
{
    private static Grant Scoped(Role r, string path) => new(r, 1, path);

    [Fact]
    public void A_record_outside_every_grant_is_refused_as_missing()
    {
        Access.RecordRefusal([Scoped(Role.BranchSecretary, "1.2")], Permission.MemberRead, "1.3").ShouldBe(404);
        Access.RecordRefusal([Scoped(Role.BranchSecretary, "1.2")], Permission.MemberManage, "1.3.4").ShouldBe(404);
        Access.RecordRefusal([], Permission.InspectionRead, "1").ShouldBe(404);
    }

    [Fact]
    public void A_record_the_caller_sees_but_may_not_act_on_is_forbidden()
    {
        // 纪检监察 reads members but does not manage them; 党委管理员 reads findings but does not record them
        Access.RecordRefusal([Scoped(Role.Discipline, "1.2")], Permission.MemberManage, "1.2.5").ShouldBe(403);
        Access.RecordRefusal([Scoped(Role.OrgAdmin, "1.2")], Permission.InspectionManage, "1.2").ShouldBe(403);
    }

    [Fact]
    public void A_role_without_the_read_permission_gets_404_even_on_its_own_organization()
    {
        Access.RecordRefusal([Scoped(Role.Member, "1.2")], Permission.MemberRead, "1.2").ShouldBe(404);
        Access.RecordRefusal([new Grant(Role.SystemAdmin, null, null)], Permission.MemberManage, "1.2").ShouldBe(404);
        Access.RecordRefusal([Scoped(Role.OrgAdmin, "1.2")], Permission.MemberRead, null).ShouldBe(404);
    }

    [Theory]
    [InlineData(Permission.MemberManage, Permission.MemberRead)]
    [InlineData(Permission.MeetingManage, Permission.MeetingRead)]
    [InlineData(Permission.InspectionManage, Permission.InspectionRead)]
    [InlineData(Permission.UnitedFrontManage, Permission.UnitedFrontRead)]
    [InlineData(Permission.LedgerManage, Permission.LedgerRead)]
    [InlineData(Permission.OrgManage, Permission.OrgRead)]
    [InlineData(Permission.MemberRead, Permission.MemberRead)]
    public void Each_manage_permission_is_seen_through_its_read_permission(Permission manage, Permission read)
    {
        Access.ReadOf(manage).ShouldBe(read);
    }
}
