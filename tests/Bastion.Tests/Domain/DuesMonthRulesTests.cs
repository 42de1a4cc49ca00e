using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class DuesMonthRulesTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    // 补交 ≤ 6 calendar months back without a reason (DOMAIN-2 §2.5 scenario 3); days of the month do not count
    [Theory]
    [InlineData("2026-01-01", "2026-07-01", false)]   // 6 months back: passes
    [InlineData("2025-12-01", "2026-07-01", true)]    // 7 months back: needs the reason
    [InlineData("2026-01-31", "2026-07-01", false)]   // calendar months, not days (151 days would be "5 months" at 30 days)
    [InlineData("2025-08-01", "2026-02-01", false)]   // across the year: 6
    [InlineData("2025-07-01", "2026-02-01", true)]    // across the year: 7
    [InlineData("2026-07-01", "2026-07-01", false)]   // the open month itself
    public void Back_pay_is_six_calendar_months_without_a_reason(string forMonth, string openMonth, bool needsReason)
    {
        (DuesMonthRules.CheckBackPay(D(forMonth), D(openMonth), null) is not null).ShouldBe(needsReason);
        DuesMonthRules.CheckBackPay(D(forMonth), D(openMonth), "支部大会2026年7月3日研究同意").ShouldBeNull();
        DuesMonthRules.CheckBackPay(D(forMonth), D(openMonth), "  ").ShouldBe(DuesMonthRules.CheckBackPay(D(forMonth), D(openMonth), null));
    }

    [Fact]
    public void The_back_pay_refusal_names_the_month_and_the_rule()
    {
        var msg = DuesMonthRules.CheckBackPay(D("2025-12-01"), D("2026-07-01"), null)!;
        msg.ShouldContain("2025年12月");
        msg.ShouldContain("6个月");
        msg.ShouldContain("理由");
    }

    [Theory]
    [InlineData("2025-01-01", "2025-02-01", 1)]
    [InlineData("2024-02-29", "2025-02-28", 12)]
    [InlineData("2025-12-31", "2026-01-01", 1)]
    [InlineData("2026-05-01", "2026-03-01", -2)]
    public void Months_between_counts_calendar_months(string from, string to, int months) =>
        DuesMonthRules.MonthsBetween(D(from), D(to)).ShouldBe(months);

    // §2.5 scenario 5: the letter says 党费交至 2026-05 → the receiving branch's first month is 2026-06
    [Theory]
    [InlineData("2010-07-01", "2026-05-01", "2026-06-01")]
    [InlineData("2010-07-01", "2026-12-01", "2027-01-01")]   // across the year end
    [InlineData("2026-08-15", "2026-05-01", "2026-08-01")]   // joined later than the letter's month: the joining month
    [InlineData("2026-03-20", null, "2026-03-01")]           // 预备党员: from the month of the 支部大会, not the approval
    public void The_first_due_month_follows_the_letter_and_the_branch_meeting(string joined, string? paidTo, string first) =>
        DuesMonthRules.FirstDueMonth(D(joined), paidTo is null ? null : D(paidTo)).ShouldBe(D(first));

    [Fact]
    public void Nobody_owes_a_month_the_letter_already_covers()
    {
        DuesMonthRules.Owes(D("2026-05-01"), D("2010-07-01"), D("2026-05-01")).ShouldBeFalse();
        DuesMonthRules.Owes(D("2026-06-01"), D("2010-07-01"), D("2026-05-01")).ShouldBeTrue();
        // a 预备党员 whose 支部大会 was on 2026-03-31 owes March, not February
        DuesMonthRules.Owes(D("2026-03-01"), D("2026-03-31"), null).ShouldBeTrue();
        DuesMonthRules.Owes(D("2026-02-01"), D("2026-03-31"), null).ShouldBeFalse();
    }

    [Theory]
    [InlineData(0, DuesArrearsLevel.无)]
    [InlineData(2, DuesArrearsLevel.无)]
    [InlineData(3, DuesArrearsLevel.警告)]
    [InlineData(5, DuesArrearsLevel.警告)]
    [InlineData(6, DuesArrearsLevel.疑似自行脱党)]
    [InlineData(9, DuesArrearsLevel.疑似自行脱党)]
    public void Arrears_warn_at_three_months_and_list_at_six(int months, DuesArrearsLevel level) =>
        DuesMonthRules.Arrears(months).ShouldBe(level);

    [Fact]
    public void Consecutive_unpaid_months_count_back_from_the_latest()
    {
        DuesMonthRules.ConsecutiveUnpaid([(D("2026-01-01"), false), (D("2026-02-01"), true), (D("2026-03-01"), false), (D("2026-04-01"), false)]).ShouldBe(2);
        DuesMonthRules.ConsecutiveUnpaid([(D("2026-04-01"), false), (D("2026-03-01"), false), (D("2026-02-01"), false)]).ShouldBe(3);
        DuesMonthRules.ConsecutiveUnpaid([(D("2026-04-01"), true), (D("2026-03-01"), false)]).ShouldBe(0);
        DuesMonthRules.ConsecutiveUnpaid([]).ShouldBe(0);
    }

    [Theory]
    [InlineData("特殊党费", "1000", true)]
    [InlineData("特殊党费", "999.99", false)]
    [InlineData("自愿多交", "5000", false)]
    [InlineData("党费", "1200", false)]
    public void Special_dues_of_a_thousand_yuan_are_flagged_for_forwarding(string kind, string amount, bool flagged) =>
        DuesMonthRules.ForwardToCentral(DuesMonthRules.ParseKind(kind)!.Value, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(flagged);

    [Theory]
    [InlineData(null, "请填写金额")]
    [InlineData("0", "金额须大于0")]
    [InlineData("-1", "金额须大于0")]
    [InlineData("1.234", "金额最多两位小数")]
    [InlineData("50.00", null)]
    public void Payment_amounts_are_positive_with_two_decimals(string? amount, string? error) =>
        DuesMonthRules.CheckAmount(amount is null ? null : decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(error);

    [Fact]
    public void A_reduction_covers_at_most_twelve_months_and_needs_the_branch_decision_and_its_date()
    {
        var today = D("2026-01-10");
        DuesMonthRules.CheckReduction(D("2026-01-01"), D("2026-12-01"), 0m, 50m, "支委会2025-12-20", D("2025-12-20"), today).ShouldBeEmpty();
        DuesMonthRules.CheckReduction(D("2026-01-01"), D("2027-01-01"), 0m, 50m, "d", today, today).Keys.ShouldBe(["toMonth"]);
        DuesMonthRules.CheckReduction(D("2026-05-01"), D("2026-04-01"), 0m, 50m, "d", today, today).Keys.ShouldBe(["toMonth"]);
        DuesMonthRules.CheckReduction(D("2026-01-01"), D("2026-03-01"), 50m, 50m, "d", today, today).Keys.ShouldBe(["amount"]);
        DuesMonthRules.CheckReduction(D("2026-01-01"), D("2026-03-01"), 10m, 50m, null, null, today).Keys.ShouldBe(["branchDecision", "branchDecidedOn"], ignoreOrder: true);
        DuesMonthRules.CheckReduction(D("2026-01-01"), D("2026-03-01"), 10m, 50m, "d", D("2026-01-11"), today).Keys.ShouldBe(["branchDecidedOn"]);
    }

    [Theory]
    [InlineData("2026-05", "2026-05-01")]
    [InlineData("2026-5", "2026-05-01")]
    [InlineData("2026/05", "2026-05-01")]
    [InlineData("2026年5月", "2026-05-01")]
    [InlineData("2026年", null)]
    [InlineData("2026-13", null)]
    [InlineData("abc", null)]
    public void Months_parse_as_people_type_them(string raw, string? month) =>
        DuesMonthRules.ParseMonth(raw).ShouldBe(month is null ? null : D(month));
}
