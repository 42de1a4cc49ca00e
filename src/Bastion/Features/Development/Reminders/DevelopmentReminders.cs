using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Notifications;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Recipient = Bastion.Features.Notifications.Outbox.Recipient;

namespace Bastion.Features.Development.Reminders;

/// <summary>
/// The daily 发展党员 reminder run: for each open case, the reminders <see cref="DevelopmentReminderRules.Due"/> says are
/// due today (谈话 due and overdue, the half-year 考察, the 党委's 审批 due and overdue, 预备期满 in 30 days) go to the
/// accounts holding a 支部书记/支委 grant on the case's branch — and, for the 党委's steps, to the 党委管理员 of the nearest
/// organization above the branch that has them — as an in-app notification and an outbox row each (SMS / WeChat). The
/// messages name the person and nothing else personal. Each reminder is sent once per case: its key is written to
/// compliance_reminders_sent (unique organization and key, the one "sent once" register) in the same transaction as
/// the messages, so a second run or a second instance writes nothing. A case whose 转出 waits for the receiving branch
/// is skipped until it is decided.
/// </summary>
public static class DevelopmentReminders
{
    public sealed record Result(int Reminders, int Notifications, int Outbox);

    public const string Tag = "发展党员";
    /// <summary>Cases read per query.</summary>
    private const int Batch = 1000;

    private static readonly DevelopmentState[] Watched =
        [DevelopmentState.申请人, DevelopmentState.入党积极分子, DevelopmentState.预备党员待审批, DevelopmentState.预备党员, DevelopmentState.预备党员延长期];

    /// <summary>The key of a case's reminder in compliance_reminders_sent.</summary>
    public static string KeyOf(long caseId, DevelopmentReminder r) => $"dev:{caseId}:{r.Key}";

    public static string Url(long caseId) => $"/Development/Case/{caseId}";

    public static async Task<Result> RunAsync(AppDbContext db, TimeProvider clock, DateOnly today, CancellationToken ct = default)
    {
        int reminders = 0, messages = 0;
        long after = 0;
        while (true)
        {
            var transfers = db.Set<DevelopmentTransfer>().AsNoTracking();
            var cases = await db.Set<DevelopmentCase>().AsNoTracking()
                .Where(c => c.Id > after && Watched.Contains(c.State))
                // a 转出 waiting for the receiving side (decision 0014): nobody can act on the case until it is accepted,
                // refused or withdrawn, so it is not reminded (the accepted case in the receiving branch is, as any other)
                .Where(c => !transfers.Any(t => t.CaseId == c.Id && t.State == DevelopmentTransferState.待接收))
                .OrderBy(c => c.Id).Take(Batch)
                .Select(c => new { c.Id, c.OrgId, c.Name, c.State, c.PackVersion }).ToListAsync(ct);
            if (cases.Count == 0) break;
            after = cases[^1].Id;

            var ids = cases.Select(c => c.Id).ToList();
            var steps = (await db.Set<DevelopmentStep>().AsNoTracking().Where(s => ids.Contains(s.CaseId)).OrderBy(s => s.Id).ToListAsync(ct))
                .GroupBy(s => s.CaseId).ToDictionary(g => g.Key, g => g.ToList());
            var due = cases.SelectMany(c => DevelopmentReminderRules.Due(DevelopmentRulePacks.Get(c.PackVersion), c.State, c.Name,
                    DevelopmentFacts.Timeline(steps.GetValueOrDefault(c.Id) ?? []).Select(r => r.Entry).ToList(), today)
                .Select(r => (Case: c, Reminder: r, Key: KeyOf(c.Id, r)))).ToList();
            if (due.Count == 0) continue;

            var keys = due.Select(d => d.Key).ToList();
            var sent = (await db.Set<ComplianceReminderSent>().AsNoTracking().Where(s => keys.Contains(s.Key))
                .Select(s => new { s.OrgId, s.Key }).ToListAsync(ct)).Select(s => (s.OrgId, s.Key)).ToHashSet();
            due.RemoveAll(d => sent.Contains((d.Case.OrgId, d.Key)));
            if (due.Count == 0) continue;

            var orgIds = due.Select(d => d.Case.OrgId).Distinct().ToList();
            var secretaries = await RecipientsAsync(db, Role.BranchSecretary, orgIds, ct);
            var committees = due.Any(d => d.Reminder.ToCommittee) ? await CommitteeAdminsAsync(db, orgIds, ct) : [];
            foreach (var (c, r, key) in due)
            {
                var to = secretaries[c.OrgId].ToList();
                if (r.ToCommittee && committees.TryGetValue(c.OrgId, out var admins)) to.AddRange(admins);
                to = to.DistinctBy(x => x.UserId).ToList();
                if (to.Count == 0) continue;
                if (!await PostAsync(db, clock, c.OrgId, key, to, r, c.Id, ct)) continue;
                reminders++;
                messages += to.Count;
            }
        }
        return new Result(reminders, messages, messages);
    }

    /// <summary>Enabled accounts holding <paramref name="role"/> on the organizations, with a phone when one is known (the account's, else its member record's).</summary>
    private static async Task<ILookup<long, Recipient>> RecipientsAsync(AppDbContext db, Role role, List<long> orgs, CancellationToken ct)
    {
        var rows = await (from g in db.RoleGrants.AsNoTracking()
                          join u in db.Users.AsNoTracking() on g.UserId equals u.Id
                          join m in db.Members.AsNoTracking() on u.MemberId equals m.Id into ms
                          from m in ms.DefaultIfEmpty()
                          where g.Role == role && g.OrgId != null && orgs.Contains(g.OrgId.Value) && !u.IsDisabled
                          select new { OrgId = g.OrgId!.Value, g.UserId, Phone = u.PhoneNumber ?? (m == null ? null : m.Phone) }).ToListAsync(ct);
        return rows.DistinctBy(r => (r.OrgId, r.UserId)).ToLookup(r => r.OrgId, r => Recipient.Of(r.UserId, r.Phone));
    }

    /// <summary>For each branch, the 党委管理员 of the nearest organization above it that has any (the 基层党委 that approves).</summary>
    private static async Task<Dictionary<long, List<Recipient>>> CommitteeAdminsAsync(AppDbContext db, List<long> branchIds, CancellationToken ct)
    {
        var paths = await db.Organizations.AsNoTracking().Where(o => branchIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Path, ct);
        var ancestors = paths.ToDictionary(p => p.Key, p => p.Value.Split('.').Select(long.Parse).Where(id => id != p.Key).Reverse().ToList());
        var all = ancestors.Values.SelectMany(a => a).Distinct().ToList();
        var admins = await RecipientsAsync(db, Role.OrgAdmin, all, ct);
        var result = new Dictionary<long, List<Recipient>>();
        foreach (var (branch, up) in ancestors)
            if (up.FirstOrDefault(admins.Contains) is var nearest and > 0)
                result[branch] = admins[nearest].ToList();
        return result;
    }

    /// <summary>The sent row, the notifications and the outbox rows in one transaction; false when another run wrote the key first.</summary>
    private static async Task<bool> PostAsync(AppDbContext db, TimeProvider clock, long orgId, string key, List<Recipient> to, DevelopmentReminder r, long caseId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        db.Add(new ComplianceReminderSent { OrgId = orgId, Key = key, SentAt = now });
        Outbox.Post(db, to, orgId, Tag, r.Title, r.Body, Url(caseId), now);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // another run or instance posted this one first
            db.ChangeTracker.Clear();
            return false;
        }
    }
}

/// <summary>
/// Runs <see cref="DevelopmentReminders.RunAsync"/> once shortly after start and then every day at 07:15 China time;
/// an advisory lock lets one instance run at a time (and the sent register keeps each reminder single anyway).
/// </summary>
public sealed class DevelopmentReminderJob(IServiceScopeFactory scopes, IOptions<JobSettings> jobs, ILogger<DevelopmentReminderJob> log, TimeProvider clock)
    : DailyJob(scopes, jobs, log, clock, "发展党员提醒", "development reminder", TimeSpan.FromMinutes(2), new TimeOnly(7, 15))
{
    public const long LockKey = AdvisoryLocks.DevelopmentReminders;

    /// <summary>One run for <paramref name="today"/> under the advisory lock; null when another instance holds it.</summary>
    public static Task<DevelopmentReminders.Result?> RunLockedAsync(AppDbContext db, TimeProvider clock, DateOnly today, CancellationToken ct) =>
        UnderLockAsync(db, LockKey, () => DevelopmentReminders.RunAsync(db, clock, today, ct), ct);

    protected override async Task RunOnceAsync(AppDbContext db, CancellationToken ct)
    {
        var today = Clock.Today();
        var result = await RunLockedAsync(db, Clock, today, ct);
        if (result is null) Log.LogInformation("发展党员提醒：另一实例正在运行，本次跳过");
        else Log.LogInformation("发展党员提醒 {Today}: {Reminders} reminders, {Notifications} notifications, {Outbox} outbox messages", today, result.Reminders, result.Notifications, result.Outbox);
    }
}
