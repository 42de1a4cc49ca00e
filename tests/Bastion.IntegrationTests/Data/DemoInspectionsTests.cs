using System.Net;
using Bastion.Data;
using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Data;

/// <summary>
/// The demo 巡察: a round of the root 党委 on the secretary's branch, past 反馈 with its rectification plan in several states
/// (so 巡察整改 shows real figures), a team of five whose 组长 is a person with a demo account, findings in each category,
/// a clue and an exchange.
/// </summary>
// on the demo seeded once for the collection (StartupTests reads it too)
[Collection(DemoPasswordCollection.Name)]
public sealed class DemoInspectionsTests(DemoInstance demo)
{
    [Fact]
    public async Task The_demo_round_is_past_feedback_on_the_secretary_branch_with_rectification_in_several_states_and_a_team_of_five()
    {
        var app = demo.App;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var round = await db.Set<InspectionRound>().SingleAsync(r => r.Name == Bastion.Features.Inspections.DemoInspections.RoundName);
        var team = await db.Set<InspectionTeamMember>().Where(m => m.RoundId == round.Id).ToListAsync();
        team.Count.ShouldBe(5);
        team.Single(m => m.Role == TeamRole.组长).Name.ShouldBe("周敏");
        var targets = await db.Set<InspectionTarget>().Where(t => t.RoundId == round.Id).ToListAsync();
        targets.Count.ShouldBe(2);
        var findings = await db.Set<InspectionFinding>().Where(f => f.RoundId == round.Id).ToListAsync();
        findings.Select(f => f.Category).Distinct().Count().ShouldBe(5);
        (await db.Set<InspectionFindingMessage>().CountAsync()).ShouldBeGreaterThan(1);

        // one target reached 反馈: every surface finding became a rectification item, worked on to different states
        var target = targets.Single(t => t.Phase >= InspectionPhase.反馈);
        target.FeedbackAt.ShouldNotBeNull();
        var items = await db.Set<LedgerItem>().Where(i => i.RoundId == round.Id).ToListAsync();
        items.Count.ShouldBe(findings.Count(f => f.Category != FindingCategory.问题线索));
        items.ShouldAllBe(i => i.FindingId != null && i.OrgId == target.OrgId);
        items.Select(i => i.State).Order().ShouldBe([LedgerState.待办, LedgerState.办理中, LedgerState.申请销号, LedgerState.已销号]);
        items.Count(i => i.State != LedgerState.已销号 && i.Deadline < TimeProvider.System.Today()).ShouldBe(1);
        (await db.Set<LedgerEvidence>().CountAsync(e => items.Select(i => i.Id).Contains(e.ItemId) && e.FileName != null)).ShouldBe(2);

        // the two team accounts are real demo accounts: 巡察 on the group 党委, signing in with the demo password
        var xuncha = await db.Users.Where(u => u.UserName == "xuncha1" || u.UserName == "xuncha2").Select(u => u.Id).ToListAsync();
        (await db.RoleGrants.CountAsync(g => xuncha.Contains(g.UserId) && g.Role == Role.Inspector && g.OrgId == round.OrgId)).ShouldBe(2);
        var inspector = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await AppFactory.PostFormAsync(inspector, "/Account/Login", new() { ["UserName"] = "xuncha1", ["Password"] = DemoInstance.Password })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // 巡察整改 shows real figures: 4 tasks, 1 verified, 1 awaiting, 1 overdue, 25%
        var rect = await inspector.GetStringAsync("/Inspections/Rectification");
        rect.ShouldContain("<div class=\"num\" id=\"total\">4</div>");
        rect.ShouldContain("id=\"verified\">1</div>");
        rect.ShouldContain("id=\"awaiting\">1</div>");
        rect.ShouldContain("id=\"overdue\">1</div>");
        rect.ShouldContain("25%");
        rect.ShouldContain(Bastion.Features.Inspections.DemoInspections.RoundName);

        // the secretary finds their own inspection and reads the findings (after 反馈), not the clue
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await AppFactory.PostFormAsync(client, "/Account/Login", new() { ["UserName"] = "secretary", ["Password"] = DemoInstance.Password })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetStringAsync("/Inspections")).ShouldContain($"/Inspections/Target/{target.Id}");
        var page = await client.GetStringAsync($"/Inspections/Target/{target.Id}");
        page.ShouldContain("“三会一课”制度执行不严格");
        page.ShouldNotContain("违规接受宴请");
        (await client.GetStringAsync($"/Inspections/Rectification/Target/{target.Id}")).ShouldContain("“三会一课”制度执行不严格");
    }
}
