using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>组织关系转接: what waits for the current organization's subtree to receive, what it sent, and who left with a letter.</summary>
[Require(Permission.MemberRead)]
public sealed class IndexModel(AppDbContext db, UserContext user, TimeProvider clock) : PageModel
{
    /// <summary>in (待我方接收) | out (我方发出) | outward (已转出)</summary>
    [BindProperty(SupportsGet = true)] public string? Tab { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public long? Accepted { get; set; }
    [BindProperty(SupportsGet = true)] public long? Rejected { get; set; }
    [BindProperty(SupportsGet = true)] public long? Started { get; set; }
    [BindProperty(SupportsGet = true)] public long? Cancelled { get; set; }

    public Organization Org => user.CurrentOrg!;
    public IReadOnlyList<ListTransfers.Row> Rows { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;
    public int IncomingCount { get; private set; }
    public int LongWaitingCount { get; private set; }
    public bool CanManage { get; private set; }
    public string? Message { get; private set; }
    public long? MessageMemberId { get; private set; }
    public DateOnly Today => clock.Today();

    public ListTransfers.View View => Tab switch
    {
        "out" => ListTransfers.View.Outgoing,
        "outward" => ListTransfers.View.Outward,
        _ => ListTransfers.View.Incoming,
    };

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        CanManage = await user.HasAsync(Permission.MemberManage, Org, ct);
        var incoming = ListTransfers.Query(db, Org, ListTransfers.View.Incoming);
        IncomingCount = await incoming.CountAsync(ct);
        LongWaitingCount = (await incoming.Select(t => t.CreatedAt).ToListAsync(ct)).Count(c => TransferRules.IsLongWaiting(TransferRules.DaysWaiting(c, Today)));

        var q = ListTransfers.Query(db, Org, View);
        // waiting ones first (oldest first: the longest waits on top), then the rest newest first
        q = View == ListTransfers.View.Incoming ? q.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            : q.OrderBy(t => t.State == TransferState.待接收 ? 0 : 1).ThenByDescending(t => t.Id);
        Pager = new Pager(PageNo, 20, await q.CountAsync(ct), Request.Query);
        Rows = await ListTransfers.RowsAsync(db, q.Skip(Pager.Skip).Take(Pager.Size), Today, ct);
        await MessageAsync(ct);
    }

    private async Task MessageAsync(CancellationToken ct)
    {
        var id = Accepted ?? Rejected ?? Started ?? Cancelled;
        if (id is null) return;
        var t = await db.MemberTransfers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (t is null) return;
        // only about transfers this organization may see
        var visible = await ListTransfers.Query(db, Org, ListTransfers.View.All).AnyAsync(x => x.Id == t.Id, ct);
        if (!visible) return;
        var name = await db.Members.AsNoTracking().Where(m => m.Id == t.MemberId).Select(m => m.Name).FirstAsync(ct);
        Message = Accepted is not null && t.State == TransferState.已接收 ? $"已接收{name}的组织关系，现属{t.ToOrgName}。"
            : Rejected is not null && t.State == TransferState.已退回 ? $"已退回{name}的组织关系转接。"
            : Started is not null && t.State == TransferState.待接收 ? $"已发起{name}的组织关系转接，等待{t.ToOrgName}接收。"
            : Cancelled is not null && t.State == TransferState.已撤销 ? $"已撤销{name}的组织关系转接。"
            : null;
        MessageMemberId = Accepted is not null ? t.MemberId : null;
    }

    public string TabLink(string tab)
    {
        var parts = new List<string>();
        if (Request.Query.TryGetValue("org", out var org) && !string.IsNullOrEmpty(org)) parts.Add("org=" + Uri.EscapeDataString(org.ToString()));
        parts.Add("tab=" + tab);
        return "/Transfers?" + string.Join("&", parts);
    }
}
