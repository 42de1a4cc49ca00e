using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Transfers;

/// <summary>
/// Transfers seen from one organization's subtree: those it sent or keeps (转出, 转入) and those waiting for it
/// to receive, with days waiting and the >30-day flag; letters with their 回执 state.
/// </summary>
public static class ListTransfers
{
    /// <summary>Which side of the organization a list shows.</summary>
    public enum View
    {
        /// <summary>系统内, waiting for an organization of the subtree.</summary>
        Incoming,
        /// <summary>系统内, sent by an organization of the subtree (every state).</summary>
        Outgoing,
        /// <summary>转出 with a letter (already out, and voided letters).</summary>
        Outward,
        /// <summary>转入 registered in the subtree.</summary>
        Inward,
        /// <summary>Either side (the API's default).</summary>
        All,
    }

    public sealed record Row(
        long Id, TransferKind Kind, TransferState State, long MemberId, string MemberName, long OrgId, long? ToOrgId,
        string FromOrgName, string ToOrgName, string? Reason, DateTimeOffset CreatedAt, string? CreatedBy,
        DateTimeOffset? DecidedAt, string? DecidedBy, string? DecisionNote, int DaysWaiting, bool LongWaiting,
        string? LetterNo, DateOnly? LetterDate, DateOnly? ValidUntil, DateOnly? DuesPaidTo, DateOnly? ReceiptReturnedOn, bool ReceiptOverdue,
        /// <summary>转出: the member came back to the platform with an inward letter; the letter is closed (no 回执 chased, no 作废).</summary>
        bool Returned);

    /// <summary>The API's item.</summary>
    public sealed record Item(
        long Id, string Kind, string State, long MemberId, string MemberName, string FromOrgName, long? ToOrgId, string ToOrgName,
        string? Reason, DateTimeOffset CreatedAt, int DaysWaiting, bool LongWaiting, string? DecisionNote,
        string? LetterNo, DateOnly? LetterDate, DateOnly? ValidUntil, string? DuesPaidTo, DateOnly? ReceiptReturnedOn, bool ReceiptOverdue);

    public sealed record ListResponse(int Total, int Page, int PageSize, IReadOnlyList<Item> Items);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/transfers", async (string? state, string? view, int? page, int? pageSize, UserContext user, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
                (await PageAsync(db, user.CurrentOrg!, state, view, page, pageSize, clock.Today(), ct)).ToHttp())
           .Require(Permission.MemberRead)
           .WithSummary("组织关系转接（?org= 组织及其下级；view=Incoming 待接收、Outgoing 发出、Outward 转出、Inward 转入，默认两侧全部；state= 待接收、已接收、已退回、已撤销、已转出、已转入）")
           .Produces<ListResponse>();

    /// <summary>One page of the API's list: a view (default both sides) and optionally one state; an unknown state is Invalid.</summary>
    public static async Task<Result<ListResponse>> PageAsync(AppDbContext db, Organization org, string? state, string? view, int? page, int? pageSize,
        DateOnly today, CancellationToken ct)
    {
        var v = Enum.TryParse<View>(view, true, out var parsed) && !int.TryParse(view, out _) ? parsed : View.All;
        var q = Query(db, org, v);
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!Enum.TryParse<TransferState>(state.Trim(), out var s) || int.TryParse(state, out _))
                return Result.Invalid("state", $"状态不正确，可选：{string.Join("、", Enum.GetNames<TransferState>())}");
            q = q.Where(t => t.State == s);
        }
        var total = await q.CountAsync(ct);
        var w = Pager.Window(page, pageSize, total);
        var rows = await RowsAsync(db, q.OrderByDescending(t => t.Id).Skip(w.Skip).Take(w.Size), today, ct);
        return new ListResponse(total, w.Page, w.Size, rows.Select(ToItem).ToList());
    }

    /// <summary>The transfers of one view, through the subtree filter of an (already authorized) organization.</summary>
    public static IQueryable<MemberTransfer> Query(AppDbContext db, Organization org, View view)
    {
        var orgIds = db.UnderOrg(org).Select(o => o.Id);
        var all = db.MemberTransfers.AsNoTracking();
        return view switch
        {
            View.Incoming => all.Where(t => t.Kind == TransferKind.系统内 && t.State == TransferState.待接收 && t.ToOrgId != null && orgIds.Contains(t.ToOrgId.Value)),
            View.Outgoing => all.Where(t => t.Kind == TransferKind.系统内 && orgIds.Contains(t.OrgId)),
            View.Outward => all.Where(t => t.Kind == TransferKind.转出 && orgIds.Contains(t.OrgId)),
            View.Inward => all.Where(t => t.Kind == TransferKind.转入 && orgIds.Contains(t.OrgId)),
            _ => all.Where(t => orgIds.Contains(t.OrgId) || (t.ToOrgId != null && orgIds.Contains(t.ToOrgId.Value))),
        };
    }

    public static async Task<List<Row>> RowsAsync(AppDbContext db, IQueryable<MemberTransfer> q, DateOnly today, CancellationToken ct)
    {
        // a correlated name lookup keeps the query's own order
        var rows = await q.Select(t => new { t, Name = db.Members.Where(m => m.Id == t.MemberId).Select(m => m.Name).First() }).ToListAsync(ct);
        return rows.Select(r => ToRow(r.t, r.Name, today)).ToList();
    }

    public static Row ToRow(MemberTransfer t, string memberName, DateOnly today)
    {
        var waiting = TransferRules.DaysWaiting(t.CreatedAt, today);
        var validUntil = t.Kind == TransferKind.转出 && t.LetterDate is { } ld && t.ValidDays is { } vd ? TransferRules.ValidUntil(ld, vd) : (DateOnly?)null;
        var overdue = t.Kind == TransferKind.转出 && t.State == TransferState.已转出 && t.LetterDate is { } l && t.ValidDays is { } v
                      && t.ReturnedTransferId == null && TransferRules.IsReceiptOverdue(l, v, t.ReceiptReturnedOn, today);
        return new Row(t.Id, t.Kind, t.State, t.MemberId, memberName, t.OrgId, t.ToOrgId, t.FromOrgName, t.ToOrgName, t.Reason, t.CreatedAt, t.CreatedBy,
            t.DecidedAt, t.DecidedBy, t.DecisionNote, t.State == TransferState.待接收 ? waiting : 0,
            t.State == TransferState.待接收 && TransferRules.IsLongWaiting(waiting),
            t.LetterNo, t.LetterDate, validUntil, t.DuesPaidTo, t.ReceiptReturnedOn, overdue, t.ReturnedTransferId != null);
    }

    public static Item ToItem(Row r) => new(r.Id, r.Kind.ToString(), r.State.ToString(), r.MemberId, r.MemberName, r.FromOrgName, r.ToOrgId, r.ToOrgName,
        r.Reason, r.CreatedAt, r.DaysWaiting, r.LongWaiting, r.DecisionNote, r.LetterNo, r.LetterDate, r.ValidUntil,
        r.DuesPaidTo is { } d ? d.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) : null, r.ReceiptReturnedOn, r.ReceiptOverdue);

    public static Item ToItem(MemberTransfer t, string memberName, DateOnly today) => ToItem(ToRow(t, memberName, today));
}
