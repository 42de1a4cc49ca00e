using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Development;
using Bastion.Features.Development.VolunteerBooks;
using Bastion.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bastion.IntegrationTests.Data;

/// <summary>
/// The demo's development data reaches the 预备党员 stage (so the 转正 notice and the 预审表 have someone, one of them
/// within 60 days of 期满), the 党委 has this year's plan, and the steps are recorded by demo accounts, not "demo".
/// </summary>
[Collection(DemoPasswordCollection.Name)]
public sealed class DemoDevelopmentTests(DemoInstance demo)
{
    [Fact]
    public async Task The_demo_has_probationers_one_near_the_end_of_probation_and_this_years_plan()
    {
        using var scope = demo.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var today = scope.ServiceProvider.GetRequiredService<TimeProvider>().Today();
        var probationers = await db.Set<DevelopmentCase>().Where(c => c.State == DevelopmentState.预备党员).ToListAsync();
        probationers.Count.ShouldBe(2);
        var ends = new List<DateOnly>();
        foreach (var c in probationers)
        {
            var rows = await DevelopmentFacts.TimelineAsync(db, c.Id, CancellationToken.None);
            var end = GetDevelopmentCase.ProbationEndsOn(DevelopmentRulePacks.Get(c.PackVersion), [.. rows.Select(r => r.Entry)]);
            end.ShouldNotBeNull(c.Name);
            ends.Add(end.Value);
            // the member record the approval made, as 预备党员 from the 支部大会
            var member = await db.Members.SingleAsync(m => m.Id == c.MemberId);
            member.Category.ShouldBe(MemberCategory.预备党员);
            member.JoinedAt.ShouldBe(rows.Last(r => r.Version.Step == "15").Version.On);
        }
        ends.ShouldContain(e => e > today && e <= today.AddDays(60));
        ends.ShouldContain(e => e > today.AddDays(60));

        (await db.Set<DevelopmentPlan>().CountAsync(p => p.Year == today.Year)).ShouldBeGreaterThan(0);
        (await db.Set<DevelopmentStep>().CountAsync(s => s.RecordedBy == "demo" || s.RecordedBy == "system")).ShouldBe(0);
        (await db.VolunteerBookUses.CountAsync(u => u.CreatedBy == "demo" || u.CreatedBy == "system")).ShouldBe(0);
    }
}
