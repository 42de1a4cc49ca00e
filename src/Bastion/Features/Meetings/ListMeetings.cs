using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Meetings;

/// <summary>Meetings of an organization's subtree (already authorized), newest first, with filters; the list page, its export and the API.</summary>
public static class ListMeetings
{
    public sealed record Filter(MeetingKinds? Kind = null, MeetingState? State = null, DateOnly? From = null, DateOnly? To = null, bool? Valid = null);

    public sealed record Row(
        long Id, long OrgId, string OrgName, string Types, string State, DateTimeOffset HeldAt, string? Place, string Topic,
        int Expected, int Present, int OnLeave, int Absent, bool QuorumMet, string? QuorumNote);

    public sealed record Paged(int Total, int Page, int PageSize, IReadOnlyList<Row> Items);

    /// <summary>GET /api/v1/meetings: the subtree of ?org=, filtered and paged.</summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/meetings", async (UserContext user, AppDbContext db, DateOnly? from, DateOnly? to, string? type, string? state, string? valid,
                int? page, int? pageSize, CancellationToken ct) =>
                Results.Ok(await PageAsync(db, user.CurrentOrg!, Parse(type, state, from, to, valid), page ?? 1, Math.Clamp(pageSize ?? 20, 1, 200), ct)))
           .Require(Permission.MeetingRead)
           .WithSummary("组织生活列表（?org= 组织及其下级；from、to 为日期 yyyy-MM-dd；type、state、valid=有效|无效；page、pageSize）").Produces<Paged>();

    public static IQueryable<Meeting> Query(AppDbContext db, Organization root, Filter f)
    {
        var orgIds = db.UnderOrg(root).Select(o => o.Id);
        var q = db.Set<Meeting>().AsNoTracking().Where(m => orgIds.Contains(m.OrgId));
        if (f.Kind is { } k) q = q.Where(m => (m.Kinds & k) == k);
        if (f.State is { } s) q = q.Where(m => m.State == s);
        if (f.From is { } from) { var t = MeetingTime.StartOf(from); q = q.Where(m => m.HeldAt >= t); }
        if (f.To is { } to) { var t = MeetingTime.StartOf(to.AddDays(1)); q = q.Where(m => m.HeldAt < t); }
        if (f.Valid is { } v) q = q.Where(m => m.State == MeetingState.已召开 && m.QuorumMet == v);
        return q;
    }

    public static async Task<Paged> PageAsync(AppDbContext db, Organization root, Filter f, int page, int size, CancellationToken ct = default)
    {
        var q = Query(db, root, f);
        var total = await q.CountAsync(ct);
        var w = Web.Pager.Window(page, size, total, size, size);
        return new Paged(total, w.Page, w.Size, await RowsAsync(db, q.OrderByDescending(m => m.HeldAt).ThenByDescending(m => m.Id).Skip(w.Skip).Take(w.Size), ct));
    }

    public static async Task<IReadOnlyList<Row>> RowsAsync(AppDbContext db, IQueryable<Meeting> q, CancellationToken ct = default)
    {
        var rows = await (from m in q
                          join o in db.Organizations on m.OrgId equals o.Id
                          select new { m, o.Name }).ToListAsync(ct);
        return rows.Select(x => ToRow(x.m, x.Name)).ToList();
    }

    public static Row ToRow(Meeting m, string orgName) => new(m.Id, m.OrgId, orgName, MeetingRules.Display(m.Kinds), m.State.ToString(), m.HeldAt, m.Place, m.Topic,
        m.Expected, m.Present, m.OnLeave, m.Absent, m.QuorumMet, m.QuorumNote);

    /// <summary>Parses the filter values of the page and the API; unknown values are ignored.</summary>
    public static Filter Parse(string? type, string? state, DateOnly? from, DateOnly? to, string? valid)
    {
        var (k, unknown) = MeetingRules.Parse(string.IsNullOrWhiteSpace(type) ? [] : [type]);
        return new Filter(
            unknown.Count == 0 && MeetingRules.IsSingle(k) ? k : null,
            Enum.TryParse<MeetingState>(state, out var s) && !int.TryParse(state, out _) ? s : null,
            from, to,
            valid switch { "有效" or "true" => true, "无效" or "false" => false, _ => null });
    }

    public static readonly string[] ExportHeaders = ["召开时间", "组织", "会议类型", "状态", "主题", "地点", "应到", "实到", "请假", "缺席", "是否有效", "说明"];

    public static IReadOnlyList<object?> ExportRow(Row r) =>
    [
        ChineseDates.DateTime(r.HeldAt), r.OrgName, r.Types, r.State, r.Topic, r.Place ?? "", r.Expected, r.Present, r.OnLeave, r.Absent,
        r.State == nameof(MeetingState.已召开) ? (r.QuorumMet ? "有效" : "无效") : "", r.QuorumNote ?? "",
    ];
}
