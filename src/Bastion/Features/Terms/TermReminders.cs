using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>
/// The daily 换届 reminder run: for each organization holding 换届, the reminder of its current stage
/// (6个月, 3个月, 到期 once per term; 逾期 and 未录入届次 once a month) is posted as in-app notifications to
/// the accounts holding 党委管理员 or 支部书记/支委 grants on the organization and on its parent. Each reminder
/// is written once: the unique (org, key) of term_reminders_sent refuses a second insert, from any instance.
/// </summary>
public static class TermReminders
{
    public sealed record Result(int Reminders, int Notifications);

    private static readonly Role[] Recipients = [Role.OrgAdmin, Role.BranchSecretary];

    /// <summary>Posts the reminders due on <paramref name="today"/>, stamped <paramref name="now"/> (both from the injected clock).</summary>
    public static async Task<Result> RunAsync(AppDbContext db, DateOnly today, DateTimeOffset now, CancellationToken ct = default)
    {
        var types = ListTermReminders.TermTypes;
        var orgs = await (
            from o in db.OrganizationsWithin(null).AsNoTracking()
            where o.Status == OrgStatus.正常 && types.Contains(o.Type)
            join t in db.OrgTerms.AsNoTracking().Where(t => t.EndDate == null) on o.Id equals t.OrgId into ts
            from t in ts.DefaultIfEmpty()
            select new
            {
                o.Id, o.Name, o.Type, o.ParentId,
                TermId = t == null ? (long?)null : t.Id,
                Number = t == null ? (int?)null : t.Number,
                Due = t == null ? (DateOnly?)null : (t.AdjustedDueDate ?? t.DueDate),
            }).ToListAsync(ct);
        var subjects = orgs.Select(o => new TermRules.Subject(o.Id, o.Type, o.TermId, o.Due)).ToList();
        var candidates = subjects.Select(s => TermRules.ReminderFor(s, today)).OfType<TermRules.Reminder>().ToList();
        if (candidates.Count == 0) return new Result(0, 0);

        var keys = candidates.Select(c => c.Key).Distinct().ToList();
        var candidateOrgs = candidates.Select(c => c.OrgId).ToList();
        var sent = (await db.TermRemindersSent.AsNoTracking().Where(s => keys.Contains(s.Key) && candidateOrgs.Contains(s.OrgId))
                .Select(s => new { s.OrgId, s.Key }).ToListAsync(ct))
            .Select(s => (s.OrgId, s.Key)).ToHashSet();
        var due = TermRules.DueOn(subjects, today, sent);
        if (due.Count == 0) return new Result(0, 0);

        var byId = orgs.ToDictionary(o => o.Id);
        var targets = due.Select(r => r.OrgId).Concat(due.Select(r => byId[r.OrgId].ParentId).OfType<long>()).Distinct().ToList();
        var grants = await (
            from g in db.RoleGrants.AsNoTracking()
            join u in db.Users.AsNoTracking() on g.UserId equals u.Id
            where Recipients.Contains(g.Role) && g.OrgId != null && targets.Contains(g.OrgId.Value) && !u.IsDisabled
            select new { OrgId = g.OrgId!.Value, g.UserId }).ToListAsync(ct);
        var usersOf = grants.ToLookup(g => g.OrgId, g => g.UserId);

        int reminders = 0, notifications = 0;
        foreach (var r in due)
        {
            var org = byId[r.OrgId];
            var users = usersOf[org.Id].Concat(org.ParentId is { } p ? usersOf[p] : []).Distinct().ToList();
            db.TermRemindersSent.Add(new TermReminderSent { OrgId = org.Id, TermId = r.TermId, Stage = r.Stage, Key = r.Key, SentAt = now });
            var title = TermRules.Title(r.Stage, org.Name, org.Number, org.Due, today);
            foreach (var u in users)
                db.Notifications.Add(new Notification
                {
                    UserId = u, OrgId = org.Id, Title = title, Body = TermRules.Body(r.Stage), Url = $"/Terms/Org/{org.Id}", CreatedAt = now,
                });
            try
            {
                await db.SaveChangesAsync(ct);
                reminders++;
                notifications += users.Count;
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                // another instance posted this reminder first
                db.ChangeTracker.Clear();
            }
        }
        return new Result(reminders, notifications);
    }
}
