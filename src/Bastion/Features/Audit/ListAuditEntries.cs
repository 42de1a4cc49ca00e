using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Audit;

/// <summary>Audit trail query shared by the viewer page, its export and GET /api/v1/audit (审计管理员 only).</summary>
public static class ListAuditEntries
{
    /// <summary>
    /// Actor: part of the account name. Entity: a table. Action: a code (a known code matches exactly, another is a prefix,
    /// e.g. "signin" for every sign-in event). Result: success/failure/lockout/denied. Org: part of an organization's name.
    /// From/To: China calendar days, both inclusive.
    /// </summary>
    public sealed record Filter(string? Actor, string? Entity, string? Action, DateOnly? From, DateOnly? To, int Page = 1, int Size = 50, string? Result = null, string? Org = null);
    public sealed record Row(long Id, DateTimeOffset At, string? ActorName, long? OrgId, string Action, string? Entity, string? EntityId, string? Before, string? After, string? ClientIp, string Result, string? Hash)
    {
        public string? OrgName { get; init; }
    }
    public const int DefaultSize = 50, MaxSize = 500;

    public sealed record Entries(int Total, int Page, int Size, IReadOnlyList<Row> Items);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/audit", async ([AsParameters] Query q, AppDbContext db, CancellationToken ct) =>
            {
                var r = await QueryAsync(db, new Filter(q.Actor, q.Entity, q.Action, q.From, q.To, q.Page ?? 1, q.Size ?? DefaultSize, q.Result, q.Org), ct);
                return Results.Ok(r with { Items = r.Items.Select(Clean).ToList() });
            })
           .Require(Permission.AuditRead, OrgFrom.None)
           .WithSummary("审计日志查询（from/to 为北京时间日期，含当日；个人信息已脱敏）").Produces<Entries>();

    public sealed record Query(string? Actor, string? Entity, string? Action, DateOnly? From, DateOnly? To, int? Page, int? Size, string? Result, string? Org);

    public static IQueryable<AuditEntry> Where(AppDbContext db, Filter f)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Actor)) { var actor = f.Actor.Trim(); q = q.Where(a => a.ActorName!.Contains(actor)); }
        if (!string.IsNullOrWhiteSpace(f.Entity)) { var entity = f.Entity.Trim(); q = q.Where(a => a.Entity == entity); }
        if (!string.IsNullOrWhiteSpace(f.Action))
        {
            var action = f.Action.Trim();
            q = AuditNames.Actions.ContainsKey(action) ? q.Where(a => a.Action == action) : q.Where(a => a.Action.StartsWith(action));
        }
        if (!string.IsNullOrWhiteSpace(f.Result)) { var result = f.Result.Trim(); q = q.Where(a => a.Result == result); }
        if (!string.IsNullOrWhiteSpace(f.Org))
        {
            var org = f.Org.Trim();
            q = q.Where(a => db.Organizations.Any(o => o.Id == a.OrgId && o.Name.Contains(org)));
        }
        if (f.From is { } from) { var t = Start(from); q = q.Where(a => a.At >= t); }
        if (f.To is { } to) { var t = Start(to.AddDays(1)); q = q.Where(a => a.At < t); }
        return q;
    }

    public static async Task<Entries> QueryAsync(AppDbContext db, Filter f, CancellationToken ct = default)
    {
        var q = Where(db, f);
        var total = await q.CountAsync(ct);
        var w = Web.Pager.Window(f.Page, f.Size, total, DefaultSize, MaxSize);
        var items = await Select(db, q.OrderByDescending(a => a.Id).Skip(w.Skip).Take(w.Size)).ToListAsync(ct);
        return new Entries(total, w.Page, w.Size, items);
    }

    /// <summary>The rows of the filter, newest first, read as a stream (for the export).</summary>
    public static IAsyncEnumerable<Row> Stream(AppDbContext db, Filter f) =>
        Select(db, Where(db, f).OrderByDescending(a => a.Id)).AsAsyncEnumerable();

    private static IQueryable<Row> Select(AppDbContext db, IQueryable<AuditEntry> q) =>
        from a in q
        select new Row(a.Id, a.At, a.ActorName, a.OrgId, a.Action, a.Entity, a.EntityId, a.Before, a.After, a.ClientIp, a.Result, a.Hash)
        {
            OrgName = db.Organizations.Where(o => o.Id == a.OrgId).Select(o => o.Name).FirstOrDefault(),
        };

    /// <summary>
    /// Personal data masked and confidential text withheld, whatever the row holds. The rows of <see cref="QueryAsync"/>
    /// keep the stored JSON so that the viewer can tell a withheld field changed; only its masked comparison is shown.
    /// </summary>
    public static Row Clean(Row r) => r with
    {
        ActorName = AuditText.Name(r.ActorName),
        Before = AuditDetails.Sanitize(r.Entity, r.Before),
        After = AuditDetails.Sanitize(r.Entity, r.After),
    };

    /// <summary>Midnight China time of a calendar day, as a UTC instant (PostgreSQL's timestamptz takes only UTC from Npgsql).</summary>
    public static DateTimeOffset Start(DateOnly d) =>
        new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), ChineseDates.China.GetUtcOffset(d.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();

    public static string ActionName(string action) => AuditNames.Action(action);

    // ---- export ----

    public static readonly IReadOnlyList<string> ExportHeaders = ["编号", "时间", "操作人", "动作", "对象类型", "对象编号", "组织", "结果", "IP", "详情"];

    public static IReadOnlyList<object?> ExportRow(Row r) =>
    [
        r.Id, ChineseDates.DateTime(r.At), AuditText.Name(r.ActorName) ?? "系统", AuditNames.Action(r.Action), AuditNames.Table(r.Entity), r.EntityId,
        r.OrgName, AuditNames.Result(r.Result), r.ClientIp, AuditDetails.Summary(r.Entity, r.Before, r.After),
    ];
}
