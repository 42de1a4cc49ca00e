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

    [Theory]
    [InlineData(MeetingKinds.组织生活会, "2026-01-20", 2025)]
    [InlineData(MeetingKinds.民主评议党员, "2026-02-28", 2025)]
    [InlineData(MeetingKinds.组织生活会 | MeetingKinds.民主评议党员, "2026-01-01", 2025)]
    [InlineData(MeetingKinds.组织生活会, "2026-03-01", 2026)]
    [InlineData(MeetingKinds.组织生活会 | MeetingKinds.党课, "2026-12-31", 2026)]
    [InlineData(MeetingKinds.民主评议党员, "2024-02-29", 2023)]
    public void The_year_a_yearly_meeting_belongs_to_defaults_to_the_year_before_in_January_and_February(MeetingKinds kinds, string heldOn, int year) =>
        MeetingRules.DefaultYearOf(kinds, DateOnly.Parse(heldOn, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(year);

    [Theory]
    [InlineData(MeetingKinds.支部委员会)]
    [InlineData(MeetingKinds.党课 | MeetingKinds.主题党日)]
    public void Other_kinds_have_no_year_of_their_own(MeetingKinds kinds)
    {
        MeetingRules.HasYear(kinds).ShouldBeFalse();
        MeetingRules.DefaultYearOf(kinds, new DateOnly(2026, 1, 20)).ShouldBeNull();
    }

    [Fact]
    public void The_year_of_a_meeting_is_the_year_it_was_held_or_the_one_before()
    {
        var day = new DateOnly(2026, 1, 20);
        MeetingRules.CheckYearOf(2026, day).ShouldBeNull();
        MeetingRules.CheckYearOf(2025, day).ShouldBeNull();
        MeetingRules.CheckYearOf(2024, day)!.ShouldContain("上一年度（2025年）");
        MeetingRules.CheckYearOf(2027, day).ShouldNotBeNull();
        MeetingRules.CountedYear(null, day).ShouldBe(2026);
        MeetingRules.CountedYear(2025, day).ShouldBe(2025);
    }

    [Fact]
    public void A_committee_meeting_is_attended_by_the_committee_and_other_kinds_by_everyone()
    {
        RosterEntry[] roster = [new(1, "书记", true, true), new(2, "委员", true, true), new(3, "党员", true, false), new(4, "预备", false, false)];
        MeetingRules.ShouldAttend(MeetingKinds.支部委员会, roster).Select(r => r.MemberId).ShouldBe([1L, 2L]);
        MeetingRules.ShouldAttend(MeetingKinds.支部党员大会, roster).Count.ShouldBe(4);
        MeetingRules.ShouldAttend(MeetingKinds.党小组会, roster).Count.ShouldBe(4);
        // a 支部委员会 held together with a 党课 is attended by everyone
        MeetingRules.ShouldAttend(MeetingKinds.支部委员会 | MeetingKinds.党课, roster).Count.ShouldBe(4);
        MeetingRules.ShouldAttend(MeetingKinds.None, roster).Count.ShouldBe(4);
    }
}
