using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// Lines for members who were not on the roll when a month started (the snapshot of <see cref="StartDuesMonth"/> never
/// sees them): a 预备党员 approved after the 支部大会 month started pays from that month ([党费规定]8), and a member
/// added by hand, by the roster import or by an inward transfer pays from the open month. A line of a month already
/// settled, or of a branch that has already reported, is written as 延迟 (it appears as 往月应补缴); the open month's
/// line is an ordinary one. Members a transfer letter's 党费交至 covers are skipped, as in the snapshot; an existing line
/// is never touched (nobody pays a month twice). The lines come from the same SQL function as the snapshot's
/// (<c>dues_month_lines</c>, migration 0057), for one member or one month.
/// </summary>
public static class DuesLateEntries
{
    /// <summary>
    /// A new 预备党员 (step 17): a line in every started or settled month of the top 党委 from the month of
    /// <paramref name="fromMonth"/> (the 支部大会) on. Runs inside the caller's transaction; returns the lines written.
    /// </summary>
    public static async Task<int> AddForNewMemberAsync(AppDbContext db, long memberId, DateOnly fromMonth, CancellationToken ct)
    {
        var path = await db.Members.AsNoTracking().Where(m => m.Id == memberId)
            .Join(db.Organizations, m => m.OrgId, o => o.Id, (m, o) => o.Path).FirstOrDefaultAsync(ct);
        if (path is null) return 0;
        var first = DuesMonthRules.MonthOf(fromMonth);
        var root = DuesMonthsDb.RootOf(path);
        var months = await db.Set<DuesMonth>().AsNoTracking()
            .Where(m => m.OrgId == root && m.State != DuesMonthState.创建 && m.Month >= first)
            .OrderBy(m => m.Month).ToListAsync(ct);
        var written = 0;
        foreach (var m in months)
            written += await InsertAsync(db, m, path, memberId, "入党晚于该月启动缴费，补录为往月应补缴", ct);
        return written;
    }

    /// <summary>
    /// The daily catch-up: every member owed in an open month who has no line yet (added by hand, by import or by a
    /// transfer after the month started) gets one. Returns the lines written.
    /// </summary>
    public static async Task<int> AddMissingToOpenMonthsAsync(AppDbContext db, CancellationToken ct)
    {
        var open = await db.Set<DuesMonth>().AsNoTracking().Where(m => m.State == DuesMonthState.启动缴费)
            .Join(db.Organizations, m => m.OrgId, o => o.Id, (m, o) => new { Month = m, o.Path }).ToListAsync(ct);
        // over a whole tenant this reads every member, as the start does (bench/README.md "Dues"): not bound by the 30 s default
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        try
        {
            var written = 0;
            foreach (var x in open)
                written += await InsertAsync(db, x.Month, x.Path, 0, "该党员在支部报送后登记，补录为往月应补缴", ct);
            return written;
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    /// <summary>One month's missing lines for the members of <paramref name="scope"/> (or only <paramref name="memberId"/> when not 0).</summary>
    private static Task<int> InsertAsync(AppDbContext db, DuesMonth m, string scope, long memberId, string lateRemark, CancellationToken ct)
    {
        var settled = m.State == DuesMonthState.已结算;
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO dues_entries (month_id, month, member_id, org_id, member_org_id, category, base, rate, assessed, due, table_id, problem,
                                      reduction_id, delayed, delay_remark)
            SELECT {m.Id}, {m.Month}, l.member_id, l.branch_id, l.org_id, l.category, l.base, l.rate, l.assessed, l.due, l.table_id, l.problem,
                   l.reduction_id, ({settled} OR rep.id IS NOT NULL), CASE WHEN {settled} OR rep.id IS NOT NULL THEN {lateRemark} END
            FROM dues_month_lines({m.Month}, CAST({scope} AS ltree)) l
            LEFT JOIN dues_branch_reports rep ON rep.month_id = {m.Id} AND rep.org_id = l.branch_id
            WHERE ({memberId} = 0 OR l.member_id = {memberId})
              AND NOT EXISTS (SELECT 1 FROM dues_entries x WHERE x.member_id = l.member_id AND x.month_id = {m.Id})
            ON CONFLICT (month_id, member_id) DO NOTHING
            """, ct);
    }
}
