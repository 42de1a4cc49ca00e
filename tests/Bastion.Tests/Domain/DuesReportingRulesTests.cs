using Bastion.Domain;

namespace Bastion.Tests.Domain;

public class DuesReportingRulesTests
{
    [Theory]
    [InlineData(OrgType.党支部, false, true)]
    [InlineData(OrgType.联合党支部, false, true)]
    [InlineData(OrgType.党总支, false, true)]
    [InlineData(OrgType.党委, false, true)]
    [InlineData(OrgType.党委, true, false)]      // the top settles, it does not report
    [InlineData(OrgType.党小组, false, false)]    // its members owe to the branch
    [InlineData(OrgType.临时党支部, false, false)] // collects nothing
    public void Who_reports_in_the_chain(OrgType type, bool isTop, bool reports) =>
        DuesReportingRules.Reports(type, isTop).ShouldBe(reports);

    [Theory]
    [InlineData(true, false, DuesReportStatus.已报送)]
    [InlineData(true, true, DuesReportStatus.已报送)]   // reported again after a return
    [InlineData(false, true, DuesReportStatus.已退回)]
    [InlineData(false, false, DuesReportStatus.未报送)]
    public void A_report_row_wins_over_an_earlier_return(bool reported, bool returned, DuesReportStatus status) =>
        DuesReportingRules.Status(reported, returned).ShouldBe(status);

    [Fact]
    public void A_return_needs_a_reason_of_at_most_500_characters()
    {
        DuesReportingRules.CheckReason(null).ShouldNotBeNull();
        DuesReportingRules.CheckReason("  ").ShouldNotBeNull();
        DuesReportingRules.CheckReason(new string('错', 500)).ShouldBeNull();
        DuesReportingRules.CheckReason(new string('错', 501))!.ShouldContain("500");
    }

    [Fact]
    public void A_refusal_names_the_first_five_missing()
    {
        DuesReportingRules.Names(["甲", "乙"]).ShouldBe("甲、乙");
        DuesReportingRules.Names(["1", "2", "3", "4", "5", "6"]).ShouldBe("1、2、3、4、5等");
    }
}
