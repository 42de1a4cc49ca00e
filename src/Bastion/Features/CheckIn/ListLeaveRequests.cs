using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.CheckIn;

/// <summary>
/// 请假审批 list: the leave requests of meetings held by an organization's subtree (already authorized), filtered by
/// state (待审批 unless asked otherwise), the meeting's date, one organization of the subtree and the member's name;
/// the page, its .xlsx export and the API.
/// </summary>
public static class ListLeaveRequests
{
    /// <summary>The state filter's value meaning "every state".</summary>
    public const string AllStates = "全部";

    public sealed record Filter(LeaveRequestState? State = LeaveRequestState.待审批, DateOnly? From = null, DateOnly? To = null, long? Org = null, string? Name = null);

    public sealed record Row(
        long Id, long MeetingId, long OrgId, string OrgName, DateTimeOffset HeldAt, string Types, string Topic, string MeetingState,
        long MemberId, string MemberName, string Reason, DateTimeOffset RequestedAt, string State, string? DecidedBy, DateTimeOffset? DecidedAt,
        string? RejectionReason, int? DaysWaiting)
    {
        public bool Pending => State == nameof(LeaveRequestState.待审批);
        /// <summary>Pending and on a meeting still planned: the approve/reject buttons apply.</summary>
        public bool Decidable => Pending && MeetingState == nameof(Domain.MeetingState.计划);
    }

    public sealed record Paged(int Total, int Page, int PageSize, IReadOnlyList<Row> Items);

    /// <summary>GET /api/v1/meetings/leave-requests: the subtree's requests, the list page's query.</summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/meetings/leave-requests", async (UserContext user, AppDbContext db, TimeProvider clock, string? state, DateOnly? from, DateOnly? to, long? branch,
                string? name, int? page, int? pageSize, CancellationToken ct) =>
                Results.Ok(await PageAsync(db, user.CurrentOrg!, Parse(state, from, to, branch, name), page ?? 1, Math.Clamp(pageSize ?? 20, 1, 200), clock.GetUtcNow(), ct)))
           .Require(Permission.MeetingManage)
           .WithSummary("请假审批列表（?org= 组织及其下级；state=待审批（默认）|已批准|已驳回|已撤回|全部；from、to 为会议日期 yyyy-MM-dd；branch 为其下某一组织；name 党员姓名；page、pageSize）")
           .Produces<Paged>();

    /// <summary>Parses the page's and the API's filter values: no state means 待审批, 全部 (or all) every state; unknown values are ignored.</summary>
    public static Filter Parse(string? state, DateOnly? from, DateOnly? to, long? org, string? name) => new(
        string.IsNullOrWhiteSpace(state) ? LeaveRequestState.待审批
            : Enum.TryParse<LeaveRequestState>(state.Trim(), out var s) && !int.TryParse(state, out _) ? s : null,
        from, to, org, string.IsNullOrWhiteSpace(name) ? null : name.Trim());

    /// <summary>A member-init shape (not a positional record) so EF can filter and order on it after the projection.</summary>
    private sealed class Joined
    {
        public required MeetingLeaveRequest R { get; init; }
        public required Meeting M { get; init; }
        public required string OrgName { get; init; }
        public required string MemberName { get; init; }
    }

    private static IQueryable<Joined> Query(AppDbContext db, Organization root, Filter f)
    {
        var orgIds = db.UnderOrg(root).Select(o => o.Id);
        var q = from r in db.Set<MeetingLeaveRequest>().AsNoTracking()
                join m in db.Set<Meeting>().AsNoTracking() on r.MeetingId equals m.Id
                join o in db.Organizations.AsNoTracking() on m.OrgId equals o.Id
                join p in db.Members.AsNoTracking() on r.MemberId equals p.Id
                where orgIds.Contains(m.OrgId)
                select new Joined { R = r, M = m, OrgName = o.Name, MemberName = p.Name };
        if (f.State is { } s) q = q.Where(x => x.R.State == s);
        if (f.From is { } from) { var t = MeetingTime.StartOf(from); q = q.Where(x => x.M.HeldAt >= t); }
        if (f.To is { } to) { var t = MeetingTime.StartOf(to.AddDays(1)); q = q.Where(x => x.M.HeldAt < t); }
        if (f.Org is { } org) q = q.Where(x => x.M.OrgId == org);
        if (f.Name is { } name) q = q.Where(x => x.MemberName.Contains(name));
        return q;
    }

    /// <summary>Oldest pending first (who has waited longest), the rest newest first.</summary>
    private static IQueryable<Joined> Ordered(IQueryable<Joined> q, Filter f) => f.State == LeaveRequestState.待审批
        ? q.OrderBy(x => x.R.RequestedAt).ThenBy(x => x.R.Id)
        : q.OrderByDescending(x => x.R.RequestedAt).ThenByDescending(x => x.R.Id);

    public static async Task<Paged> PageAsync(AppDbContext db, Organization root, Filter f, int page, int size, DateTimeOffset now, CancellationToken ct = default)
    {
        var q = Query(db, root, f);
        var total = await q.CountAsync(ct);
        var w = Web.Pager.Window(page, size, total, size, size);
        return new Paged(total, w.Page, w.Size, await RowsAsync(Ordered(q, f).Skip(w.Skip).Take(w.Size), now, ct));
    }

    public static Task<IReadOnlyList<Row>> AllAsync(AppDbContext db, Organization root, Filter f, DateTimeOffset now, int max, CancellationToken ct = default) =>
        RowsAsync(Ordered(Query(db, root, f), f).Take(max), now, ct);

    private static async Task<IReadOnlyList<Row>> RowsAsync(IQueryable<Joined> q, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await q.ToListAsync(ct);
        return rows.Select(x => ToRow(x, now)).ToList();
    }

    /// <summary>The export's rows, read one by one as the query returns them.</summary>
    public static IAsyncEnumerable<Row> Stream(AppDbContext db, Organization root, Filter f, DateTimeOffset now, int max) =>
        Ordered(Query(db, root, f), f).Take(max).AsNoTracking().AsAsyncEnumerable().Select(x => ToRow(x, now));

    private static Row ToRow(Joined x, DateTimeOffset now) => new(x.R.Id, x.M.Id, x.M.OrgId, x.OrgName, x.M.HeldAt, MeetingRules.Display(x.M.Kinds), x.M.Topic, x.M.State.ToString(),
        x.R.MemberId, x.MemberName, x.R.Reason, x.R.RequestedAt, x.R.State.ToString(), x.R.DecidedBy, x.R.DecidedAt, x.R.RejectionReason,
        x.R.State == LeaveRequestState.待审批 ? CheckInRules.DaysWaiting(x.R.RequestedAt, now) : null);

    /// <summary>Pending requests of the subtree (the dashboard's badge).</summary>
    public static Task<int> PendingCountAsync(AppDbContext db, Organization root, CancellationToken ct = default) =>
        Query(db, root, new Filter()).CountAsync(ct);

    /// <summary>Organizations of the subtree that have leave requests (the organization filter's choices).</summary>
    public static async Task<IReadOnlyList<(long Id, string Name)>> OrganizationsAsync(AppDbContext db, Organization root, CancellationToken ct = default)
    {
        var orgIds = db.UnderOrg(root).Select(o => o.Id);
        var withRequests = db.Set<Meeting>().Where(m => orgIds.Contains(m.OrgId) && db.Set<MeetingLeaveRequest>().Any(r => r.MeetingId == m.Id)).Select(m => m.OrgId);
        var orgs = await db.Organizations.AsNoTracking().Where(o => withRequests.Contains(o.Id)).OrderBy(o => o.Path).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        return orgs.Select(o => (o.Id, o.Name)).ToList();
    }

    public static readonly string[] ExportHeaders = ["会议时间", "组织", "会议类型", "会议主题", "会议状态", "党员", "请假理由", "提交时间", "审批状态", "等待天数", "处理人", "处理时间", "驳回理由"];

    public static IReadOnlyList<object?> ExportRow(Row r) =>
    [
        ChineseDates.DateTime(r.HeldAt), r.OrgName, r.Types, r.Topic, r.MeetingState, r.MemberName, r.Reason, ChineseDates.DateTime(r.RequestedAt),
        r.State, r.DaysWaiting, r.DecidedBy ?? "", r.DecidedAt is { } d ? ChineseDates.DateTime(d) : "", r.RejectionReason ?? "",
    ];
}
