using Bastion.Domain;
using Bastion.Features.Compliance;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Features;

public sealed class DashboardComplianceTests(AppFactory app) : AppTest(app)
{
    [Fact]
    public async Task The_dashboard_shows_the_current_quarters_compliance_of_the_organization()
    {
        foreach (var o in new[] { World.A1, World.A1Group, World.B1 })
            await App.ExecAsync($"UPDATE organizations SET created_at = '2020-01-01' WHERE id = {o.Id}");
        var quarter = Period.Containing(PeriodUnit.季, App.Clock.Today());
        var expected = (await App.Services.CreateScope().ServiceProvider.GetRequiredService<ComplianceEngine>().RollupAsync(World.A, quarter)).Tally;
        expected.Branches.ShouldBe(1);
        expected.Compliant.ShouldBe(0); // A1 held nothing this quarter

        var page = await (await App.SignedInAsync("orgadmin")).GetStringAsync("/");
        page.ShouldContain("组织生活达标情况");
        page.ShouldContain(quarter.Label);
        page.ShouldContain($"href=\"/Compliance?org={World.A.Id}&amp;period={quarter.Code}\"");
        page.ShouldContain("党支部 <strong>1</strong> 个");
        page.ShouldContain($"达标 {expected.Compliant}<");
        page.ShouldContain($"预警 {expected.Warning}<");
        page.ShouldContain($"未达标 {expected.Failing}<");
        page.ShouldContain(ComplianceView.RateText(expected, quarter)); // 季度项目达标率 0% (0/1)

        // without ComplianceRead (a member) there is no card; the rest of the dashboard is unchanged
        var member = await (await App.SignedInAsync("mem")).GetStringAsync("/");
        member.ShouldContain("id=\"stats\"");
        member.ShouldNotContain("组织生活达标情况");
    }
}
