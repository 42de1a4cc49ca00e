using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Notifications;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Recipient = Bastion.Features.Notifications.Outbox.Recipient;

namespace Bastion.Features.Ledger;

/// <summary>
/// The daily ledger run. (a) An open item whose deadline is within <see cref="DueSoonDays"/> days reminds its owner once per
/// deadline (due_soon_notified_at). (b) An open item past its deadline is escalated once per deadline (escalated_at) to the
/// owner's superior organization: the accounts holding 党委管理员 / 支部书记 grants on the parent of the item's organization
/// (on the organization itself when it has no parent). Each item is claimed by a conditional update in the same transaction
/// as its notifications and outbox rows, so a second run or a second instance writes nothing.
/// </summary>
public static class LedgerReminders
{
    public sealed record Result(int DueSoon, int Escalated, int Notifications, int Outbox);

    public const int DefaultDueSoonDays = 3;

    /// <summary>Bastion:Ledger:DueSoonDays (default 3).</summary>
    public static int DueSoonDays(LedgerSettings settings) => settings.DueSoonDays;

    public static async Task<Result> RunAsync(AppDbContext db, IOptions<LedgerSettings> settings, DateTimeOffset now, CancellationToken ct = default)
    {
        var today = ChineseDates.DayOf(now);
        var until = today.AddDays(DueSoonDays(settings.Value));
        int dueSoon = 0, escalated = 0, notifications = 0, outbox = 0;

        var soon = await db.Set<LedgerItem>().AsNoTracking()
            .Where(i => i.State != LedgerState.已销号 && i.DueSoonNotifiedAt == null && i.Deadline >= today && i.Deadline <= until)
            .OrderBy(i => i.Deadline).ThenBy(i => i.Id).ToListAsync(ct);
        var owners = await RecipientsAsync(db, soon.Select(i => i.OwnerUserId), ct);
        foreach (var item in soon)
        {
            var days = item.Deadline.DayNumber - today.DayNumber;
            var title = days == 0 ? $"台账事项今日到期：{item.Title}" : $"台账事项还有{days}天到期：{item.Title}";
            var body = $"完成时限{ChineseDates.Date(item.Deadline)}，当前状态“{item.State}”，验收人{item.VerifierName}。请按时办理并提交佐证材料申请销号。";
            List<Recipient> to = owners.TryGetValue(item.OwnerUserId, out var owner) ? [owner] : [];
            var deadline = item.Deadline;
            var n = await ClaimAndPostAsync(db, item, to, title, body, now,
                q => q.Where(i => i.DueSoonNotifiedAt == null && i.Deadline == deadline && i.State != LedgerState.已销号)
                      .ExecuteUpdateAsync(s => s.SetProperty(i => i.DueSoonNotifiedAt, now), ct), ct);
            if (n is null) continue;
            dueSoon++; notifications += n.Value; outbox += n.Value;
        }

        var overdue = await db.Set<LedgerItem>().AsNoTracking()
            .Where(i => i.State != LedgerState.已销号 && i.EscalatedAt == null && i.Deadline < today)
            .OrderBy(i => i.Deadline).ThenBy(i => i.Id).ToListAsync(ct);
        if (overdue.Count > 0)
        {
            var orgIds = overdue.Select(i => i.OrgId).Distinct().ToList();
            var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
            var superiorIds = orgs.Values.Select(o => o.ParentId ?? o.Id).Distinct().ToList();
            var grants = await db.RoleGrants.AsNoTracking()
                .Where(g => g.OrgId != null && superiorIds.Contains(g.OrgId.Value) && (g.Role == Role.OrgAdmin || g.Role == Role.BranchSecretary))
                .Select(g => new { OrgId = g.OrgId!.Value, g.UserId }).ToListAsync(ct);
            var accounts = await RecipientsAsync(db, grants.Select(g => g.UserId), ct);
            var superiors = grants.ToLookup(g => g.OrgId, g => g.UserId);
            foreach (var item in overdue)
            {
                var org = orgs[item.OrgId];
                var to = superiors[org.ParentId ?? org.Id].Distinct().Where(accounts.ContainsKey).Select(u => accounts[u]).ToList();
                var days = today.DayNumber - item.Deadline.DayNumber;
                var title = $"台账事项逾期督办：{org.Name}“{item.Title}”已逾期{days}天";
                var body = $"责任人{item.OwnerName}，完成时限{ChineseDates.Date(item.Deadline)}"
                           + (item.Deadline != item.OriginalDeadline ? $"（原定{ChineseDates.Date(item.OriginalDeadline)}）" : "")
                           + $"，当前状态“{item.State}”。请督促{org.Name}限期办结。";
                var deadline = item.Deadline;
                var n = await ClaimAndPostAsync(db, item, to, title, body, now,
                    q => q.Where(i => i.EscalatedAt == null && i.Deadline == deadline && i.State != LedgerState.已销号)
                          .ExecuteUpdateAsync(s => s.SetProperty(i => i.EscalatedAt, now), ct), ct);
                if (n is null) continue;
                escalated++; notifications += n.Value; outbox += n.Value;
            }
        }
        return new Result(dueSoon, escalated, notifications, outbox);
    }

    /// <summary>The enabled accounts among the ids (one query for the whole run), with a phone when one is known (the account's, else its member record's).</summary>
    private static async Task<Dictionary<long, Recipient>> RecipientsAsync(AppDbContext db, IEnumerable<long> userIds, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToList();
        if (ids.Count == 0) return [];
        return (await (from u in db.Users.AsNoTracking()
                       join m in db.Members.AsNoTracking() on u.MemberId equals m.Id into ms
                       from m in ms.DefaultIfEmpty()
                       where ids.Contains(u.Id) && !u.IsDisabled
                       select new { u.Id, Phone = u.PhoneNumber ?? (m == null ? null : m.Phone) }).ToListAsync(ct))
            .ToDictionary(r => r.Id, r => Recipient.Of(r.Id, r.Phone));
    }

    /// <summary>Claims the item (the conditional update must change its row) and posts the notifications and outbox rows in one transaction; null when another run claimed it first.</summary>
    private static async Task<int?> ClaimAndPostAsync(AppDbContext db, LedgerItem item, List<Recipient> to, string title, string body, DateTimeOffset now,
        Func<IQueryable<LedgerItem>, Task<int>> claim, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var id = item.Id;
        if (await claim(db.Set<LedgerItem>().Where(i => i.Id == id)) == 0)
        {
            await tx.RollbackAsync(ct);
            return null;
        }
        Outbox.Post(db, to, item.OrgId, "台账", title, body, LedgerNotices.Url(item.Id), now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return to.Count;
    }
}

/// <summary>
/// Runs <see cref="LedgerReminders.RunAsync"/> once shortly after start and then every day at 07:30 China time; with several
/// instances an advisory lock lets one of them run at a time (and the per-item claim keeps each message single anyway).
/// </summary>
public sealed class LedgerReminderJob(IServiceScopeFactory scopes, IOptions<JobSettings> jobs, IOptions<LedgerSettings> settings, ILogger<LedgerReminderJob> log, TimeProvider clock)
    : DailyJob(scopes, jobs, log, clock, "台账到期提醒", "ledger reminder", TimeSpan.FromMinutes(3), new TimeOnly(7, 30))
{
    public const long LockKey = AdvisoryLocks.LedgerReminders;

    /// <summary>One run at <paramref name="now"/> under the advisory lock; null when another instance holds it.</summary>
    public static Task<LedgerReminders.Result?> RunLockedAsync(AppDbContext db, IOptions<LedgerSettings> settings, DateTimeOffset now, CancellationToken ct) =>
        UnderLockAsync(db, LockKey, () => LedgerReminders.RunAsync(db, settings, now, ct), ct);

    protected override async Task RunOnceAsync(AppDbContext db, CancellationToken ct)
    {
        var result = await RunLockedAsync(db, settings, Clock.GetUtcNow(), ct);
        if (result is null) Log.LogInformation("台账到期提醒：另一实例正在运行，本次跳过");
        else Log.LogInformation("台账到期提醒: {DueSoon} due soon, {Escalated} escalated, {Notifications} notifications, {Outbox} outbox messages",
            result.DueSoon, result.Escalated, result.Notifications, result.Outbox);
    }
}
