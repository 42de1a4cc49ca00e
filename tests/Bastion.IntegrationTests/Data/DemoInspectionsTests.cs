using System.Net;
using Bastion.Data;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Data;

/// <summary>The demo 巡察: a round of the root 党委 on the secretary's branch, a team of five, findings in each category, a clue and an exchange.</summary>
// seeding the demo reads the process-wide BASTION_DEMO_PASSWORD, which these tests set: they must not run side by side
[Collection("demo-password")]
public sealed class DemoInspectionsTests
{
    [Fact]
    public async Task The_demo_round_inspects_the_secretary_branch_with_a_team_of_five_and_findings_in_every_category()
    {
        var cs = await TestCluster.NewDatabaseAsync("demoinsp");
        Environment.SetEnvironmentVariable(DemoData.PasswordVariable, "Demo@Pass2026");
        await using var app = new InstanceFactory(cs, ("Bastion:Demo", "true"));
        try { _ = app.Services; }
        finally { Environment.SetEnvironmentVariable(DemoData.PasswordVariable, null); }

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var round = await db.Set<InspectionRound>().SingleAsync(r => r.Name == Bastion.Features.Inspections.DemoInspections.RoundName);
        (await db.Set<InspectionTeamMember>().CountAsync(m => m.RoundId == round.Id)).ShouldBe(5);
        var targets = await db.Set<InspectionTarget>().Where(t => t.RoundId == round.Id).ToListAsync();
        targets.Count.ShouldBe(2);
        var findings = await db.Set<InspectionFinding>().Where(f => f.RoundId == round.Id).ToListAsync();
        findings.Select(f => f.Category).Distinct().Count().ShouldBe(5);
        (await db.Set<InspectionFindingMessage>().CountAsync()).ShouldBeGreaterThan(1);

        // the secretary finds their own inspection and reads the shared findings, not the clue
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await AppFactory.PostFormAsync(client, "/Account/Login", new() { ["UserName"] = "secretary", ["Password"] = "Demo@Pass2026" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var target = targets.First(t => t.Phase == InspectionPhase.报告);
        (await client.GetStringAsync("/Inspections")).ShouldContain($"/Inspections/Target/{target.Id}");
        var page = await client.GetStringAsync($"/Inspections/Target/{target.Id}");
        page.ShouldContain("“三会一课”制度执行不严格");
        page.ShouldNotContain("违规接受宴请");
    }
}
