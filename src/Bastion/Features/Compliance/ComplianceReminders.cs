using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Notifications;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Recipient = Bastion.Features.Notifications.Outbox.Recipient;

namespace Bastion.Features.Compliance;

/// <summary>
/// The daily 组织生活 reminder run.
/// (a) From <see cref="ReminderDays"/> days before a month ends (and so before a quarter or a year that ends with
/// it), each branch that still misses something due by that day is reminded once: an in-app notification to the
/// accounts holding a 支部书记/支委 grant on the branch, listing the gaps in plain Chinese, and one outbox row per
/// recipient for a future SMS / WeChat gateway.
/// (b) On Mondays (China time), the 党委管理员 of each 党委 / 党总支 get the list of the 未达标 and 预警 branches under
/// it for the current quarter (nothing when there are none).
/// Each message is written once: its row in compliance_reminders_sent (unique organization and key) is inserted in
/// the same transaction as the notifications and outbox rows, so a second run or a second instance writes nothing.
/// </summary>
public static class ComplianceReminders
{
    public sealed record Result(int Reminders, int Notifications, int Outbox)
    {
        public static Result operator +(Result a, Result b) => new(a.Reminders + b.Reminders, a.Notifications + b.Notifications, a.Outbox + b.Outbox);
    }

    public const int DefaultReminderDays = 10;
    /// <summary>Branch names listed in a weekly message before "等N个".</summary>
    public const int MaxNamesListed = 20;

    /// <summary>Bastion:Compliance:ReminderDays (default 10): how many days before a month ends the branch reminder goes out.</summary>
    public static int ReminderDays(ComplianceSettings settings) => settings.ReminderDays;

    public static string BranchKey(Period month) => "due:" + month.Code;
    public static string WeeklyKey(DateOnly monday) => "weekly:" + monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The run for <paramref name="today"/>; messages are stamped with <paramref name="clock"/>'s now.</summary>
    public static async Task<Result> RunAsync(AppDbContext db, IOptions<ComplianceSettings> settings, TimeProvider clock, DateOnly today, CancellationToken ct = default)
    {
        // not the app's cache: the reminders read each subtree once a day, and keeping their evaluations would only hold memory
        var engine = new ComplianceEngine(db, settings, ComplianceCache.None(settings), clock);
        var result = await BranchRemindersAsync(db, engine, clock, today, ReminderDays(settings.Value), ct);
        if (today.DayOfWeek == DayOfWeek.Monday) result += await WeeklyAsync(db, engine, clock, today, ct);
        return result;
    }

    /// <summary>Enabled accounts holding <paramref name="role"/> on the organizations, with a phone when one is known (the account's, else its member record's).</summary>
    private static async Task<ILookup<long, Recipient>> RecipientsAsync(AppDbContext db, Role role, CancellationToken ct, List<long>? orgs = null)
    {
        var q = from g in db.RoleGrants.AsNoTracking()
                join u in db.Users.AsNoTracking() on g.UserId equals u.Id
                join m in db.Members.AsNoTracking() on u.MemberId equals m.Id into ms
                from m in ms.DefaultIfEmpty()
                where g.Role == role && g.OrgId != null && !u.IsDisabled
                select new { OrgId = g.OrgId!.Value, g.UserId, Phone = u.PhoneNumber ?? (m == null ? null : m.Phone) };
        if (orgs is not null) q = q.Where(x => orgs.Contains(x.OrgId));
        var rows = await q.ToListAsync(ct);
        return rows.DistinctBy(r => (r.OrgId, r.UserId)).ToLookup(r => r.OrgId, r => Recipient.Of(r.UserId, r.Phone));
    }

    private static async Task<Result> BranchRemindersAsync(AppDbContext db, ComplianceEngine engine, TimeProvider clock, DateOnly today, int reminderDays, CancellationToken ct)
    {
        var month = Period.Containing(PeriodUnit.月, today);
        var daysLeft = month.End.DayNumber - today.DayNumber;
        if (daysLeft > reminderDays) return new Result(0, 0, 0);

        var secretaries = await RecipientsAsync(db, Role.BranchSecretary, ct);
        if (secretaries.Count == 0) return new Result(0, 0, 0);
        var branchIds = secretaries.Select(g => g.Key).ToList();
        var key = BranchKey(month);
        var sent = (await db.Set<ComplianceReminderSent>().AsNoTracking().Where(s => s.Key == key && branchIds.Contains(s.OrgId))
            .Select(s => s.OrgId).ToListAsync(ct)).ToHashSet();
        var active = (await db.Organizations.AsNoTracking().Where(o => branchIds.Contains(o.Id) && o.Status == OrgStatus.正常)
            .Select(o => o.Id).ToListAsync(ct)).ToHashSet();
        if (active.All(sent.Contains)) return new Result(0, 0, 0);

        var result = new Result(0, 0, 0);
        foreach (var root in await RootsAsync(db, ct))
        {
            var rollup = await engine.RollupAsync(root, month, ct, today);
            foreach (var b in rollup.Branches)
            {
                if (!active.Contains(b.OrgId) || sent.Contains(b.OrgId)) continue;
                var gaps = b.Gaps.Where(g => g.Status != ComplianceStatus.达标 && g.Period.End >= today).ToList();
                if (gaps.Count == 0) continue;
                var title = BranchTitle(b.Name, month, gaps.Count, daysLeft);
                var url = $"/Compliance/Branch/{b.OrgId}?period={month.Code}";
                result += await PostAsync(db, clock, b.OrgId, key, secretaries[b.OrgId].ToList(), title, string.Join("；", gaps.Select(g => g.Message)), url, ct);
            }
        }
        return result;
    }

    public static string BranchTitle(string branch, Period month, int gaps, int daysLeft) =>
        daysLeft == 0
            ? $"组织生活提醒：{branch}今日（{month.End.Month}月{month.End.Day}日）{Ends(month)}，尚有{gaps}项未完成"
            : $"组织生活提醒：{branch}距{month.End.Month}月{month.End.Day}日{Ends(month)}还有{daysLeft}天，尚有{gaps}项未完成";

    /// <summary>"本月结束", "本季度结束", "本年度结束": the longest period that ends with the month.</summary>
    private static string Ends(Period month) =>
        month.Index == 12 ? "本年度结束" : month.Index % 3 == 0 ? "本季度结束" : "本月结束";

    private static async Task<Result> WeeklyAsync(AppDbContext db, ComplianceEngine engine, TimeProvider clock, DateOnly today, CancellationToken ct)
    {
        var quarter = Period.Containing(PeriodUnit.季, today);
        var admins = await RecipientsAsync(db, Role.OrgAdmin, ct);
        if (admins.Count == 0) return new Result(0, 0, 0);
        var adminOrgs = admins.Select(g => g.Key).ToList();
        var key = WeeklyKey(today);
        var sent = (await db.Set<ComplianceReminderSent>().AsNoTracking().Where(s => s.Key == key && adminOrgs.Contains(s.OrgId))
            .Select(s => s.OrgId).ToListAsync(ct)).ToHashSet();
        var superiors = await db.Organizations.AsNoTracking()
            .Where(o => adminOrgs.Contains(o.Id) && o.Status == OrgStatus.正常 && (o.Type == OrgType.党委 || o.Type == OrgType.党总支))
            .OrderBy(o => o.Path).ToListAsync(ct);
        superiors.RemoveAll(o => sent.Contains(o.Id));
        if (superiors.Count == 0) return new Result(0, 0, 0);

        // one rollup per tree; each superior takes the branches under its path
        var result = new Result(0, 0, 0);
        foreach (var root in await RootsAsync(db, ct))
        {
            var mine = superiors.Where(s => s.Path == root.Path || s.Path.StartsWith(root.Path + ".", StringComparison.Ordinal)).ToList();
            if (mine.Count == 0) continue;
            var rollup = await engine.RollupAsync(root, quarter, ct, today);
            var flagged = rollup.Branches.Where(b => b.Status is ComplianceStatus.未达标 or ComplianceStatus.预警).ToList();
            if (flagged.Count == 0) continue;
            var flaggedIds = flagged.Select(b => b.OrgId).ToList();
            var paths = await db.Organizations.AsNoTracking().Where(o => flaggedIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Path, ct);
            foreach (var s in mine)
            {
                var under = flagged.Where(b => paths.TryGetValue(b.OrgId, out var p) && p.StartsWith(s.Path + ".", StringComparison.Ordinal)).ToList();
                if (under.Count == 0) continue;
                var failing = under.Where(b => b.Status == ComplianceStatus.未达标).Select(b => b.Name).ToList();
                var warning = under.Where(b => b.Status == ComplianceStatus.预警).Select(b => b.Name).ToList();
                var title = $"组织生活周报：{s.Name}{quarter.Label}有{failing.Count}个支部未达标、{warning.Count}个支部预警";
                var body = string.Join("；", new[] { ("未达标", failing), ("预警", warning) }.Where(x => x.Item2.Count > 0).Select(x => $"{x.Item1}：{Names(x.Item2)}"));
                result += await PostAsync(db, clock, s.Id, key, admins[s.Id].ToList(), title, body, $"/Compliance?org={s.Id}&period={quarter.Code}", ct);
            }
        }
        return result;
    }

    /// <summary>"甲、乙、丙" (the first <see cref="MaxNamesListed"/>, then "等N个").</summary>
    public static string Names(IReadOnlyList<string> names) =>
        names.Count <= MaxNamesListed ? string.Join("、", names) : string.Join("、", names.Take(MaxNamesListed)) + $"等{names.Count}个";

    private static Task<List<Organization>> RootsAsync(AppDbContext db, CancellationToken ct) =>
        db.Organizations.AsNoTracking().Where(o => o.ParentId == null).OrderBy(o => o.SortOrder).ThenBy(o => o.Id).ToListAsync(ct);

    /// <summary>The sent row, the notifications and the outbox rows in one transaction; nothing when another run wrote the key first.</summary>
    private static async Task<Result> PostAsync(AppDbContext db, TimeProvider clock, long orgId, string key, List<Recipient> to, string title, string body, string url, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        db.Add(new ComplianceReminderSent { OrgId = orgId, Key = key, SentAt = now });
        Outbox.Post(db, to, orgId, "组织生活", title, body, url, now);
        try
        {
            await db.SaveChangesAsync(ct);
            return new Result(1, to.Count, to.Count);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // another run or instance posted this one first
            db.ChangeTracker.Clear();
            return new Result(0, 0, 0);
        }
    }
}
