using Bastion.Domain;
using Bastion.IntegrationTests.Infrastructure;

namespace Bastion.IntegrationTests.Features;

/// <summary>The dashboard's 台账 card: the organization's open, overdue, due-soon and closed items, and the caller's own to-dos.</summary>
public sealed class DashboardLedgerTests(AppFactory app) : AppTest(app)
{
    [Fact]
    public async Task The_dashboard_counts_the_subtrees_ledger_items_and_the_callers_to_dos()
    {
        var now = App.Clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var owner = World.UserIds["branchsec"];
        var verifier = World.UserIds["insp"];
        await App.WithDbAsync(async db =>
        {
            void Item(Organization org, string title, LedgerState state, int days, long ownerId)
            {
                var d = today.AddDays(days);
                db.Add(new LedgerItem
                {
                    OrgId = org.Id, Source = LedgerSource.任务清单, Title = title, Deadline = d, OriginalDeadline = d, OwnerUserId = ownerId, OwnerName = "甲",
                    VerifierUserId = verifier, VerifierName = "乙", WorkStandard = "完成", AssessingDepartment = "组织部", State = state, CreatedAt = now.AddDays(-30),
                    ClosedAt = state == LedgerState.已销号 ? now : null,
                });
            }
            Item(World.A1, "逾期事项", LedgerState.办理中, -2, owner);
            Item(World.A1, "七日内到期", LedgerState.待办, 3, owner);
            Item(World.A, "远期事项", LedgerState.申请销号, 40, World.UserIds["orgadmin"]);
            Item(World.A1, "已办结", LedgerState.已销号, -5, owner);
            Item(World.B1, "乙公司事项", LedgerState.办理中, -9, owner); // outside A's subtree
            await db.SaveChangesAsync();
            return 0;
        });

        var page = await (await App.SignedInAsync("branchsec")).GetStringAsync($"/?org={World.A.Id}");
        page.ShouldContain("id=\"ledger-card\"");
        page.ShouldContain("在办事项 <strong>3</strong> 项");
        page.ShouldContain("已逾期 1<");
        page.ShouldContain("7日内到期 1<");
        page.ShouldContain("今年已销号 1 项");
        page.ShouldContain("我的待办 3<"); // own open items anywhere, B1's included; the one awaiting verification is not a to-do of hers

        (await (await App.SignedInAsync("insp")).GetStringAsync($"/?org={World.A.Id}")).ShouldContain("我的待办 1<"); // to verify

        // a member holds no LedgerRead: no card
        (await (await App.SignedInAsync("mem")).GetStringAsync("/")).ShouldNotContain("id=\"ledger-card\"");
    }
}
