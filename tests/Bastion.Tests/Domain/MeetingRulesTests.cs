using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class MeetingRulesTests
{
    [Fact]
    public void A_party_congress_with_exactly_half_of_the_voting_members_is_not_quorate()
    {
        var (met, note) = MeetingRules.Quorum(MeetingKinds.支部党员大会, votingExpected: 10, votingPresent: 5, 0, 0);
        met.ShouldBeFalse();
        note!.ShouldContain("未超过半数");
        note!.ShouldContain("无效");
    }

    [Fact]
    public void A_party_congress_with_one_more_than_half_is_quorate()
    {
        MeetingRules.Quorum(MeetingKinds.支部党员大会, 10, 6, 0, 0).ShouldBe((true, null));
        MeetingRules.Quorum(MeetingKinds.支部党员大会, 9, 5, 0, 0).Met.ShouldBeTrue();
        MeetingRules.Quorum(MeetingKinds.支部党员大会, 9, 4, 0, 0).Met.ShouldBeFalse();
    }

    [Fact]
    public void Probationary_members_have_no_vote_so_a_branch_of_only_probationary_members_cannot_hold_a_valid_congress()
    {
        var (met, note) = MeetingRules.Quorum(MeetingKinds.支部党员大会, votingExpected: 0, votingPresent: 0, 0, 0);
        met.ShouldBeFalse();
        note!.ShouldContain("没有有表决权的正式党员");
    }

    [Fact]
    public void A_committee_meeting_without_any_committee_members_is_not_valid()
    {
        var (met, note) = MeetingRules.Quorum(MeetingKinds.支部委员会, 20, 20, committeeExpected: 0, committeePresent: 0);
        met.ShouldBeFalse();
        note!.ShouldContain("未登记支委会成员");
    }

    [Fact]
    public void A_committee_meeting_needs_more_than_half_of_its_members()
    {
        MeetingRules.Quorum(MeetingKinds.支部委员会, 0, 0, 5, 3).Met.ShouldBeTrue();
        MeetingRules.Quorum(MeetingKinds.支部委员会, 0, 0, 4, 2).Met.ShouldBeFalse();
    }

    [Fact]
    public void Other_types_have_no_quorum()
    {
        MeetingRules.Quorum(MeetingKinds.主题党日 | MeetingKinds.党课, 30, 1, 0, 0).ShouldBe((true, null));
    }

    [Fact]
    public void A_combined_meeting_names_every_failed_quorum()
    {
        var (met, note) = MeetingRules.Quorum(MeetingKinds.支部党员大会 | MeetingKinds.支部委员会, 10, 3, 4, 1);
        met.ShouldBeFalse();
        note!.ShouldContain("支部党员大会");
        note!.ShouldContain("支部委员会");
    }

    [Fact]
    public void A_resolution_passes_with_more_than_half_of_the_voting_members_not_of_those_present()
    {
        MeetingRules.ResolutionPasses(votingExpected: 10, votesFor: 6).ShouldBeTrue();
        MeetingRules.ResolutionPasses(10, 5).ShouldBeFalse();
        MeetingRules.ResolutionPasses(0, 0).ShouldBeFalse();
    }

    [Fact]
    public void Type_names_are_parsed_and_unknown_names_reported()
    {
        var (kinds, unknown) = MeetingRules.Parse(["支部党员大会", " 党课 ", "茶话会"]);
        kinds.ShouldBe(MeetingKinds.支部党员大会 | MeetingKinds.党课);
        unknown.ShouldBe(["茶话会"]);
        MeetingRules.Display(kinds).ShouldBe("支部党员大会、党课");
    }

    [Fact]
    public void The_record_locks_seven_days_after_it_was_recorded()
    {
        var at = new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
        MeetingRules.IsLocked(at, at.AddDays(7).AddSeconds(-1)).ShouldBeFalse();
        MeetingRules.IsLocked(at, at.AddDays(7)).ShouldBeTrue();
    }
}
