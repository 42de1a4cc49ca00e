using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Ledger;

/// <summary>逾期督办: the overdue items of the organization's subtree, grouped by the superior organization they are escalated to, level by level.</summary>
[Require(Permission.LedgerRead)]
public sealed class EscalationsModel(AppDbContext db, UserContext user, TimeProvider clock) : PageModel
{
    public sealed record Group(long SuperiorId, string SuperiorName, int Level, IReadOnlyList<ListLedgerItems.Row> Items);

    public Organization Root => user.CurrentOrg!;
    public IReadOnlyList<Group> Groups { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var today = ChineseDates.DayOf(clock.GetUtcNow());
        var q = ListLedgerItems.Query(db, db.Set<LedgerItem>().AsNoTracking(), new ListLedgerItems.Filter(Root, Overdue: true), today, 0);
        var rows = await ListLedgerItems.RowsAsync(db, ListLedgerItems.Ordered(q).Take(2000), today, ct);
        Total = rows.Count;
        var orgIds = rows.Select(r => r.OrgId).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var superiorIds = orgs.Values.Select(o => o.ParentId ?? o.Id).Distinct().ToList();
        var superiors = await db.Organizations.AsNoTracking().Where(o => superiorIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        Groups = rows.GroupBy(r => orgs[r.OrgId].ParentId ?? r.OrgId)
            .Select(g => new Group(g.Key, superiors[g.Key].Name, superiors[g.Key].Path.Count(ch => ch == '.') + 1,
                g.OrderByDescending(r => r.DaysOverdue).ToList()))
            .OrderBy(g => g.Level).ThenBy(g => superiors[g.SuperiorId].Path, StringComparer.Ordinal).ToList();
    }
}
