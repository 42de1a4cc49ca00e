using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class DuesFundRulesTests
{
    // 上缴: up to what was collected and not yet remitted passes; one fen more needs a reason
    [Theory]
    [InlineData("100.00", "100.00", "0", false)]
    [InlineData("100.01", "100.00", "0", true)]
    [InlineData("60.00", "100.00", "40.00", false)]
    [InlineData("60.01", "100.00", "40.00", true)]
    [InlineData("0.01", "0", "0", true)]
    public void Remitting_more_than_collected_and_not_yet_remitted_needs_a_reason(string amount, string collected, string remitted, bool refused)
    {
        decimal M(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        (DuesFundRules.CheckRemittance(M(amount), M(collected), M(remitted), null) is not null).ShouldBe(refused);
        (DuesFundRules.CheckRemittance(M(amount), M(collected), M(remitted), "  ") is not null).ShouldBe(refused);
        DuesFundRules.CheckRemittance(M(amount), M(collected), M(remitted), "补缴上月少缴部分").ShouldBeNull();
    }

    [Fact]
    public void The_refusal_names_what_is_left()
    {
        DuesFundRules.CheckRemittance(80m, 100m, 40m, null)!.ShouldContain("已收未缴的60.00元");
    }

    [Fact]
    public void The_balance_runs_from_the_opening_month_by_month()
    {
        DuesFundRules.Balances(10m, [(100m, 20m, 50m), (0m, 0m, 0m), (30m, 45m, 0m)]).ShouldBe([40m, 40m, 25m]);
    }

    [Theory]
    [InlineData("40.00", "40.00", false)]
    [InlineData("40.01", "40.00", true)]
    [InlineData("0.01", "0.00", true)]
    [InlineData("0.01", "-5.00", true)]
    [InlineData("12.50", "100.00", false)]
    public void A_spending_may_use_the_retained_balance_and_no_more(string amount, string balance, bool refused)
    {
        decimal M(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        (DuesFundRules.CheckSpending(M(amount), M(balance)) is not null).ShouldBe(refused);
    }

    [Fact]
    public void The_spending_refusal_gives_the_figures()
    {
        DuesFundRules.CheckSpending(40.01m, 40m).ShouldBe("使用金额40.01元超过留存党费结余40.00元（收缴减去已使用、已上缴），最多可使用40.00元");
        DuesFundRules.CheckSpending(1m, -3m)!.ShouldContain("最多可使用0.00元");
    }
}
