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
/// The inspection office reads 整改与回头看: the dashboard of rounds in progress and completion rates, one inspected
/// organization's plan, and its documents, on a desktop and on a phone. Setup seeds one round with two inspected
/// organizations, findings and rectification items in known states (the other helpers' handlers are not used).
/// </summary>
public sealed class RectificationJourneys(E2EFixture app) : JourneyTest(app)
{
    private const string RoundName = "整改旅程测试巡察";
    private static readonly SemaphoreSlim Once = new(1, 1);

    private async Task SeedAsync()
    {
        await Once.WaitAsync();
        try
        {
            using var scope = App.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "e2e");
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await db.Set<InspectionRound>().AnyAsync(r => r.Name == RoundName)) return;
            var now = DateTimeOffset.UtcNow;
            var today = TimeProvider.System.Today();
            var users = await db.Users.AsNoTracking().Where(u => u.UserName == "inspector" || u.UserName == "secretary").ToDictionaryAsync(u => u.UserName!, u => u.Id);
            var pit = await db.RoleGrants.AsNoTracking().Where(g => g.UserId == users["secretary"]).Select(g => g.OrgId!.Value).FirstAsync();
            var root = await db.Organizations.AsNoTracking().Where(o => o.ParentId == null).OrderBy(o => o.Id).FirstAsync();
            var mining = await db.Organizations.AsNoTracking().FirstAsync(o => o.Name == "矿业公司党委");
            var round = new InspectionRound { OrgId = root.Id, Name = RoundName, Year = today.Year, StartsOn = today.AddDays(-80), EndsOn = today.AddDays(-50), CreatedAt = now };
            db.Add(round);
            await db.SaveChangesAsync();
            var tPit = new InspectionTarget { RoundId = round.Id, OrgId = pit, Phase = InspectionPhase.整改, PhaseChangedAt = now, FeedbackAt = now.AddDays(-40), CreatedAt = now };
            var tMining = new InspectionTarget { RoundId = round.Id, OrgId = mining.Id, Phase = InspectionPhase.回头看, PhaseChangedAt = now, FeedbackAt = now.AddDays(-40), CreatedAt = now };
            db.AddRange(tPit, tMining);
            await db.SaveChangesAsync();
            var specs = new (InspectionTarget T, FindingCategory C, string Title, string Expr, LedgerState[] States)[]
            {
                (tPit, FindingCategory.理论路线落实, "学习贯彻上级决策部署不深入", "党组织政治领导力、组织力、影响力和战斗力方面存在的问题", [LedgerState.已销号, LedgerState.申请销号]),
                (tPit, FindingCategory.从严治党落实, "财务报销把关不严", "严格管理、严格教育、严格监督方面的问题", [LedgerState.办理中]),
                (tPit, FindingCategory.组织路线落实, "三会一课记录不规范", "基层党组织建设存在薄弱环节", [LedgerState.已销号, LedgerState.待办]),
                (tMining, FindingCategory.整改落实, "上轮巡察问题整改不彻底", "巡察整改主体责任落实不到位", [LedgerState.已销号, LedgerState.已销号, LedgerState.办理中]),
            };
            var n = 0;
            foreach (var s in specs)
            {
                var f = new InspectionFinding { RoundId = round.Id, TargetId = s.T.Id, OrgId = s.T.OrgId, Category = s.C, Title = s.Title, Facts = s.Title + "（旅程测试）", Expression = s.Expr, State = FindingState.已定稿, CreatedAt = now };
                db.Add(f);
                await db.SaveChangesAsync();
                foreach (var st in s.States)
                {
                    var deadline = today.AddDays(++n % 3 == 0 ? -5 : 20 + n);
                    db.Add(new LedgerItem
                    {
                        OrgId = s.T.OrgId, Source = LedgerSource.整改, FindingId = f.Id, RoundId = round.Id, Title = $"{s.Title}整改任务{n}", Deadline = deadline, OriginalDeadline = deadline,
                        OwnerUserId = users["secretary"], OwnerName = "支部书记", VerifierUserId = users["inspector"], VerifierName = "集团巡察办", WorkStandard = "整改到位",
                        AssessingDepartment = "巡察办", State = st, CreatedAt = now, ClosedAt = st == LedgerState.已销号 ? now : null,
                    });
                }
            }
            await db.SaveChangesAsync();
        }
        finally { Once.Release(); }
    }

    private async Task ReadTheRectificationAsync(Journey j, int width)
    {
        await SeedAsync();
        var page = await LoginPage.SignInAsAsync(await j.NewSessionAsync(), "inspector");
        var step = 0;
        async Task Look(string name)
        {
            if (j.Screen == Screen.Phone)
                (await page.ScrollWidthAsync()).ShouldBeLessThanOrEqualTo(width + 1, $"{name} scrolls sideways on a phone");
            await j.ScreenshotAsync(page, $"{++step}-{name}");
        }

        await page.NavigatesByAsync(() => page.GotoAsync(RectificationPage.Path));
        var dash = new RectificationPage(page);
        await Expect(dash.Rounds).ToContainTextAsync(RoundName);
        await Expect(dash.Rounds).ToContainTextAsync("矿业公司党委");
        await Expect(dash.ByCategory).ToContainTextAsync("全面从严治党战略部署落实情况");
        await Expect(dash.ChartCanvas).ToBeVisibleAsync();
        (await dash.InkedPixelsAsync()).ShouldBeGreaterThan(500, "the rectification bar chart is blank");
        await Look("dashboard");

        await page.NavigatesByAsync(() => dash.PlanLink("矿业公司党委").First.ClickAsync());
        var plan = new RectificationPlanPage(page);
        await Expect(plan.Name).ToContainTextAsync("矿业公司党委");
        await Expect(plan.Rate).ToHaveTextAsync("66.7%");
        await Look("plan");

        await page.NavigatesByAsync(() => plan.Documents.ClickAsync());
        var docs = new InspectionDocumentsPage(page);
        await Expect(docs.Table).ToContainTextAsync("巡察报告（完整版，含问题线索）");
        await Look("documents");
    }

    [Fact]
    public Task The_inspection_office_reads_rectification_rates_and_one_plan() =>
        JourneyAsync(j => ReadTheRectificationAsync(j, 1366));

    [Fact]
    public Task On_a_phone_the_rectification_pages_fit() =>
        JourneyAsync(j => ReadTheRectificationAsync(j, 375), Screen.Phone);
}
