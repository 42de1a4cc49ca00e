using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Compliance;
using Bastion.Features.Organizations;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dashboard;

/// <summary>The landing page: key figures and the organization tree of the organization in scope.</summary>
[Require(Permission.DashboardView)]
public sealed class IndexModel(AppDbContext db, UserContext user, ComplianceEngine compliance, TimeProvider clock) : PageModel
{
    /// <summary>台账 figures of the organization's subtree (open, overdue, due in 7 days, closed this year) and the caller's own to-dos.</summary>
    public sealed record LedgerFigures(int Open, int Overdue, int DueSoon, int ClosedThisYear, int MyTodo);

    /// <summary>Null without LedgerRead on the organization.</summary>
    public LedgerFigures? Ledger { get; private set; }

    public sealed record Group(long Id, string Name, int Members);

    public Organization Root { get; private set; } = null!;
    /// <summary>A branch's own dashboard: its 党小组 and members rather than 党委 / 党总支 and branches.</summary>
    public bool IsBranch { get; private set; }
    /// <summary>The branch's 党小组 with their members (a branch's dashboard).</summary>
    public IReadOnlyList<Group> Groups { get; private set; } = [];
    /// <summary>Members kept on the branch itself, in none of its 党小组.</summary>
    public int Ungrouped { get; private set; }
    /// <summary>When the figures were read.</summary>
    public DateTimeOffset AsOf { get; private set; }
    public int Committees { get; private set; }
    public int Branches { get; private set; }
    public int Members { get; private set; }
    public int Probationary { get; private set; }
    public string TreeJson { get; private set; } = "{}";
    public string BarJson { get; private set; } = "{}";
    /// <summary>The current quarter's 组织生活达标 totals of the organization (null without ComplianceRead on it).</summary>
    public ComplianceTally? Compliance { get; private set; }
    public Period CompliancePeriod { get; private set; }
    /// <summary>Pending 请假申请 of the subtree (null without MeetingManage on the organization).</summary>
    public int? PendingLeave { get; private set; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default,
    };

    /// <summary>No organization in scope: a fresh install before 首次设置, or an account without a role.</summary>
    public bool NoOrganization { get; private set; }
    /// <summary>The 系统管理员, who may do the 首次设置.</summary>
    public bool CanSetUp { get; private set; }

    public async Task OnGetAsync()
    {
        if (user.CurrentOrg is null)
        {
            NoOrganization = true;
            CanSetUp = await user.HasAsync(Permission.AccountManage, null, HttpContext.RequestAborted);
            return;
        }
        Root = user.CurrentOrg;
        var ct = HttpContext.RequestAborted;
        var tree = await ListOrganizations.TreeAsync(db, Root, ct);
        Committees = tree.Count(n => n.Type is nameof(OrgType.党委) or nameof(OrgType.党总支));
        Branches = tree.Count(n => n.Type is nameof(OrgType.党支部) or nameof(OrgType.联合党支部) or nameof(OrgType.临时党支部));
        AsOf = clock.GetUtcNow();
        // the tree counts members as the member list does (Members.MemberQuery.OnRoll): a figure here equals its list
        Members = tree.Count > 0 ? tree[0].SubtreeMembers : 0;
        var ids = tree.Select(n => n.Id).ToList();
        Probationary = await Features.Members.MemberQuery.OnRoll(db).CountAsync(m => ids.Contains(m.OrgId) && m.Category == MemberCategory.预备党员, ct);
        IsBranch = OrgRules.IsBranch(Root.Type);
        if (IsBranch && tree.Count > 0)
        {
            Groups = tree.Where(n => n.ParentId == Root.Id && n.Type == nameof(OrgType.党小组)).Select(n => new Group(n.Id, n.Name, n.SubtreeMembers)).ToList();
            Ungrouped = tree[0].Members;
        }

        object ToNode(ListOrganizations.Node n) => new
        {
            name = n.Name,
            value = n.SubtreeMembers,
            type = n.Type,
            id = n.Id,
            children = tree.Where(c => c.ParentId == n.Id && c.Type != nameof(OrgType.党小组)).Select(ToNode).ToList(),
        };
        TreeJson = tree.Count > 0 ? JsonSerializer.Serialize(ToNode(tree[0]), Json) : "{}";
        var children = tree.Where(n => tree.Count > 0 && n.ParentId == tree[0].Id).ToList();
        BarJson = JsonSerializer.Serialize(new { names = children.Select(c => c.Name), values = children.Select(c => c.SubtreeMembers) }, Json);

        if (await user.HasAsync(Permission.LedgerRead, Root, ct))
        {
            var today = ChineseDates.DayOf(clock.GetUtcNow());
            var yearStart = new DateTimeOffset(today.Year, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
            var orgIds = db.UnderOrg(Root).Select(o => o.Id);
            var week = today.AddDays(7);
            // the subtree's four figures in one pass over its items
            var f = await db.Set<LedgerItem>().Where(i => orgIds.Contains(i.OrgId)).GroupBy(_ => 1).Select(g => new
            {
                Open = g.Count(i => i.State != LedgerState.已销号),
                Overdue = g.Count(i => i.State != LedgerState.已销号 && i.Deadline < today),
                DueSoon = g.Count(i => i.State != LedgerState.已销号 && i.Deadline >= today && i.Deadline <= week),
                Closed = g.Count(i => i.State == LedgerState.已销号 && i.ClosedAt >= yearStart),
            }).SingleOrDefaultAsync(ct); // one group at most (Single: EF warns of First without OrderBy)
            var me = user.UserId ?? 0;
            Ledger = new LedgerFigures(f?.Open ?? 0, f?.Overdue ?? 0, f?.DueSoon ?? 0, f?.Closed ?? 0,
                await db.Set<LedgerItem>().CountAsync(i => (i.OwnerUserId == me && i.State != LedgerState.已销号 && i.State != LedgerState.申请销号)
                                                          || (i.VerifierUserId == me && i.State == LedgerState.申请销号), ct));
        }

        if (await user.HasAsync(Permission.MeetingManage, Root, ct))
            PendingLeave = await CheckIn.ListLeaveRequests.PendingCountAsync(db, Root, ct);

        CompliancePeriod = Period.Containing(PeriodUnit.季, ComplianceEngine.Today());
        if (await user.HasAsync(Permission.ComplianceRead, Root, ct))
            Compliance = (await compliance.RollupAsync(Root, CompliancePeriod, ct)).Tally;
    }
}
