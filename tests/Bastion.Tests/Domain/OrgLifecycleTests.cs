using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class OrgCapabilitiesTests
{
    private static Organization Org(OrgType type, OrgStatus status = OrgStatus.正常) => new() { Id = 1, Name = "某" + type, Type = type, Status = status };

    /// <summary>What each type may do, written out from the rules: a 临时党支部 does none of it, nor does a 党小组 itself.</summary>
    [Theory]
    [InlineData(OrgType.党委, true)]
    [InlineData(OrgType.党总支, true)]
    [InlineData(OrgType.党支部, true)]
    [InlineData(OrgType.联合党支部, true)]
    [InlineData(OrgType.临时党支部, false)]
    [InlineData(OrgType.党小组, false)]
    public void Each_type_has_all_four_capabilities_or_none(OrgType type, bool expected)
    {
        var org = Org(type);
        OrgCapabilities.CanDevelopMembers(org).ShouldBe(expected);
        OrgCapabilities.CanCollectDues(org).ShouldBe(expected);
        OrgCapabilities.CanDiscipline(org).ShouldBe(expected);
        OrgCapabilities.CanHoldElection(org).ShouldBe(expected);
        OrgCapabilities.Of(org).Count.ShouldBe(expected ? 4 : 0);
    }

    [Fact]
    public void Holding_elections_agrees_with_the_term_table()
    {
        foreach (var t in Enum.GetValues<OrgType>())
            OrgCapabilities.CanHoldElection(Org(t)).ShouldBe(OrgRules.TermYears(t) is not null, t.ToString());
    }

    [Fact]
    public void A_dissolved_organization_can_do_nothing()
    {
        foreach (var t in Enum.GetValues<OrgType>())
            foreach (var c in Enum.GetValues<OrgCapability>())
                OrgCapabilities.Can(Org(t, OrgStatus.已撤销), c).ShouldBeFalse($"{t} {c}");
    }

    [Fact]
    public void A_refusal_names_the_type_or_the_dissolution()
    {
        OrgCapabilities.Refusal(Org(OrgType.临时党支部), OrgCapability.发展党员).ShouldBe("临时党支部不能发展党员");
        OrgCapabilities.Refusal(Org(OrgType.临时党支部), OrgCapability.收缴党费).ShouldBe("临时党支部不能收缴党费");
        OrgCapabilities.Refusal(Org(OrgType.临时党支部), OrgCapability.换届选举).ShouldBe("临时党支部不能进行换届选举");
        OrgCapabilities.Refusal(Org(OrgType.党支部, OrgStatus.已撤销), OrgCapability.纪律处分).ShouldBe("某党支部已撤销，不能对党员作出纪律处分");
        OrgCapabilities.Refusal(Org(OrgType.党支部), OrgCapability.纪律处分).ShouldBeNull();
    }
}

public class OrgLifecycleRulesTests
{
    private static Organization Org(long id, OrgType type, string path, long? parentId = null, OrgStatus status = OrgStatus.正常) =>
        new() { Id = id, Name = "组织" + id, Type = type, Path = path, ParentId = parentId, Status = status };

    // R(1) → A(2) → A1(3 党支部) → G(4 党小组); R → B(5) → B1(6 党支部)
    private static readonly Organization R = Org(1, OrgType.党委, "1");
    private static readonly Organization A = Org(2, OrgType.党委, "1.2", 1);
    private static readonly Organization A1 = Org(3, OrgType.党支部, "1.2.3", 2);
    private static readonly Organization G = Org(4, OrgType.党小组, "1.2.3.4", 3);
    private static readonly Organization B = Org(5, OrgType.党委, "1.5", 1);
    private static readonly Organization B1 = Org(6, OrgType.党支部, "1.5.6", 5);

    [Fact]
    public void A_branch_may_move_to_another_committee()
    {
        OrgLifecycleRules.CheckMove(A1, B).ShouldBeNull();
    }

    [Fact]
    public void Nothing_moves_under_itself_or_its_own_descendants()
    {
        OrgLifecycleRules.CheckMove(A, A).ShouldBe("不能调整到本组织或其下级组织之下");
        OrgLifecycleRules.CheckMove(A, A1).ShouldBe("不能调整到本组织或其下级组织之下");
        OrgLifecycleRules.CheckMove(R, G).ShouldBe("不能调整到本组织或其下级组织之下");
    }

    [Fact]
    public void A_sibling_whose_path_merely_shares_a_prefix_is_not_a_descendant()
    {
        var a = Org(2, OrgType.党委, "1.2", 1);
        var other = Org(20, OrgType.党委, "1.20", 1);
        OrgLifecycleRules.CheckMove(a, other).ShouldBeNull();
    }

    [Fact]
    public void The_new_parent_must_accept_the_type()
    {
        OrgLifecycleRules.CheckMove(A1, B1).ShouldBe("党支部下不能设立党支部");
        OrgLifecycleRules.CheckMove(G, B).ShouldBe("党委下不能设立党小组");
        OrgLifecycleRules.CheckMove(G, B1).ShouldBeNull();
    }

    [Fact]
    public void Dissolved_organizations_neither_move_nor_receive()
    {
        OrgLifecycleRules.CheckMove(A1, Org(5, OrgType.党委, "1.5", 1, OrgStatus.已撤销)).ShouldBe("组织5已撤销，不能作为上级组织");
        OrgLifecycleRules.CheckMove(Org(3, OrgType.党支部, "1.2.3", 2, OrgStatus.已撤销), B).ShouldBe("已撤销的组织不能调整隶属关系");
    }

    [Fact]
    public void Moving_to_the_current_parent_is_refused()
    {
        OrgLifecycleRules.CheckMove(A1, A).ShouldBe("组织3已隶属于组织2");
    }

    [Theory]
    [InlineData("1.2.3", "1.2", "1.5", "1.5.3")]
    [InlineData("1.2.3.4", "1.2", "1.5", "1.5.3.4")]
    [InlineData("1.2.3.4", "1.2", "1.5.6.7", "1.5.6.7.3.4")]
    [InlineData("1.2.3", "1.2", "9", "9.3")]
    [InlineData("1", "", "9", "9.1")]          // a root moved under another tree
    [InlineData("1.2", "", "9.8", "9.8.1.2")]
    public void A_moved_path_replaces_the_old_parents_prefix(string path, string oldParent, string newParent, string expected)
    {
        OrgLifecycleRules.MovedPath(path, oldParent, newParent).ShouldBe(expected);
    }

    [Fact]
    public void Merging_takes_the_types_of_the_children_into_account()
    {
        var general = Org(7, OrgType.党总支, "1.2.7", 2);
        var a2 = Org(8, OrgType.党支部, "1.2.8", 2);
        OrgLifecycleRules.CheckMerge(A1, a2, [OrgType.党小组]).ShouldBeNull();
        OrgLifecycleRules.CheckMerge(A1, general, [OrgType.党小组]).ShouldBe("党总支下不能设立党小组，请先调整组织3的下级组织");
        OrgLifecycleRules.CheckMerge(A1, general, []).ShouldBeNull();
        OrgLifecycleRules.CheckMerge(A, B, [OrgType.党支部, OrgType.党总支]).ShouldBeNull();
    }

    [Fact]
    public void Merging_into_itself_its_subtree_or_a_dissolved_organization_is_refused()
    {
        OrgLifecycleRules.CheckMerge(A1, A1, []).ShouldBe("不能合并到本组织");
        OrgLifecycleRules.CheckMerge(A1, G, []).ShouldBe("不能合并到本组织的下级组织");
        OrgLifecycleRules.CheckMerge(A1, Org(6, OrgType.党支部, "1.5.6", 5, OrgStatus.已撤销), []).ShouldBe("组织6已撤销，不能接收合并");
        OrgLifecycleRules.CheckMerge(Org(3, OrgType.党支部, "1.2.3", 2, OrgStatus.已撤销), B1, []).ShouldBe("已撤销的组织不能合并");
    }

    [Fact]
    public void Dissolving_needs_an_empty_organization()
    {
        OrgLifecycleRules.CheckDissolve(A1, [], 0).ShouldBeNull();
        OrgLifecycleRules.CheckDissolve(A1, ["第一党小组"], 0).ShouldBe("组织3还有下级组织1个（第一党小组），请先将其调整到其他组织（或合并到其他组织）后再撤销");
        OrgLifecycleRules.CheckDissolve(A1, [], 3).ShouldBe("组织3还有党员3名，请先将其调整到其他组织（或合并到其他组织）后再撤销");
        OrgLifecycleRules.CheckDissolve(A1, ["甲", "乙"], 2).ShouldBe("组织3还有下级组织2个（甲、乙）和党员2名，请先将其调整到其他组织（或合并到其他组织）后再撤销");
        OrgLifecycleRules.CheckDissolve(Org(3, OrgType.党支部, "1.2.3", 2, OrgStatus.已撤销), [], 0).ShouldBe("该组织已撤销");
    }

    [Fact]
    public void A_long_list_of_children_is_shortened()
    {
        var children = Enumerable.Range(1, 12).Select(i => $"小组{i}").ToList();
        var m = OrgLifecycleRules.CheckDissolve(A, children, 0)!;
        m.ShouldContain("下级组织12个（小组1、");
        m.ShouldContain("小组10等）");
        m.ShouldNotContain("小组11");
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(6, false)]
    public void A_joint_branch_covers_at_most_five_units(int current, bool allowed)
    {
        var joint = Org(9, OrgType.联合党支部, "1.2.9", 2);
        var refusal = OrgLifecycleRules.CheckAddUnit(joint, current);
        (refusal is null).ShouldBe(allowed);
        if (!allowed) refusal.ShouldBe($"联合党支部最多覆盖5个单位，已有{current}个");
    }

    [Fact]
    public void Only_a_joint_branch_lists_units()
    {
        OrgLifecycleRules.CheckAddUnit(A1, 0).ShouldBe("只有联合党支部需要登记所覆盖的单位");
        OrgLifecycleRules.CheckAddUnit(Org(9, OrgType.联合党支部, "1.2.9", 2, OrgStatus.已撤销), 0).ShouldBe("该组织已撤销");
    }

    [Fact]
    public void A_reason_is_always_required_and_an_approval_number_when_asked_for()
    {
        var e = new Dictionary<string, string[]>();
        OrgLifecycleRules.CheckReason("  ", null, approvalRequired: true, e);
        e["reason"][0].ShouldBe("请填写调整原因");
        e["approvalNo"][0].ShouldStartWith("请填写批准文号");

        e.Clear();
        OrgLifecycleRules.CheckReason("机构调整", null, approvalRequired: false, e);
        e.ShouldBeEmpty();

        e.Clear();
        OrgLifecycleRules.CheckReason(new string('因', 501), new string('号', 101), approvalRequired: false, e);
        e["reason"][0].ShouldBe("原因不能超过500个字");
        e["approvalNo"][0].ShouldBe("批准文号不能超过100个字");
    }

    [Theory]
    [InlineData(null, "请输入组织名称")]
    [InlineData("  ", "请输入组织名称")]
    [InlineData("第一党支部", null)]
    public void A_name_is_required(string? name, string? expected)
    {
        OrgLifecycleRules.CheckName(name).ShouldBe(expected);
        OrgLifecycleRules.CheckName(new string('名', 101)).ShouldBe("组织名称不能超过100个字");
    }

    private static readonly DateOnly Today = new(2026, 11, 21);

    [Fact]
    public void A_visit_needs_a_date_not_in_the_future_and_the_guidance_given()
    {
        OrgLifecycleRules.CheckVisit(Today, "指导三会一课", null, Today).ShouldBeEmpty();
        OrgLifecycleRules.CheckVisit(Today.AddDays(-100), "指导三会一课", "记录不全", Today).ShouldBeEmpty();
        OrgLifecycleRules.CheckVisit(Today.AddDays(1), "指导", null, Today)["visitDate"][0].ShouldBe("走访日期不能晚于今天");
        OrgLifecycleRules.CheckVisit(null, "指导", null, Today)["visitDate"][0].ShouldBe("请填写走访日期");
        OrgLifecycleRules.CheckVisit(Today, " ", null, Today)["content"][0].ShouldBe("请填写指导内容");
        OrgLifecycleRules.CheckVisit(Today, "指导", new string('问', 2001), Today)["problems"][0].ShouldBe("发现的问题不能超过2000个字");
    }
}
