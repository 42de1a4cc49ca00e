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
public sealed class IndexModel(AppDbContext db, UserContext user, ComplianceEngine compliance, TimeProvider clock, DashboardCache cache) : PageModel
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
        var sections = (await user.HasAsync(Permission.LedgerRead, Root, ct) ? DashboardCache.Sections.Ledger : 0)
                       | (await user.HasAsync(Permission.MeetingManage, Root, ct) ? DashboardCache.Sections.Leave : 0)
                       | (await user.HasAsync(Permission.ComplianceRead, Root, ct) ? DashboardCache.Sections.Compliance : 0);
        CompliancePeriod = Period.Containing(PeriodUnit.季, clock.Today());
        // the organization's figures are the same for every viewer with these sections until something is written:
        // computed once per database snapshot (issue 12: 100 connections on the dashboard), see DashboardCache
        var root = Root;
        var f = await cache.GetAsync(db, root, sections, CompliancePeriod, () => ComputeAsync(db, root, sections, CompliancePeriod), ct);
        (AsOf, Committees, Branches, Members, Probationary, IsBranch, Groups, Ungrouped, TreeJson, BarJson, PendingLeave, Compliance) =
            (f.AsOf, f.Committees, f.Branches, f.Members, f.Probationary, f.IsBranch, f.Groups, f.Ungrouped, f.TreeJson, f.BarJson, f.PendingLeave, f.Compliance);
        if (f.Ledger is { } l)
        {
            // the caller's own to-dos, wherever the items are
            var me = user.UserId ?? 0;
            Ledger = new LedgerFigures(l.Open, l.Overdue, l.DueSoon, l.ClosedThisYear,
                await db.Set<LedgerItem>().CountAsync(i => (i.OwnerUserId == me && i.State != LedgerState.已销号 && i.State != LedgerState.申请销号)
                                                          || (i.VerifierUserId == me && i.State == LedgerState.申请销号), ct));
        }
    }

    /// <summary>What the dashboard shows of an organization (the caller's own to-dos apart).</summary>
    public sealed record Figures(DateTimeOffset AsOf, int Committees, int Branches, int Members, int Probationary, bool IsBranch,
        IReadOnlyList<Group> Groups, int Ungrouped, string TreeJson, string BarJson, LedgerFigures? Ledger, int? PendingLeave, ComplianceTally? Compliance);

    private async Task<Figures> ComputeAsync(AppDbContext db, Organization root, DashboardCache.Sections sections, Period period)
    {
        // shared by the requests that wait for it: not cancelled when the request that started it goes away
        var ct = CancellationToken.None;
        var tree = await ListOrganizations.TreeAsync(db, root, ct);
        var committees = tree.Count(n => n.Type is nameof(OrgType.党委) or nameof(OrgType.党总支));
        var branches = tree.Count(n => n.Type is nameof(OrgType.党支部) or nameof(OrgType.联合党支部) or nameof(OrgType.临时党支部));
        var asOf = clock.GetUtcNow();
        // the tree counts members as the member list does (Members.MemberQuery.OnRoll): a figure here equals its list
        var members = tree.Count > 0 ? tree[0].SubtreeMembers : 0;
        var ids = tree.Select(n => n.Id).ToList();
        var probationary = await Features.Members.MemberQuery.OnRoll(db).CountAsync(m => ids.Contains(m.OrgId) && m.Category == MemberCategory.预备党员, ct);
        var isBranch = OrgRules.IsBranch(root.Type);
        IReadOnlyList<Group> groups = [];
        var ungrouped = 0;
        if (isBranch && tree.Count > 0)
        {
            groups = tree.Where(n => n.ParentId == root.Id && n.Type == nameof(OrgType.党小组)).Select(n => new Group(n.Id, n.Name, n.SubtreeMembers)).ToList();
            ungrouped = tree[0].Members;
        }

        object ToNode(ListOrganizations.Node n) => new
        {
            name = n.Name,
            value = n.SubtreeMembers,
            type = n.Type,
            id = n.Id,
            children = tree.Where(c => c.ParentId == n.Id && c.Type != nameof(OrgType.党小组)).Select(ToNode).ToList(),
        };
        var treeJson = tree.Count > 0 ? JsonSerializer.Serialize(ToNode(tree[0]), Json) : "{}";
        var children = tree.Where(n => tree.Count > 0 && n.ParentId == tree[0].Id).ToList();
        var barJson = JsonSerializer.Serialize(new { names = children.Select(c => c.Name), values = children.Select(c => c.SubtreeMembers) }, Json);

        LedgerFigures? ledger = null;
        if (sections.HasFlag(DashboardCache.Sections.Ledger))
        {
            var today = ChineseDates.DayOf(clock.GetUtcNow());
            var yearStart = new DateTimeOffset(today.Year, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
            var orgIds = db.UnderOrg(root).Select(o => o.Id);
            var week = today.AddDays(7);
            // the subtree's four figures in one pass over its items
            var f = await db.Set<LedgerItem>().Where(i => orgIds.Contains(i.OrgId)).GroupBy(_ => 1).Select(g => new
            {
                Open = g.Count(i => i.State != LedgerState.已销号),
                Overdue = g.Count(i => i.State != LedgerState.已销号 && i.Deadline < today),
                DueSoon = g.Count(i => i.State != LedgerState.已销号 && i.Deadline >= today && i.Deadline <= week),
                Closed = g.Count(i => i.State == LedgerState.已销号 && i.ClosedAt >= yearStart),
            }).SingleOrDefaultAsync(ct); // one group at most (Single: EF warns of First without OrderBy)
            ledger = new LedgerFigures(f?.Open ?? 0, f?.Overdue ?? 0, f?.DueSoon ?? 0, f?.Closed ?? 0, 0);
        }

        int? pendingLeave = sections.HasFlag(DashboardCache.Sections.Leave) ? await CheckIn.ListLeaveRequests.PendingCountAsync(db, root, ct) : null;
        var tally = sections.HasFlag(DashboardCache.Sections.Compliance) ? (await compliance.RollupAsync(root, period, ct)).Tally : null;
        return new Figures(asOf, committees, branches, members, probationary, isBranch, groups, ungrouped, treeJson, barJson, ledger, pendingLeave, tally);
    }
}
