using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.Extensions.Options;

namespace Bastion.Features.Terms;

/// <summary>
/// Runs <see cref="TermReminders.RunAsync"/> once shortly after start and then every day at 06:00 China time.
/// With several instances, a PostgreSQL advisory lock lets one of them run at a time (and the unique index
/// on term_reminders_sent keeps each reminder single anyway). Off when Bastion:Jobs:Enabled is "false".
/// </summary>
public sealed class TermReminderJob(IServiceScopeFactory scopes, IOptions<JobSettings> jobs, ILogger<TermReminderJob> log, TimeProvider clock)
    : DailyJob(scopes, jobs, log, clock, "换届提醒", "term reminder", TimeSpan.FromMinutes(1), RunAt)
{
    public const long LockKey = AdvisoryLocks.TermReminders;
    public static readonly TimeOnly RunAt = new(6, 0);

    /// <summary>Time from <paramref name="now"/> to the next <see cref="RunAt"/> in China.</summary>
    public static TimeSpan UntilNextRun(DateTimeOffset now) => UntilNextRun(now, RunAt);

    protected override async Task RunOnceAsync(AppDbContext db, CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var result = await UnderLockAsync(db, LockKey, () => TermReminders.RunAsync(db, today, now, ct), ct);
        if (result is null) Log.LogInformation("换届提醒：另一实例正在运行，本次跳过");
        else Log.LogInformation("换届提醒 {Today}: {Reminders} reminders, {Notifications} notifications", today, result.Reminders, result.Notifications);
    }
}
