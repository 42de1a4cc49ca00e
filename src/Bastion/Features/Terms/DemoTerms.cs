using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>
/// Realistic terms (届次) for the demo group: most organizations in a current term, one branch overdue, one due
/// in about 2 months, one with no term recorded, one 党委 with an approved delay, and committees drawn from the
/// members of each organization (the first member of a branch is its 书记, so the demo secretary account is one).
/// Call after the organizations and members are saved.
/// </summary>
public static class DemoTerms
{
    public const string OverdueBranch = "电解车间党支部";
    public const string DueSoonBranch = "综合办公室党支部";
    public const string NoTermBranch = "质检中心党支部";
    public const string DelayedCommittee = "机关党委";

    /// <param name="clock">The clock the demo is dated by; the system clock when the caller has none to give.</param>
    public static async Task SeedAsync(AppDbContext db, CancellationToken ct = default, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var today = clock.Today();
        var rng = new Random(20261121);
        var orgs = await db.Organizations.AsNoTracking().Where(o => o.Status == OrgStatus.正常).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).ToListAsync(ct);
        var holders = orgs.Where(o => TermRules.HoldsTerms(o.Type)).ToList();
        if (holders.Count == 0) return;
        var members = await db.Members.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.OrgId, m.Name, m.Category }).ToListAsync(ct);
        var membersOf = members.ToLookup(m => m.OrgId);

        // fall back to positions in the list when another demo layout renamed the named branches
        var branches = holders.Where(o => OrgRules.IsBranch(o.Type)).ToList();
        Organization? Pick(string name, int fallback) =>
            holders.FirstOrDefault(o => o.Name == name) ?? (branches.Count > fallback ? branches[^(fallback + 1)] : null);
        var overdue = Pick(OverdueBranch, 0);
        var dueSoon = Pick(DueSoonBranch, 1);
        var none = Pick(NoTermBranch, 2);
        var delayed = holders.FirstOrDefault(o => o.Name == DelayedCommittee);

        var now = clock.GetUtcNow();
        foreach (var org in holders)
        {
            if (org.Id == none?.Id) continue;
            var years = OrgRules.TermYears(org.Type)!.Value;
            DateOnly start;
            if (org.Id == overdue?.Id) start = today.AddYears(-years).AddDays(-45);          // due 45 days ago
            else if (org.Id == dueSoon?.Id) start = today.AddMonths(2).AddYears(-years);      // due in 2 months
            else if (org.Id == delayed?.Id) start = today.AddMonths(4).AddYears(-years);      // due in 4 months, delayed a year
            else start = today.AddDays(-(30 + rng.Next(years * 365 - 240)));                  // due more than 6 months ahead
            var number = 2 + rng.Next(years == 5 ? 3 : 6);

            // the previous term, ended when this one started
            var prevStart = start.AddYears(-years).AddDays(rng.Next(-20, 21));
            var previous = new OrgTerm
            {
                OrgId = org.Id, Number = number - 1, StartDate = prevStart, DueDate = TermRules.DueDate(prevStart, org.Type)!.Value, EndDate = start, CreatedAt = now,
            };
            var current = new OrgTerm { OrgId = org.Id, Number = number, StartDate = start, DueDate = TermRules.DueDate(start, org.Type)!.Value, CreatedAt = now };
            if (org.Id == delayed?.Id)
            {
                current.AdjustedDueDate = current.DueDate.AddYears(1).AddDays(-1);
                current.AdjustmentReason = "集团公司深化改革、机关部门调整期间，经上级党组织批准延期换届";
                current.ApprovalDocNo = "集团党委〔" + today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) + "〕8号";
                current.ApprovalDate = today.AddDays(-20);
            }
            db.AddRange(previous, current);
            await db.SaveChangesAsync(ct);

            // committee: a branch draws on its own members; a 党委 or 党总支 on the members of its subtree
            var pool = OrgRules.IsBranch(org.Type)
                ? membersOf[org.Id].ToList()
                : members.Where(m => orgs.Any(o => o.Id == m.OrgId && OrgRules.IsWithin(o.Path, org.Path))).ToList();
            if (pool.Count == 0) continue;
            var chosen = new List<(CommitteePost Post, long Id, string Name)>();
            var posts = pool.Count >= 7 ? Enum.GetValues<CommitteePost>() : [CommitteePost.书记];
            var candidates = OrgRules.IsBranch(org.Type)
                ? pool.Take(1).Concat(pool.Skip(1).Where(m => m.Category == MemberCategory.正式党员).OrderBy(_ => rng.Next())).ToList()
                : pool.Where(m => m.Category == MemberCategory.正式党员).OrderBy(_ => rng.Next()).ToList();
            for (var i = 0; i < posts.Length && i < candidates.Count; i++) chosen.Add((posts[i], candidates[i].Id, candidates[i].Name));
            foreach (var c in chosen)
            {
                db.Add(new OrgTermMember { TermId = previous.Id, Post = c.Post, Name = c.Name, MemberId = c.Id, AppointedAt = prevStart, LeftAt = start });
                db.Add(new OrgTermMember { TermId = current.Id, Post = c.Post, Name = c.Name, MemberId = c.Id, AppointedAt = start });
            }
            await db.SaveChangesAsync(ct);
        }
    }
}
