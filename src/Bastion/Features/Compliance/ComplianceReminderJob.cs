using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.Extensions.Options;

namespace Bastion.Features.Compliance;

/// <summary>
/// Runs <see cref="ComplianceReminders.RunAsync"/> once shortly after start and then every day at 07:00 China time.
/// With several instances, a PostgreSQL advisory lock lets one of them run at a time (and the unique index on
/// compliance_reminders_sent keeps each reminder single anyway). Off when Bastion:Jobs:Enabled is "false".
/// </summary>
public sealed class ComplianceReminderJob(IServiceScopeFactory scopes, IOptions<JobSettings> jobs, IOptions<ComplianceSettings> settings, ILogger<ComplianceReminderJob> log, TimeProvider clock)
    : DailyJob(scopes, jobs, log, clock, "组织生活提醒", "compliance reminder", TimeSpan.FromMinutes(2), new TimeOnly(7, 0))
{
    public const long LockKey = AdvisoryLocks.ComplianceReminders;

    /// <summary>One run for <paramref name="today"/> under the advisory lock; null when another instance holds it.</summary>
    public static Task<ComplianceReminders.Result?> RunLockedAsync(AppDbContext db, IOptions<ComplianceSettings> settings, TimeProvider Clock, DateOnly today, CancellationToken ct) =>
        UnderLockAsync(db, LockKey, () => ComplianceReminders.RunAsync(db, settings, Clock, today, ct), ct);

    protected override async Task RunOnceAsync(AppDbContext db, CancellationToken ct)
    {
        var today = Clock.Today();
        var pruned = await ComplianceCache.PruneAsync(db, ct);
        if (pruned > 0) Log.LogInformation("组织生活达标缓存：清理变更记录 {Pruned} 条", pruned);
        var result = await RunLockedAsync(db, settings, Clock, today, ct);
        if (result is null) Log.LogInformation("组织生活提醒：另一实例正在运行，本次跳过");
        else Log.LogInformation("组织生活提醒 {Today}: {Reminders} reminders, {Notifications} notifications, {Outbox} outbox messages", today, result.Reminders, result.Notifications, result.Outbox);
    }
}
