using Bastion.Features.Inspections;

namespace Bastion.Tests.Features.Inspections;

public class TeamConflictTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);
    private static readonly TeamConflict.Inspected[] Targets = [new("甲公司党委", "1.2")];

    [Fact]
    public void A_current_member_of_a_branch_under_the_inspected_committee_must_recuse()
    {
        var note = TeamConflict.Check([new("甲一党支部", "1.2.3", new DateOnly(2020, 1, 1), null)], Targets, Today);
        note!.ShouldContain("现为甲一党支部（属被巡察的甲公司党委）党员");
    }

    [Fact]
    public void A_member_who_left_within_three_years_must_recuse_and_one_who_left_earlier_need_not()
    {
        TeamConflict.Check([new("甲公司党委", "1.2", new DateOnly(2015, 1, 1), new DateOnly(2023, 6, 2))], Targets, Today)!.ShouldContain("3年内");
        TeamConflict.Check([new("甲公司党委", "1.2", new DateOnly(2015, 1, 1), new DateOnly(2023, 6, 1))], Targets, Today).ShouldBeNull();
    }

    [Fact]
    public void Membership_elsewhere_or_above_the_inspected_organization_is_no_conflict()
    {
        TeamConflict.Check([new("乙公司党委", "1.5", new DateOnly(2015, 1, 1), null), new("集团党委", "1", new DateOnly(2010, 1, 1), null)], Targets, Today).ShouldBeNull();
        TeamConflict.Check([new("甲公司党委", "1.2", new DateOnly(2027, 1, 1), null)], Targets, Today).ShouldBeNull();
    }
}

public class FindingResponsibilityTests
{
    [Fact]
    public void Responsibility_kinds_parse_by_name_and_unknown_names_are_reported()
    {
        var (kinds, unknown) = FindingInput.ParseResponsibility(["组织", "一把手", "现任", "全部", "4"]);
        kinds.ShouldBe(Bastion.Domain.ResponsibilityKinds.组织 | Bastion.Domain.ResponsibilityKinds.一把手 | Bastion.Domain.ResponsibilityKinds.现任);
        unknown.ShouldBe(["全部", "4"]);
    }
}
