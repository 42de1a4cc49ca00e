using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class InspectionRulesTests
{
    private const InspectionViewer Team = InspectionViewer.Inspection, Disc = InspectionViewer.Discipline,
        Leaders = InspectionViewer.InspectedLeadership | InspectionViewer.OrgReader, Reader = InspectionViewer.OrgReader;

    [Theory]
    [InlineData(InspectionPhase.进驻了解, FindingState.草稿, false, false)]
    [InlineData(InspectionPhase.报告, FindingState.共答中, true, false)]
    [InlineData(InspectionPhase.反馈, FindingState.草稿, true, true)]
    [InlineData(InspectionPhase.整改, FindingState.已定稿, true, true)]
    public void Surface_findings_open_to_the_inspected_leadership_when_shared_and_to_readers_after_feedback(InspectionPhase phase, FindingState state, bool leaders, bool reader)
    {
        InspectionRules.CanRead(Team, FindingCategory.从严治党落实, state, phase).ShouldBeTrue();
        InspectionRules.CanRead(Disc, FindingCategory.从严治党落实, state, phase).ShouldBeTrue();
        InspectionRules.CanRead(Leaders, FindingCategory.从严治党落实, state, phase).ShouldBe(leaders);
        InspectionRules.CanRead(Reader, FindingCategory.从严治党落实, state, phase).ShouldBe(reader);
        InspectionRules.CanRead(InspectionViewer.None, FindingCategory.从严治党落实, state, phase).ShouldBeFalse();
    }

    [Theory]
    [InlineData(InspectionPhase.准备)]
    [InlineData(InspectionPhase.反馈)]
    [InlineData(InspectionPhase.归档)]
    public void Clues_are_read_only_by_inspection_and_discipline_in_every_phase(InspectionPhase phase)
    {
        InspectionRules.CanRead(Team, FindingCategory.问题线索, FindingState.草稿, phase).ShouldBeTrue();
        InspectionRules.CanRead(Disc, FindingCategory.问题线索, FindingState.草稿, phase).ShouldBeTrue();
        InspectionRules.CanRead(Leaders, FindingCategory.问题线索, FindingState.共答中, phase).ShouldBeFalse();
        InspectionRules.CanRead(Reader, FindingCategory.问题线索, FindingState.草稿, phase).ShouldBeFalse();
    }

    [Fact]
    public void Only_the_team_edits_and_after_feedback_only_with_a_reason()
    {
        InspectionRules.CheckEdit(Team, InspectionPhase.报告, null).ShouldBeNull();
        InspectionRules.CheckEdit(Team, InspectionPhase.反馈, " ")!.ShouldContain("说明理由");
        InspectionRules.CheckEdit(Team, InspectionPhase.整改, "补充材料").ShouldBeNull();
        InspectionRules.CheckEdit(Disc, InspectionPhase.报告, null)!.ShouldContain("只有巡察组");
    }

    [Fact]
    public void The_exchange_needs_a_shared_surface_finding_before_feedback_between_the_team_and_the_inspected_leadership()
    {
        InspectionRules.CheckMessage(Team, FindingCategory.整改落实, FindingState.共答中, InspectionPhase.报告).ShouldBeNull();
        InspectionRules.CheckMessage(Leaders, FindingCategory.整改落实, FindingState.共答中, InspectionPhase.报告).ShouldBeNull();
        InspectionRules.CheckMessage(Team, FindingCategory.问题线索, FindingState.共答中, InspectionPhase.报告)!.ShouldContain("问题线索");
        InspectionRules.CheckMessage(Team, FindingCategory.整改落实, FindingState.共答中, InspectionPhase.反馈)!.ShouldContain("已反馈");
        InspectionRules.CheckMessage(Leaders, FindingCategory.整改落实, FindingState.草稿, InspectionPhase.报告)!.ShouldContain("尚未提交");
        InspectionRules.CheckMessage(Disc | Reader, FindingCategory.整改落实, FindingState.共答中, InspectionPhase.报告)!.ShouldContain("只有巡察组");
    }

    [Fact]
    public void A_clue_needs_a_grade_and_a_surface_finding_has_none()
    {
        InspectionRules.ValidateFinding("t", "f", FindingCategory.问题线索, null).ShouldContainKey("clueGrade");
        InspectionRules.ValidateFinding("t", "f", FindingCategory.理论路线落实, ClueGrade.建议参考类).ShouldContainKey("clueGrade");
        InspectionRules.ValidateFinding("t", "f", FindingCategory.问题线索, ClueGrade.建议参考类).ShouldBeEmpty();
        InspectionRules.ValidateFinding(" ", "", null, null).Keys.ShouldBe(["title", "facts", "category"], ignoreOrder: true);
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(7, false)]
    [InlineData(8, true)]
    public void A_team_of_five_to_seven_has_no_warning(int count, bool warned) =>
        (InspectionRules.TeamSizeWarning(count) is not null).ShouldBe(warned);

    [Fact]
    public void The_viewer_comes_from_grants_over_the_inspected_organization()
    {
        const string path = "1.2.3";
        InspectionRules.ViewerFrom([new Grant(Role.Inspector, 1, "1")], 3, path).ShouldBe(InspectionViewer.Inspection | InspectionViewer.OrgReader);
        InspectionRules.ViewerFrom([new Grant(Role.BranchSecretary, 3, path)], 3, path).ShouldBe(InspectionViewer.InspectedLeadership | InspectionViewer.OrgReader);
        InspectionRules.ViewerFrom([new Grant(Role.OrgAdmin, 2, "1.2")], 3, path).ShouldBe(InspectionViewer.OrgReader);
        InspectionRules.ViewerFrom([new Grant(Role.Discipline, 9, "1.9")], 3, path).ShouldBe(InspectionViewer.None);
    }

    [Fact]
    public void Categories_parse_from_full_names_short_names_and_numbers()
    {
        InspectionRules.ParseCategory("全面从严治党战略部署落实情况").ShouldBe(FindingCategory.从严治党落实);
        InspectionRules.ParseCategory("问题线索").ShouldBe(FindingCategory.问题线索);
        InspectionRules.ParseCategory("3").ShouldBe(FindingCategory.组织路线落实);
        InspectionRules.ParseCategory("其他").ShouldBeNull();
    }
}

public class InspectionDocumentNamingTests
{
    [Theory]
    [InlineData(2026, "2026年第一轮巡察", "2026年第一轮巡察")]
    [InlineData(2026, "第一轮巡察", "2026年第一轮巡察")]
    [InlineData(2026, " 2026年专项巡察 ", "2026年专项巡察")]
    [InlineData(2027, "2026年第一轮巡察", "2027年2026年第一轮巡察")]
    public void The_round_title_carries_the_year_once(int year, string name, string title) => InspectionRules.RoundTitle(year, name).ShouldBe(title);

    [Theory]
    [InlineData("2026年第一轮巡察", "2026年第一轮巡察组")]
    [InlineData("2026年第一轮巡察组", "2026年第一轮巡察组")]
    [InlineData("选人用人专项检查", "选人用人专项检查巡察组")]
    public void The_team_is_named_without_repeating_the_word_inspection(string round, string team) => InspectionRules.TeamName(round).ShouldBe(team);

    [Theory]
    [InlineData(FindingCategory.组织路线落实, FindingState.草稿, false)]
    [InlineData(FindingCategory.组织路线落实, FindingState.共答中, true)]
    [InlineData(FindingCategory.组织路线落实, FindingState.已定稿, true)]
    [InlineData(FindingCategory.问题线索, FindingState.草稿, true)]
    public void Draft_findings_stay_out_of_the_documents_and_clues_are_never_drafts(FindingCategory c, FindingState s, bool included) =>
        InspectionRules.InDocuments(c, s).ShouldBe(included);
}

