using Bastion.Data;
using Bastion.Domain;
using Bastion.E2E.Infrastructure;
using Bastion.E2E.Pages;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Bastion.E2E.Journeys;

/// <summary>
/// The 党委 administrator reads 组织生活达标情况 from the group down to one branch, and the rules page, on a desktop
/// and on a phone. Setup records the previous quarter's meetings of the 采矿党总支 branches (一采区 and 二采区 hold
/// everything, 选矿车间 only its 支委会 — its 支部党员大会 of that quarter, if the demo holds one, is called off), so the rollup has something to show whatever the demo holds.
/// </summary>
public sealed class ComplianceJourneys(E2EFixture app) : JourneyTest(app)
{
    private const int PhoneWidth = 375;
    private const string Topic = "达标旅程测试会议";
    private static readonly SemaphoreSlim Once = new(1, 1);

    private static Period PreviousQuarter => Period.Containing(PeriodUnit.季, TimeProvider.System.Today()).Previous();

    private async Task RecordMeetingsAsync()
    {
        await Once.WaitAsync();
        try
        {
            using var scope = App.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "e2e");
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await db.Set<Meeting>().AnyAsync(m => m.Topic == Topic)) return;
            var q = PreviousQuarter;
            var orgs = await db.Organizations.AsNoTracking().ToListAsync();
            Organization Named(string name) => orgs.Single(o => o.Name == name);
            var second = 0;
            void Held(Organization o, MeetingKinds kinds, DateOnly day) => db.Add(new Meeting
            {
                OrgId = o.Id, Kinds = kinds, State = MeetingState.已召开, Topic = Topic, Expected = 30, Present = 27, Absent = 3, QuorumMet = true,
                HeldAt = new DateTimeOffset(day.ToDateTime(new TimeOnly(14, 30)), TimeSpan.FromHours(8)).AddSeconds(second++).ToUniversalTime(), CreatedAt = DateTimeOffset.UtcNow,
            });
            foreach (var name in new[] { "一采区党支部", "二采区党支部" })
            {
                var branch = Named(name);
                var groups = orgs.Where(o => o.ParentId == branch.Id && o.Type == OrgType.党小组).ToList();
                foreach (var month in q.Months)
                {
                    Held(branch, MeetingKinds.支部委员会 | MeetingKinds.主题党日, month.Start.AddDays(9));
                    foreach (var g in groups) Held(g, MeetingKinds.党小组会, month.Start.AddDays(11));
                }
                Held(branch, MeetingKinds.支部党员大会 | MeetingKinds.党课, q.Months[1].Start.AddDays(19));
            }
            foreach (var month in q.Months) Held(Named("选矿车间党支部"), MeetingKinds.支部委员会, month.Start.AddDays(9));
            // whatever the demo data holds, 选矿车间 did not hold its 支部党员大会 that quarter (the demo's are called off)
            var mill = Named("选矿车间党支部").Id;
            var from = new DateTimeOffset(q.Start.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime(); // Npgsql writes timestamptz only from UTC
            var to = new DateTimeOffset(q.End.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();
            foreach (var m in await db.Set<Meeting>().Where(m => m.OrgId == mill && m.HeldAt >= from && m.HeldAt < to && m.State == MeetingState.已召开
                                                               && (m.Kinds & MeetingKinds.支部党员大会) != 0).ToListAsync())
                m.State = MeetingState.已取消;
            await db.SaveChangesAsync();
        }
        finally
        {
            Once.Release();
        }
    }

    private async Task ReadFromTheGroupDownToABranchAsync(Journey j, int width)
    {
        await RecordMeetingsAsync();
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "org");
        var step = 0;
        async Task Look(string name)
        {
            if (j.Screen == Screen.Phone)
                (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(width + 1, $"{name} scrolls sideways on a phone");
            await j.ScreenshotAsync(page, $"{++step}-{name}");
        }

        // the dashboard card leads to the rollup
        var card = page.Locator("#compliance-card");
        await Expect(card).ToContainTextAsync("组织生活达标情况");
        await Expect(card.Locator("#compliance-counts")).ToContainTextAsync("党支部");
        // the rate is over the quarter's own items, with its denominator; yearly items are progress beside it
        await Expect(card.Locator("#compliance-rate")).ToContainTextAsync("季度项目达标率");
        await Expect(card.Locator("#compliance-rate")).ToContainTextAsync("/");
        await Look("dashboard");
        await page.NavigatesByAsync(() => card.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "查看详情" }).ClickAsync());

        // the current quarter: cards, chart, children
        var rollup = new CompliancePage(page);
        await Expect(rollup.Scope).ToContainTextAsync("集团公司党委");
        await Expect(rollup.Summary).ToContainTextAsync("应考核支部");
        await Expect(rollup.Summary).ToContainTextAsync("季度项目达标率");
        await Expect(page.Locator("#as-of")).ToContainTextAsync("截至");
        await Expect(rollup.Children).ToContainTextAsync("矿业公司党委");
        await Expect(rollup.Children).ToContainTextAsync("机关党委");
        await Expect(rollup.ChartCanvas).ToBeVisibleAsync();
        await Look("group-current");

        // the previous quarter, where two branches held everything
        var q = PreviousQuarter;
        await page.NavigatesByAsync(() => page.GotoAsync($"{CompliancePage.Path}?period={q.Code}"));
        await Expect(rollup.Scope).ToContainTextAsync(q.Label);
        await Expect(rollup.Period).ToHaveValueAsync(q.Code);
        (await rollup.InkedPixelsAsync()).ShouldBeGreaterThan(500, "the compliance bar chart is blank");
        await Expect(rollup.Gaps).ToContainTextAsync("选矿车间党支部");
        await Look("group-previous");

        // drill down: 矿业公司党委 → 采矿党总支 → 一采区党支部
        await page.NavigatesByAsync(() => rollup.ChildLink("矿业公司党委").ClickAsync());
        await Expect(rollup.Scope).ToContainTextAsync("矿业公司党委");
        await Expect(rollup.Children).ToContainTextAsync("采矿党总支");
        await Look("mining");
        await page.NavigatesByAsync(() => rollup.ChildLink("采矿党总支").ClickAsync());
        await Expect(rollup.Scope).ToContainTextAsync("采矿党总支");
        // a fourth quarter's yearly 组织生活会, 民主评议 and 谈心谈话 are progress apart: the quarter's rate is its own items'
        var mine = rollup.Children.Locator("tr", new() { HasText = "一采区党支部" });
        await Expect(mine.Locator("td.rate")).ToHaveTextAsync("100% (1/1)");
        await Look("general-branch");
        await page.NavigatesByAsync(() => rollup.ChildLink("一采区党支部").ClickAsync());
        var branch = new ComplianceBranchPage(page);
        await Expect(branch.Name).ToHaveTextAsync("一采区党支部");
        new Uri(page.Url).AbsolutePath.ShouldStartWith("/Compliance/Branch/");
        await Expect(branch.Rules).ToContainTextAsync("支部委员会");
        await Expect(branch.Meetings).ToContainTextAsync(Topic);
        await Expect(branch.Status).ToHaveTextAsync("达标");
        await Look("branch");

        // a branch that missed things lists them in plain Chinese
        await page.NavigatesByAsync(() => page.GoBackAsync());
        await page.NavigatesByAsync(() => rollup.ChildLink("选矿车间党支部").ClickAsync());
        await Expect(branch.Status).ToHaveTextAsync("未达标");
        await Expect(branch.Gaps).ToContainTextAsync("支部党员大会");
        await Look("failing-branch");

        // a branch's own dashboard: its 党小组 with their members, no 党委 / 党总支 tile
        var pit = await BranchIdAsync("一采区党支部");
        await page.NavigatesByAsync(() => page.GotoAsync($"/?org={pit}"));
        await Expect(page.Locator("#stats")).Not.ToContainTextAsync("党委 / 党总支");
        await Expect(page.Locator("#groups-card")).ToContainTextAsync("第一党小组");
        await Expect(page.Locator("#groups-card")).ToContainTextAsync("未编入党小组");
        await Look("branch-dashboard");

        // rules and exemptions
        await page.NavigatesByAsync(() => page.GotoAsync(ComplianceRulesPage.Path));
        var rules = new ComplianceRulesPage(page);
        await Expect(rules.InEffect).ToContainTextAsync("主题党日");
        await Expect(rules.AddRule).ToBeVisibleAsync();
        await Expect(rules.AddExemption).ToBeVisibleAsync();
        await Look("rules");
    }

    private async Task<long> BranchIdAsync(string name)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).FirstAsync();
    }

    [Fact]
    public Task A_committee_admin_reads_compliance_from_the_group_down_to_a_branch() =>
        JourneyAsync(j => ReadFromTheGroupDownToABranchAsync(j, 1366));

    [Fact]
    public Task On_a_phone_the_compliance_pages_fit() =>
        JourneyAsync(j => ReadFromTheGroupDownToABranchAsync(j, PhoneWidth), Screen.Phone);
}
