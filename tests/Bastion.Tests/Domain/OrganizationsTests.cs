using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class OrganizationsTests
{
    private static readonly OrgType[] Branches = [OrgType.党支部, OrgType.联合党支部, OrgType.临时党支部];

    /// <summary>The allowed (child, parent) pairs, written out from the party-building rules.</summary>
    private static readonly HashSet<(OrgType Child, OrgType? Parent)> Allowed =
    [
        (OrgType.党委, null),
        (OrgType.党委, OrgType.党委),
        (OrgType.党总支, OrgType.党委),
        (OrgType.党支部, OrgType.党委),
        (OrgType.党支部, OrgType.党总支),
        (OrgType.联合党支部, OrgType.党委),
        (OrgType.联合党支部, OrgType.党总支),
        (OrgType.临时党支部, OrgType.党委),
        (OrgType.临时党支部, OrgType.党总支),
        (OrgType.党小组, OrgType.党支部),
        (OrgType.党小组, OrgType.联合党支部),
        (OrgType.党小组, OrgType.临时党支部),
    ];

    [Fact]
    public void Every_child_and_parent_combination_follows_the_table()
    {
        var parents = Enum.GetValues<OrgType>().Select(t => (OrgType?)t).Append(null).ToList();
        foreach (var child in Enum.GetValues<OrgType>())
            foreach (var parent in parents)
                OrgRules.CanBeChildOf(child, parent).ShouldBe(Allowed.Contains((child, parent)),
                    $"{child} under {(parent?.ToString() ?? "(root)")}");
    }

    [Fact]
    public void Only_a_party_committee_may_be_a_root()
    {
        foreach (var t in Enum.GetValues<OrgType>())
            OrgRules.CanBeChildOf(t, null).ShouldBe(t == OrgType.党委, t.ToString());
    }

    [Fact]
    public void A_party_committee_may_sit_under_another_party_committee()
    {
        OrgRules.CanBeChildOf(OrgType.党委, OrgType.党委).ShouldBeTrue();
    }

    [Theory]
    [InlineData(OrgType.党总支)]
    [InlineData(OrgType.党支部)]
    [InlineData(OrgType.联合党支部)]
    [InlineData(OrgType.临时党支部)]
    [InlineData(OrgType.党小组)]
    public void A_party_committee_may_not_sit_under_a_lower_organization(OrgType parent)
    {
        OrgRules.CanBeChildOf(OrgType.党委, parent).ShouldBeFalse();
    }

    [Theory]
    [InlineData(OrgType.党总支)]
    [InlineData(OrgType.党支部)]
    [InlineData(OrgType.联合党支部)]
    [InlineData(OrgType.临时党支部)]
    [InlineData(OrgType.党小组)]
    public void A_general_branch_sits_only_under_a_party_committee(OrgType parent)
    {
        OrgRules.CanBeChildOf(OrgType.党总支, OrgType.党委).ShouldBeTrue();
        OrgRules.CanBeChildOf(OrgType.党总支, parent).ShouldBeFalse();
        OrgRules.CanBeChildOf(OrgType.党总支, null).ShouldBeFalse();
    }

    [Theory]
    [InlineData(OrgType.党支部)]
    [InlineData(OrgType.联合党支部)]
    [InlineData(OrgType.临时党支部)]
    public void A_branch_sits_under_a_party_committee_or_a_general_branch_but_not_another_branch(OrgType branch)
    {
        OrgRules.CanBeChildOf(branch, OrgType.党委).ShouldBeTrue();
        OrgRules.CanBeChildOf(branch, OrgType.党总支).ShouldBeTrue();
        foreach (var other in Branches)
            OrgRules.CanBeChildOf(branch, other).ShouldBeFalse($"{branch} under {other}");
        OrgRules.CanBeChildOf(branch, OrgType.党小组).ShouldBeFalse();
        OrgRules.CanBeChildOf(branch, null).ShouldBeFalse();
    }

    [Theory]
    [InlineData(OrgType.党支部)]
    [InlineData(OrgType.联合党支部)]
    [InlineData(OrgType.临时党支部)]
    public void A_party_group_may_sit_inside_any_kind_of_branch(OrgType branch)
    {
        OrgRules.CanBeChildOf(OrgType.党小组, branch).ShouldBeTrue();
    }

    [Theory]
    [InlineData(OrgType.党委)]
    [InlineData(OrgType.党总支)]
    [InlineData(OrgType.党小组)]
    [InlineData(null)]
    public void A_party_group_may_not_sit_outside_a_branch(OrgType? parent)
    {
        OrgRules.CanBeChildOf(OrgType.党小组, parent).ShouldBeFalse();
    }

    [Fact]
    public void Nothing_may_sit_under_a_party_group()
    {
        foreach (var t in Enum.GetValues<OrgType>())
            OrgRules.CanBeChildOf(t, OrgType.党小组).ShouldBeFalse(t.ToString());
    }

    [Fact]
    public void The_three_kinds_of_branch_are_branches_and_the_others_are_not()
    {
        foreach (var t in Enum.GetValues<OrgType>())
            OrgRules.IsBranch(t).ShouldBe(Branches.Contains(t), t.ToString());
    }

    [Theory]
    [InlineData(OrgType.党委, 5)]
    [InlineData(OrgType.党总支, 3)]
    [InlineData(OrgType.党支部, 3)]
    [InlineData(OrgType.联合党支部, 3)]
    public void Elected_organizations_have_their_term_length(OrgType type, int years)
    {
        OrgRules.TermYears(type).ShouldBe(years);
    }

    [Theory]
    [InlineData(OrgType.临时党支部)]
    [InlineData(OrgType.党小组)]
    public void Temporary_branches_and_party_groups_hold_no_elections(OrgType type)
    {
        OrgRules.TermYears(type).ShouldBeNull();
    }

    [Theory]
    [InlineData("1.2", "1")]
    [InlineData("1.2.3", "1")]
    [InlineData("1.2.3", "1.2")]
    [InlineData("1.20", "1.20")]
    [InlineData("1", "1")]
    [InlineData("10.4.17", "10.4")]
    public void A_path_is_within_itself_and_its_ancestors(string path, string ancestor)
    {
        OrgRules.IsWithin(path, ancestor).ShouldBeTrue();
    }

    [Theory]
    [InlineData("1.20", "1.2")]   // shares the prefix string but is a different node
    [InlineData("1.23", "1.2")]
    [InlineData("12", "1")]
    [InlineData("12.3", "1")]
    [InlineData("1", "1.2")]      // a parent is not within its child
    [InlineData("1.3", "1.2")]    // sibling
    [InlineData("2.5", "1")]      // another tree
    [InlineData("2.1", "1")]
    public void A_path_is_not_within_an_unrelated_or_merely_prefix_sharing_path(string path, string ancestor)
    {
        OrgRules.IsWithin(path, ancestor).ShouldBeFalse();
    }

    [Fact]
    public void A_root_path_is_just_its_id()
    {
        OrgRules.ChildPath("", 7).ShouldBe("7");
    }

    [Theory]
    [InlineData("1", 4, "1.4")]
    [InlineData("1.4", 17, "1.4.17")]
    [InlineData("1.4.17", 1234567890123, "1.4.17.1234567890123")]
    public void A_child_path_appends_the_id_to_the_parent_path(string parent, long id, string expected)
    {
        OrgRules.ChildPath(parent, id).ShouldBe(expected);
    }

    [Fact]
    public void A_child_path_is_within_its_parent_path()
    {
        var child = OrgRules.ChildPath("1.2", 30);

        OrgRules.IsWithin(child, "1.2").ShouldBeTrue();
        OrgRules.IsWithin(child, "1").ShouldBeTrue();
        OrgRules.IsWithin(child, "1.23").ShouldBeFalse();
    }

    [Fact]
    public void A_child_path_does_not_depend_on_the_current_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            // a culture with its own group separator and digits
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("ar-SA");
            OrgRules.ChildPath("1", 12345).ShouldBe("1.12345");
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void A_new_organization_is_active()
    {
        new Organization { Name = "第一党支部" }.Status.ShouldBe(OrgStatus.正常);
    }
}
