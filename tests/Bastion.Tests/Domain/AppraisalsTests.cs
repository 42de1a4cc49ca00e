using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class AppraisalsTests
{
    private static readonly DateOnly Today = new(2026, 12, 10);

    [Fact]
    public void The_default_grade_set_has_four_grades_in_order()
    {
        AppraisalRules.Grades(AppraisalGradeSet.四档).ShouldBe([AppraisalGrade.优秀, AppraisalGrade.合格, AppraisalGrade.基本合格, AppraisalGrade.不合格]);
    }

    [Fact]
    public void The_three_grade_set_has_no_basic_pass()
    {
        AppraisalRules.Grades(AppraisalGradeSet.三档).ShouldBe([AppraisalGrade.优秀, AppraisalGrade.合格, AppraisalGrade.不合格]);
        AppraisalRules.Allows(AppraisalGradeSet.三档, AppraisalGrade.基本合格).ShouldBeFalse();
    }

    [Theory]
    [InlineData("优秀", AppraisalGrade.优秀)]
    [InlineData(" 基本合格 ", AppraisalGrade.基本合格)]
    [InlineData("不合格", AppraisalGrade.不合格)]
    public void Grade_names_are_parsed(string raw, AppraisalGrade expected)
    {
        AppraisalRules.ParseGrade(raw).ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("良好")]
    [InlineData("2")]
    [InlineData(null)]
    public void Unknown_or_numeric_grades_are_not_parsed(string? raw)
    {
        AppraisalRules.ParseGrade(raw).ShouldBeNull();
    }

    [Fact]
    public void Tallies_adding_up_to_the_voters_are_accepted()
    {
        AppraisalRules.ValidateTally(AppraisalGradeSet.四档, 30, new AppraisalTally(10, 15, 4, 1)).ShouldBeEmpty();
    }

    [Fact]
    public void Tallies_below_the_voters_are_accepted_because_some_may_abstain()
    {
        AppraisalRules.ValidateTally(AppraisalGradeSet.四档, 30, new AppraisalTally(10, 10, 0, 0)).ShouldBeEmpty();
    }

    [Fact]
    public void Tallies_exceeding_the_voters_are_refused_with_both_numbers()
    {
        var errors = AppraisalRules.ValidateTally(AppraisalGradeSet.四档, 30, new AppraisalTally(20, 11, 0, 0));
        errors["votes"][0].ShouldBe("测评票数合计31票，超过参加测评人数30人");
    }

    [Fact]
    public void A_negative_tally_is_refused()
    {
        AppraisalRules.ValidateTally(AppraisalGradeSet.四档, 30, new AppraisalTally(0, -1, 0, 0)).ShouldContainKey("votesQualified");
    }

    [Fact]
    public void Votes_for_basic_pass_are_refused_in_a_three_grade_round()
    {
        var errors = AppraisalRules.ValidateTally(AppraisalGradeSet.三档, 30, new AppraisalTally(1, 1, 1, 0));
        errors["votesBasic"][0].ShouldContain("不设基本合格");
    }

    [Fact]
    public void A_grade_outside_the_rounds_set_is_refused()
    {
        var errors = AppraisalRules.ValidateDecision(AppraisalGradeSet.三档, AppraisalGrade.基本合格, "基本合格", false, null, null, null, Today);
        errors["grade"][0].ShouldContain("不能评为基本合格");
    }

    [Fact]
    public void An_unknown_grade_name_is_refused_while_a_blank_one_leaves_the_member_ungraded()
    {
        AppraisalRules.ValidateDecision(AppraisalGradeSet.四档, null, "良好", false, null, null, null, Today).ShouldContainKey("grade");
        AppraisalRules.ValidateDecision(AppraisalGradeSet.四档, null, "", false, null, null, null, Today).ShouldBeEmpty();
    }

    [Fact]
    public void Unqualified_needs_a_follow_up_kind_and_a_deadline()
    {
        var errors = AppraisalRules.ValidateDecision(AppraisalGradeSet.四档, AppraisalGrade.不合格, "不合格", false, null, null, null, Today);
        errors.Keys.ShouldBe(["followUpKind", "followUpDeadline"], ignoreOrder: true);
    }

    [Fact]
    public void Unqualified_with_a_follow_up_is_accepted()
    {
        AppraisalRules.ValidateDecision(AppraisalGradeSet.四档, AppraisalGrade.不合格, "不合格", false, FollowUpKind.限期改正, "限期改正", Today.AddMonths(6), Today)
            .ShouldBeEmpty();
    }

    [Fact]
    public void Unqualified_again_does_not_ask_for_a_second_follow_up()
    {
        AppraisalRules.ValidateDecision(AppraisalGradeSet.四档, AppraisalGrade.不合格, "不合格", true, null, null, null, Today).ShouldBeEmpty();
    }

    [Fact]
    public void Qualified_needs_no_follow_up()
    {
        AppraisalRules.NeedsFollowUp(AppraisalGrade.合格).ShouldBeFalse();
        AppraisalRules.NeedsFollowUp(AppraisalGrade.基本合格).ShouldBeFalse();
        AppraisalRules.NeedsFollowUp(AppraisalGrade.不合格).ShouldBeTrue();
    }

    [Fact]
    public void A_deadline_today_or_earlier_is_refused()
    {
        AppraisalRules.CheckDeadline(Today, Today).ShouldBe("整改期限应晚于今天");
        AppraisalRules.CheckDeadline(Today.AddDays(-3), Today).ShouldNotBeNull();
    }

    [Fact]
    public void A_deadline_of_exactly_a_year_is_accepted_and_a_day_more_is_refused()
    {
        AppraisalRules.CheckDeadline(Today.AddMonths(12), Today).ShouldBeNull();
        AppraisalRules.CheckDeadline(Today.AddMonths(12).AddDays(1), Today).ShouldBe("整改期限不能超过12个月");
    }

    [Fact]
    public void A_missing_deadline_is_refused()
    {
        AppraisalRules.CheckDeadline(null, Today).ShouldBe("请填写整改期限");
    }

    [Fact]
    public void A_round_with_every_member_graded_can_be_finished()
    {
        AppraisalRules.CheckFinish([new("张三", AppraisalGrade.优秀, false), new("李四", AppraisalGrade.不合格, true)]).ShouldBeEmpty();
    }

    [Fact]
    public void A_round_with_ungraded_members_cannot_be_finished_and_names_them()
    {
        var problems = AppraisalRules.CheckFinish([new("张三", AppraisalGrade.优秀, false), new("李四", null, false)]);
        problems.ShouldHaveSingleItem().ShouldBe("尚有1名党员未评定等次：李四");
    }

    [Fact]
    public void A_round_with_an_unqualified_member_without_follow_up_cannot_be_finished()
    {
        AppraisalRules.CheckFinish([new("王五", AppraisalGrade.不合格, false)]).ShouldBe(["王五评为不合格，尚未确定处置方式"]);
    }

    [Fact]
    public void An_empty_round_cannot_be_finished()
    {
        AppraisalRules.CheckFinish([]).ShouldNotBeEmpty();
    }

    [Fact]
    public void An_open_follow_up_past_its_deadline_is_overdue_and_a_closed_one_is_not()
    {
        AppraisalRules.IsOverdue(FollowUpState.进行中, Today.AddDays(-1), Today).ShouldBeTrue();
        AppraisalRules.IsOverdue(FollowUpState.进行中, Today, Today).ShouldBeFalse();
        AppraisalRules.IsOverdue(FollowUpState.已完成, Today.AddDays(-1), Today).ShouldBeFalse();
    }
}
