using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// The 报送 chain of a month seen from one organization (decision 0012): its own status, and each organization below it
/// that reports — its direct children by default, or its whole subtree — with 未报送/已报送/已退回, headcount, due and paid
/// over that organization's subtree, who reported when, and the last return's reason. Filtered by status and name,
/// paged. Each line's figures come from one aggregate of the month's lines rolled up along the organization paths.
/// </summary>
public sealed class ListDuesReporting(AppDbContext db)
{
    public sealed record Row(long OrgId, string Name, string Type, long? ParentId, string? ParentName, bool Direct, bool HasChildren,
        int Count, int PaidCount, decimal Due, decimal Paid, string Status, DateTimeOffset? ReportedAt, string? ReportedBy,
        string? ReturnReason, DateTimeOffset? ReturnedAt, string? ReturnedBy);

    public sealed record Response(long OrgId, string OrgName, bool IsTop, long? MonthId, string? Month, string? MonthState,
        string OwnStatus, DateTimeOffset? OwnReportedAt, string? OwnReportedBy, string? OwnReturnReason, string? OwnReturnedBy,
        int Children, int ChildrenReported, int ChildrenReturned, IReadOnlyList<Row> Rows, int Total, int Page, int Size, DateTimeOffset AsOf);

    public sealed record Query(string? Month = null, string? Status = null, string? Scope = null, string? Q = null, int? Page = null, int? Size = null);

    private sealed record StatusCount(string Status, int N);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/reporting", async (long org, string? month, string? status, string? scope, string? q, int? page, int? size,
                ListDuesReporting handler, TimeProvider clock, CancellationToken ct) =>
                (await handler.Handle(org, new Query(month, status, scope, q, page, size), clock.GetUtcNow(), ct)).ToHttp())
           .Require(Permission.DuesRead, OrgFrom.Current)
           .WithSummary("党费报送情况：本级状态及下级组织的未报送/已报送/已退回（scope = direct 直属下级（缺省）/ all 全部下级；status；q 名称；page、size）")
           .Produces<Response>().ProducesValidationProblem();

    public async Task<Result<Response>> Handle(long orgId, Query query, DateTimeOffset now, CancellationToken ct = default)
    {
        var status = string.IsNullOrWhiteSpace(query.Status) ? null : Enum.TryParse<DuesReportStatus>(query.Status.Trim(), out var s) ? s.ToString() : "";
        if (status == "") return Result.Invalid("status", "状态须为未报送、已报送或已退回");
        var all = query.Scope?.Trim() switch { null or "" or "direct" => false, "all" => true, _ => (bool?)null };
        if (all is null) return Result.Invalid("scope", "范围须为 direct（直属下级）或 all（全部下级）");
        if (query.Q?.Trim().Length > 50) return Result.Invalid("q", "名称最多50个字");
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return Result.NotFound();
        var m = await DuesMonthsDb.MonthForAsync(db, org, query.Month, ct);
        var isTop = org.ParentId is null;
        if (m is null || m.State == DuesMonthState.创建)
            return new Response(org.Id, org.Name, isTop, m?.Id, m is null ? null : DuesMonthRules.Code(m.Month), m?.State.ToString(),
                nameof(DuesReportStatus.未报送), null, null, null, null, 0, 0, 0, [], 0, 1, 20, now);

        var own = await db.Set<DuesBranchReport>().AsNoTracking().FirstOrDefaultAsync(r => r.MonthId == m.Id && r.OrgId == org.Id, ct);
        var ownReturn = await db.Set<DuesReportReturn>().AsNoTracking().Where(r => r.MonthId == m.Id && r.OrgId == org.Id).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var counts = await db.Database.SqlQueryRaw<StatusCount>(
            Units + """SELECT "Status", count(*)::int AS "N" FROM units WHERE "Direct" GROUP BY "Status" """, Params(m.Id, org, false, null, null)).ToListAsync(ct);
        int N(DuesReportStatus x) => counts.Where(c => c.Status == x.ToString()).Sum(c => c.N);

        var total = await db.Database.SqlQueryRaw<int>(Units + """SELECT count(*)::int AS "Value" FROM units """ + Filter, Params(m.Id, org, all.Value, status, query.Q))
            .SingleAsync(ct);
        var w = Pager.Window(query.Page, query.Size, total, 20, 200);
        var rows = await db.Database.SqlQueryRaw<Row>(
            Units + """
                SELECT "OrgId", "Name", "Type", "ParentId", "ParentName", "Direct", "HasChildren", "Count", "PaidCount", "Due", "Paid", "Status",
                       "ReportedAt", "ReportedBy", "ReturnReason", "ReturnedAt", "ReturnedBy"
                FROM units
                """ + Filter + Page,
            [.. Params(m.Id, org, all.Value, status, query.Q), new NpgsqlParameter("take", NpgsqlDbType.Integer) { Value = w.Size },
             new NpgsqlParameter("skip", NpgsqlDbType.Integer) { Value = w.Skip }]).ToListAsync(ct);
        var ownStatus = DuesReportingRules.Status(own is not null, ownReturn is not null);
        return new Response(org.Id, org.Name, isTop, m.Id, DuesMonthRules.Code(m.Month), m.State.ToString(), ownStatus.ToString(),
            own?.ReportedAt, own?.ReportedBy, own is null ? ownReturn?.Reason : null, own is null ? ownReturn?.ReturnedBy : null,
            counts.Sum(c => c.N), N(DuesReportStatus.已报送), N(DuesReportStatus.已退回), rows, total, w.Page, w.Size, now);
    }

    private const string Page = " ORDER BY sort_path LIMIT @take OFFSET @skip";

    private const string Filter = """
         WHERE (@all OR "Direct") AND (@status::text IS NULL OR "Status" = @status) AND (@q::text IS NULL OR "Name" LIKE @q)
        """;

    /// <summary>The month's lines per owing organization in the subtree, rolled up to every ancestor (one pass), joined to each reporting organization's status.</summary>
    private const string Units = """
        WITH per AS (
            SELECT e.org_id, count(*)::int AS n, count(e.paid_amount)::int AS paid_n, coalesce(sum(e.due), 0) AS due, coalesce(sum(e.paid_amount), 0) AS paid
            FROM dues_entries e JOIN organizations o ON o.id = e.org_id
            WHERE e.month_id = @month AND o.path <@ CAST(@path AS ltree)
            GROUP BY e.org_id
        ), roll AS (
            SELECT a.anc::bigint AS id, sum(per.n)::int AS n, sum(per.paid_n)::int AS paid_n, sum(per.due) AS due, sum(per.paid) AS paid
            FROM per JOIN organizations o ON o.id = per.org_id
            CROSS JOIN LATERAL unnest(string_to_array(o.path::text, '.')) AS a(anc)
            GROUP BY a.anc
        ), units AS (
            SELECT c.id AS "OrgId", c.name AS "Name", c.type AS "Type", c.parent_id AS "ParentId", p.name AS "ParentName",
                   (c.parent_id = @org) AS "Direct",
                   EXISTS (SELECT 1 FROM organizations k WHERE k.parent_id = c.id AND k.type <> '党小组') AS "HasChildren",
                   roll.n AS "Count", roll.paid_n AS "PaidCount", roll.due AS "Due", roll.paid AS "Paid",
                   CASE WHEN r.id IS NOT NULL THEN '已报送' WHEN x.id IS NOT NULL THEN '已退回' ELSE '未报送' END AS "Status",
                   r.reported_at AS "ReportedAt", r.reported_by AS "ReportedBy",
                   x.reason AS "ReturnReason", x.returned_at AS "ReturnedAt", x.returned_by AS "ReturnedBy", c.path AS sort_path
            FROM roll
            JOIN organizations c ON c.id = roll.id
            LEFT JOIN organizations p ON p.id = c.parent_id
            LEFT JOIN dues_branch_reports r ON r.month_id = @month AND r.org_id = c.id
            LEFT JOIN LATERAL (SELECT y.id, y.reason, y.returned_at, y.returned_by FROM dues_report_returns y
                               WHERE y.month_id = @month AND y.org_id = c.id AND r.id IS NULL ORDER BY y.id DESC LIMIT 1) x ON true
            WHERE c.path <@ CAST(@path AS ltree) AND c.id <> @org AND c.type <> '党小组'
        )

        """;

    private static object[] Params(long monthId, Organization org, bool all, string? status, string? q) =>
    [
        new NpgsqlParameter("month", NpgsqlDbType.Bigint) { Value = monthId },
        new NpgsqlParameter("org", NpgsqlDbType.Bigint) { Value = org.Id },
        new NpgsqlParameter("path", NpgsqlDbType.Text) { Value = org.Path },
        new NpgsqlParameter("all", NpgsqlDbType.Boolean) { Value = all },
        new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = (object?)status ?? DBNull.Value },
        new NpgsqlParameter("q", NpgsqlDbType.Text) { Value = string.IsNullOrWhiteSpace(q) ? DBNull.Value : SqlLike.Contains(q) },
    ];
}
