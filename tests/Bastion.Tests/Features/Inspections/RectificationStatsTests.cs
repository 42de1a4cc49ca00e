using Bastion.Domain;
using Bastion.Features.Inspections.Rectification;

namespace Bastion.Tests.Features.Inspections;

public class RectificationStatsTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);
    private static long _id;

    private static RectificationItem Item(LedgerState state, int deadlineDays = 10, FindingCategory? category = FindingCategory.理论路线落实,
        bool rejected = false, long round = 1, long org = 10) =>
        new(++_id, 100, round, "第" + round + "轮", org, "组织" + org, category is null ? null : 1, category, "任务", null, "标准", "甲", "乙",
            Today.AddDays(deadlineDays), Today.AddDays(deadlineDays), null, state, LedgerSource.整改, 0, rejected, state == LedgerState.已销号 ? DateTimeOffset.UnixEpoch : null);

    [Fact]
    public void The_completion_rate_is_closed_items_over_all_items()
    {
        var t = RectificationStats.Count([Item(LedgerState.已销号), Item(LedgerState.已销号), Item(LedgerState.待办)], Today);
        (t.Total, t.Verified, t.Open).ShouldBe((3, 2, 1));
        t.RateText.ShouldBe("66.7%");
        RectificationTally.Zero.RateText.ShouldBe("—");
        RectificationStats.Count([Item(LedgerState.已销号)], Today).RateText.ShouldBe("100%");
    }

    [Fact]
    public void Items_fall_into_verified_awaiting_rejected_and_open()
    {
        RectificationStats.Bucket(Item(LedgerState.已销号, rejected: true)).ShouldBe(VerificationBucket.Verified);
        RectificationStats.Bucket(Item(LedgerState.申请销号, rejected: true)).ShouldBe(VerificationBucket.Awaiting);
        RectificationStats.Bucket(Item(LedgerState.办理中, rejected: true)).ShouldBe(VerificationBucket.Rejected);
        RectificationStats.Bucket(Item(LedgerState.办理中)).ShouldBe(VerificationBucket.Open);
        RectificationStats.Bucket(Item(LedgerState.待办)).ShouldBe(VerificationBucket.Open);
    }

    [Fact]
    public void Overdue_counts_open_items_past_their_deadline_but_never_closed_ones()
    {
        var t = RectificationStats.Count([Item(LedgerState.已销号, -5), Item(LedgerState.申请销号, -1), Item(LedgerState.待办, 0), Item(LedgerState.办理中, -30)], Today);
        t.Overdue.ShouldBe(2);
    }

    [Fact]
    public void By_category_lists_the_four_categories_always_and_other_only_when_needed()
    {
        var groups = RectificationStats.ByCategory([Item(LedgerState.已销号, category: FindingCategory.整改落实), Item(LedgerState.待办, category: FindingCategory.整改落实)], Today);
        groups.Select(g => g.Key).ShouldBe(["理论路线落实", "从严治党落实", "组织路线落实", "整改落实"]);
        groups[3].Tally.Rate.ShouldBe(0.5);
        groups[0].Tally.Total.ShouldBe(0);
        RectificationStats.ByCategory([Item(LedgerState.待办, category: null)], Today).Last().Name.ShouldBe(RectificationStats.Uncategorized);
    }

    [Fact]
    public void By_round_and_by_organization_group_the_same_items()
    {
        List<RectificationItem> items = [Item(LedgerState.已销号, round: 1, org: 10), Item(LedgerState.待办, round: 2, org: 10), Item(LedgerState.待办, round: 2, org: 11)];
        RectificationStats.ByRound(items, Today).Select(g => (g.Key, g.Tally.Total, g.Tally.Verified)).ShouldBe([("2", 2, 0), ("1", 1, 1)]);
        RectificationStats.ByOrganization(items, Today).Select(g => (g.Name, g.Tally.Total)).ShouldBe([("组织10", 2), ("组织11", 1)]);
    }
}
