using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Notifications;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// Arrears (DOMAIN-2 §2.2, §2.5 scenario 4): consecutive unpaid months among the settled months, counted back from the
/// latest (a month with due 0 counts as settled up). 3 → warning to the member and the branch (once per run, from the
/// daily job); 6 → listed "疑似自行脱党——需支部大会研究". Nothing about the member changes automatically.
/// </summary>
public static class DuesArrears
{
    public sealed record Row(long MemberId, string Name, long BranchId, string BranchName, int Months, DateOnly SinceMonth, decimal Owed)
    {
        public DuesArrearsLevel Level => DuesMonthRules.Arrears(Months);
    }

    /// <summary>Everyone in the list of a subtree, most months first (the daily warning's loop).</summary>
    public static Task<List<Row>> ListAsync(AppDbContext db, string scopePath, CancellationToken ct) =>
        Ordered(Query(db, scopePath)).ToListAsync(ct);

    /// <summary>
    /// The list of a subtree as a query to compose (filters, a page, a count, a streamed export): one row per member with
    /// at least <see cref="DuesMonthRules.WarningMonths"/> unpaid settled months after the last month paid (or owing 0).
    /// </summary>
    public static IQueryable<Row> Query(AppDbContext db, string scopePath) =>
        db.Database.SqlQuery<Row>($"""
            SELECT x.member_id AS "MemberId", mem.name AS "Name", (array_agg(x.org_id ORDER BY x.month DESC))[1] AS "BranchId",
                   (array_agg(o.name ORDER BY x.month DESC))[1] AS "BranchName",
                   count(*)::int AS "Months", min(x.month) AS "SinceMonth", sum(x.due) AS "Owed"
            FROM (
                SELECT e.member_id, e.org_id, e.month, coalesce(e.due, 0) AS due, (e.paid_amount IS NOT NULL OR e.due = 0) AS ok,
                       max(e.month) FILTER (WHERE e.paid_amount IS NOT NULL OR e.due = 0) OVER (PARTITION BY e.member_id) AS ok_month
                FROM dues_entries e
                JOIN dues_months m ON m.id = e.month_id AND m.state = '已结算'
                JOIN organizations so ON so.id = e.org_id
                WHERE so.path <@ CAST({scopePath} AS ltree)
            ) x
            JOIN members mem ON mem.id = x.member_id
            JOIN organizations o ON o.id = x.org_id
            WHERE NOT x.ok AND (x.ok_month IS NULL OR x.month > x.ok_month)
            GROUP BY x.member_id, mem.name
            HAVING count(*) >= {DuesMonthRules.WarningMonths}
            """);

    /// <summary>The list's order: most months first, then by name.</summary>
    public static IQueryable<Row> Ordered(IQueryable<Row> rows) => rows.OrderByDescending(r => r.Months).ThenBy(r => r.Name).ThenBy(r => r.MemberId);

    /// <summary>
    /// The daily warning: each member with 3+ consecutive unpaid months gets one in-app notification and outbox row
    /// (when linked to an account), and the branch's secretaries one each, once per run (unique member and first month).
    /// </summary>
    public static async Task<int> RemindAsync(AppDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var sent = 0;
        var roots = await db.Organizations.AsNoTracking().Where(o => o.ParentId == null).Select(o => o.Path).ToListAsync(ct);
        foreach (var root in roots)
        {
            foreach (var r in await ListAsync(db, root, ct))
            {
                if (await db.Set<DuesArrearsNotice>().AnyAsync(n => n.MemberId == r.MemberId && n.SinceMonth == r.SinceMonth, ct)) continue;
                var now = clock.GetUtcNow();
                var to = new List<Outbox.Recipient>();
                var own = await db.Users.AsNoTracking().Where(u => u.MemberId == r.MemberId && !u.IsDisabled)
                    .Select(u => new { u.Id, u.PhoneNumber }).ToListAsync(ct);
                to.AddRange(own.Select(u => Outbox.Recipient.Of(u.Id, u.PhoneNumber)));
                // the branch's secretaries and committee: BranchSecretary grants on the branch or above it (a grant covers the subtree)
                var branchPath = await db.Organizations.AsNoTracking().Where(o => o.Id == r.BranchId).Select(o => o.Path).FirstAsync(ct);
                var chain = branchPath.Split('.').Select(x => long.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                var secretaries = await (from g in db.RoleGrants.AsNoTracking()
                                         join u in db.Users.AsNoTracking() on g.UserId equals u.Id
                                         where g.Role == Role.BranchSecretary && g.OrgId != null && chain.Contains(g.OrgId.Value) && !u.IsDisabled
                                         select new { u.Id, u.PhoneNumber }).Distinct().ToListAsync(ct);
                to.AddRange(secretaries.Select(u => Outbox.Recipient.Of(u.Id, u.PhoneNumber)));
                db.Add(new DuesArrearsNotice { MemberId = r.MemberId, OrgId = r.BranchId, SinceMonth = r.SinceMonth, Months = r.Months, SentAt = now });
                var title = r.Level == DuesArrearsLevel.疑似自行脱党
                    ? $"党费提醒：{r.Name}已连续{r.Months}个月未交党费（{DuesMonthRules.LapseLabel}）"
                    : $"党费提醒：{r.Name}已连续{r.Months}个月未交党费，请尽快补交";
                var body = $"自{DuesMonthRules.Month(r.SinceMonth)}起未交，合计{DuesMonthsDb.Yuan(r.Owed)}元。支部应批评教育并限期补交；连续6个月不交的，由支部大会研究处理，系统不会自动变更党籍。";
                if (to.Count > 0) Outbox.Post(db, to.DistinctBy(x => x.UserId), r.BranchId, "党费", title, body, $"/Dues/Months/Arrears?org={r.BranchId}", now);
                try
                {
                    await db.SaveChangesAsync(ct);
                    sent++;
                }
                catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
                {
                    db.ChangeTracker.Clear();
                }
            }
        }
        return sent;
    }
}

/// <summary>GET the arrears list of an organization's subtree; the page shows it a page at a time with the same filters.</summary>
public sealed class ListDuesArrears(AppDbContext db)
{
    public sealed record Item(long MemberId, string Name, long BranchId, string BranchName, int Months, string SinceMonth, decimal Owed, string Level);

    /// <summary>Filters of the list: a name (contains) and the level (警告: 3–5 months; 疑似自行脱党: 6 or more).</summary>
    public sealed record Filter(string? Name = null, DuesArrearsLevel? Level = null);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/dues/arrears", async (long org, ListDuesArrears handler, CancellationToken ct) => (await handler.Handle(org, ct)).ToHttp())
           .Require(Permission.DuesRead, OrgFrom.Current)
           .WithSummary("欠交党费名单：连续3个月未交（警告）、6个月（疑似自行脱党——需支部大会研究）").Produces<List<Item>>();

    public async Task<Result<List<Item>>> Handle(long orgId, CancellationToken ct = default)
    {
        var q = await QueryAsync(orgId, new Filter(), ct);
        if (q is null) return Result.NotFound();
        return (await DuesArrears.Ordered(q).ToListAsync(ct)).Select(ToItem).ToList();
    }

    /// <summary>The filtered list of the organization's subtree as a query (null: no such organization).</summary>
    public async Task<IQueryable<DuesArrears.Row>?> QueryAsync(long orgId, Filter f, CancellationToken ct = default)
    {
        var path = await db.Organizations.AsNoTracking().Where(o => o.Id == orgId).Select(o => o.Path).FirstOrDefaultAsync(ct);
        if (path is null) return null;
        var q = DuesArrears.Query(db, path);
        if (!string.IsNullOrWhiteSpace(f.Name))
        {
            var like = SqlLike.Contains(f.Name);
            q = q.Where(r => EF.Functions.ILike(r.Name, like));
        }
        if (f.Level == DuesArrearsLevel.疑似自行脱党) q = q.Where(r => r.Months >= DuesMonthRules.LapseMonths);
        else if (f.Level == DuesArrearsLevel.警告) q = q.Where(r => r.Months < DuesMonthRules.LapseMonths);
        return q;
    }

    public static Item ToItem(DuesArrears.Row r) =>
        new(r.MemberId, r.Name, r.BranchId, r.BranchName, r.Months, DuesMonthRules.Code(r.SinceMonth), r.Owed, DuesMonthRules.Label(r.Level));
}

/// <summary>
/// Daily at 07:40 China time under an advisory lock: first the open months' missing lines
/// (<see cref="DuesLateEntries.AddMissingToOpenMonthsAsync"/>: members added after the start), then
/// <see cref="DuesArrears.RemindAsync"/>.
/// </summary>
public sealed class DuesArrearsJob(IServiceScopeFactory scopes, IOptions<JobSettings> jobs, ILogger<DuesArrearsJob> log, TimeProvider clock)
    : DailyJob(scopes, jobs, log, clock, "欠交党费提醒", "dues arrears reminder", TimeSpan.FromMinutes(4), new TimeOnly(7, 40))
{
    protected override async Task RunOnceAsync(AppDbContext db, CancellationToken ct)
    {
        var done = await UnderLockAsync(db, AdvisoryLocks.DuesArrearsReminders, async () =>
            (object)new { added = await DuesLateEntries.AddMissingToOpenMonthsAsync(db, ct), sent = await DuesArrears.RemindAsync(db, Clock, ct) }, ct);
        Log.LogInformation("补录党费记录与欠交党费提醒: {Done}", done ?? "skipped");
    }
}
