using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Ledger;

/// <summary>
/// The ledger list: the items the caller may see (<see cref="LedgerAccess.VisibleAsync"/>), narrowed to an organization's
/// subtree and by source, state, overdue, due within 7 days, "mine" and text; the pages, the print view, the .xlsx export and the API.
/// </summary>
public sealed class ListLedgerItems(AppDbContext db, LedgerAccess access, TimeProvider clock)
{
    public const int DueSoonDays = 7;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/ledger/items", async (long? org, string? source, string? state, string? overdue, string? dueSoon, string? mine, string? q, int? page, int? pageSize,
                ListLedgerItems handler, CancellationToken ct) =>
                (await handler.Handle(org, new Filter(null, Source(source), State(state), Bool(overdue), Bool(dueSoon) == true, Bool(mine) == true, q),
                    page ?? 1, Math.Clamp(pageSize ?? 20, 1, 200), ct)).ToHttp())
           .RequireSignedIn()
           .WithSummary("台账事项列表（仅本人可见的：LedgerRead 范围内组织的事项及本人为责任人、验收人、交办人的事项；org、source、state、overdue、dueSoon、mine、q、page、pageSize）")
           .Produces<Paged>();

    /// <summary>One page of the items the caller may see, narrowed by <paramref name="filter"/> and to <paramref name="orgId"/>'s subtree when given.</summary>
    public async Task<Result<Paged>> Handle(long? orgId, Filter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var today = clock.Today();
        var visible = await access.VisibleAsync(ct);
        if (orgId is { } o)
        {
            var root = await db.Organizations.FirstOrDefaultAsync(x => x.Id == o, ct);
            if (root is null) return Result.NotFound("组织不存在。");
            filter = filter with { Org = root };
        }
        var query = Query(db, visible, filter, today, access.UserId);
        return await PageAsync(db, query, today, page, pageSize, ct);
    }

    public sealed record Filter(
        Organization? Org = null, LedgerSource? Source = null, LedgerState? State = null, bool? Overdue = null, bool DueSoon = false,
        bool Mine = false, string? Text = null);

    public sealed record Row(
        long Id, long OrgId, string OrgName, string Source, string? SourceRef, string Title, string State, string Priority, DateOnly Deadline,
        DateOnly OriginalDeadline, DateOnly? RequestedDeadline, string OwnerName, string VerifierName, string AssessingDepartment, bool Overdue,
        int DaysOverdue, int ReopenCount, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt, string[] Tags);

    public sealed record Paged(int Total, int Page, int PageSize, IReadOnlyList<Row> Items);

    public static IQueryable<LedgerItem> Query(AppDbContext db, IQueryable<LedgerItem> visible, Filter f, DateOnly today, long userId)
    {
        var q = visible;
        if (f.Org is { } org)
        {
            var orgIds = db.UnderOrg(org).Select(o => o.Id);
            q = q.Where(i => orgIds.Contains(i.OrgId));
        }
        if (f.Source is { } s) q = q.Where(i => i.Source == s);
        if (f.State is { } st) q = q.Where(i => i.State == st);
        if (f.Overdue == true) q = q.Where(i => i.State != LedgerState.已销号 && i.Deadline < today);
        if (f.Overdue == false) q = q.Where(i => i.State == LedgerState.已销号 || i.Deadline >= today);
        if (f.DueSoon)
        {
            var until = today.AddDays(DueSoonDays);
            q = q.Where(i => i.State != LedgerState.已销号 && i.Deadline >= today && i.Deadline <= until);
        }
        if (f.Mine) q = q.Where(i => i.OwnerUserId == userId || i.VerifierUserId == userId || i.CreatedByUserId == userId);
        if (!string.IsNullOrWhiteSpace(f.Text))
        {
            var like = SqlLike.Contains(f.Text);
            q = q.Where(i => EF.Functions.ILike(i.Title, like) || (i.Description != null && EF.Functions.ILike(i.Description, like))
                             || EF.Functions.ILike(i.OwnerName, like) || (i.SourceRef != null && EF.Functions.ILike(i.SourceRef, like)));
        }
        return q;
    }

    /// <summary>Open items first, the nearest deadline first.</summary>
    public static IQueryable<LedgerItem> Ordered(IQueryable<LedgerItem> q) =>
        q.OrderBy(i => i.State == LedgerState.已销号).ThenBy(i => i.Deadline).ThenBy(i => i.Id);

    public static async Task<Paged> PageAsync(AppDbContext db, IQueryable<LedgerItem> q, DateOnly today, int page, int size, CancellationToken ct = default)
    {
        var total = await q.CountAsync(ct);
        var w = Web.Pager.Window(page, size, total, size, size);
        return new Paged(total, w.Page, w.Size, await RowsAsync(db, Ordered(q).Skip(w.Skip).Take(w.Size), today, ct));
    }

    public static async Task<IReadOnlyList<Row>> RowsAsync(AppDbContext db, IQueryable<LedgerItem> q, DateOnly today, CancellationToken ct = default)
    {
        var rows = await (from i in q join o in db.Organizations on i.OrgId equals o.Id select new { i, o.Name }).ToListAsync(ct);
        return rows.Select(x => ToRow(x.i, x.Name, today)).ToList();
    }

    public static Row ToRow(LedgerItem i, string orgName, DateOnly today) => new(
        i.Id, i.OrgId, orgName, i.Source.ToString(), i.SourceRef, i.Title, i.State.ToString(), i.Priority.ToString(), i.Deadline, i.OriginalDeadline,
        i.RequestedDeadline, i.OwnerName, i.VerifierName, i.AssessingDepartment, LedgerRules.IsOverdue(i.State, i.Deadline, today),
        LedgerRules.DaysOverdue(i.State, i.Deadline, today), i.ReopenCount, i.CreatedAt, i.ClosedAt, i.Tags);

    public static LedgerSource? Source(string? s) => LedgerRules.ParseSource(s);

    public static LedgerState? State(string? s) =>
        Enum.TryParse<LedgerState>(s?.Trim(), out var v) && Enum.IsDefined(v) && !int.TryParse(s, out _) ? v : null;

    public static bool? Bool(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "是" or "yes" => true,
        "false" or "0" or "否" or "no" => false,
        _ => null,
    };

    public static readonly string[] ExportHeaders =
        ["编号", "事项名称", "来源", "来源说明", "责任组织", "责任人", "验收人", "考核部门", "优先级", "状态", "原定时限", "当前时限", "申请延期至", "是否逾期", "逾期天数", "复号次数", "交办日期", "销号时间", "标签"];

    public static IReadOnlyList<object?> ExportRow(Row r) =>
    [
        r.Id, r.Title, r.Source, r.SourceRef ?? "", r.OrgName, r.OwnerName, r.VerifierName, r.AssessingDepartment, r.Priority, r.State,
        Iso(r.OriginalDeadline), Iso(r.Deadline), r.RequestedDeadline is { } rd ? Iso(rd) : "", r.Overdue ? "是" : "否", r.DaysOverdue, r.ReopenCount,
        Iso(ChineseDates.DayOf(r.CreatedAt)), r.ClosedAt is { } c ? ChineseDates.DateTime(c) : "", string.Join("、", r.Tags),
    ];

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
