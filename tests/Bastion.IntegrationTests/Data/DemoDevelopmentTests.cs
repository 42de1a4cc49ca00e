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

    [Fact]
    public async Task The_demo_has_a_transfer_waiting_for_the_secretarys_branch_and_a_failed_vote_followed_by_a_passing_one()
    {
        using var scope = demo.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var firstPit = await db.Organizations.SingleAsync(o => o.Name == "一采区党支部");
        var waiting = await db.Set<DevelopmentTransfer>().SingleAsync(t => t.State == DevelopmentTransferState.待接收);
        waiting.OrgId.ShouldBe(firstPit.Id, "the secretary's branch receives it");
        var sender = await db.Organizations.SingleAsync(o => o.Id == waiting.FromOrgId);
        sender.Path.ShouldNotStartWith(firstPit.Path);
        var moving = await db.Set<DevelopmentCase>().SingleAsync(c => c.Id == waiting.CaseId);
        (moving.Name, moving.OrgId, moving.State).ShouldBe(("蒋思齐", sender.Id, DevelopmentState.入党积极分子));

        var twice = await db.Set<DevelopmentCase>().SingleAsync(c => c.Name == "韩明轩");
        twice.State.ShouldBe(DevelopmentState.预备党员待审批);
        var meetings = (await DevelopmentFacts.TimelineAsync(db, twice.Id, CancellationToken.None)).Where(r => r.Version.Step == "15").ToList();
        meetings.Select(m => m.Fields.Vote!.Passed).ShouldBe([false, true]);
        meetings[0].Version.Warnings.ShouldHaveSingleItem().ShouldContain("未通过");
        meetings[0].Version.On.ShouldBeLessThan(meetings[1].Version.On);
        // the timeline holds as recorded: every gate passes over it, and the 党委's 谈话 is next
        var pack = DevelopmentRulePacks.Get(twice.PackVersion);
        var entries = (await DevelopmentFacts.TimelineAsync(db, twice.Id, CancellationToken.None)).Select(r => r.Entry).ToList();
        var today = scope.ServiceProvider.GetRequiredService<TimeProvider>().Today();
        DevelopmentGates.CheckTimeline(pack, twice.BirthDate, entries, today, WorkingDayCalendar.Empty).ShouldBeNull();
        DevelopmentGates.Next(pack, twice.State, entries, today, WorkingDayCalendar.Empty)!.Step.ShouldBe("16");
    }
}
