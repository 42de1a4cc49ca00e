using Bastion.Data;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Compliance;

/// <summary>
/// Runs <see cref="ComplianceReminders.RunAsync"/> once shortly after start and then every day at 07:00 China time.
/// With several instances, a PostgreSQL advisory lock lets one of them run at a time (and the unique index on
/// compliance_reminders_sent keeps each reminder single anyway). Off when Bastion:Jobs:Enabled is "false".
/// </summary>
public sealed class ComplianceReminderJob(IServiceScopeFactory scopes, IConfiguration config, ILogger<ComplianceReminderJob> log) : BackgroundService
{
    public const long LockKey = 7206175411;
    public static readonly TimeSpan StartDelay = TimeSpan.FromMinutes(2);
    public static readonly TimeOnly RunAt = new(7, 0);

    public static bool IsEnabled(IConfiguration config) => Terms.TermReminderJob.IsEnabled(config);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!IsEnabled(config))
        {
            log.LogInformation("组织生活提醒任务未启用 (Bastion:Jobs:Enabled = false)");
            return;
        }
        try
        {
            await Task.Delay(StartDelay, stop);
            while (!stop.IsCancellationRequested)
            {
                await RunOnceAsync(stop);
                await Task.Delay(UntilNextRun(DateTimeOffset.UtcNow), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // shutting down
        }
    }

    /// <summary>Time from <paramref name="now"/> to the next <see cref="RunAt"/> in China.</summary>
    public static TimeSpan UntilNextRun(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Domain.ChineseDates.China);
        var next = new DateTimeOffset(local.Date + RunAt.ToTimeSpan(), local.Offset);
        if (next <= local) next = next.AddDays(1);
        return next - local;
    }

    /// <summary>One run for <paramref name="today"/> under the advisory lock; null when another instance holds it.</summary>
    public static async Task<ComplianceReminders.Result?> RunLockedAsync(AppDbContext db, IConfiguration config, DateOnly today, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({LockKey}) AS \"Value\"").SingleAsync(ct);
            if (!locked) return null;
            try
            {
                return await ComplianceReminders.RunAsync(db, config, today, ct);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "system");
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var today = ComplianceEngine.Today();
            var result = await RunLockedAsync(db, config, today, ct);
            if (result is null) log.LogInformation("组织生活提醒：另一实例正在运行，本次跳过");
            else log.LogInformation("组织生活提醒 {Today}: {Reminders} reminders, {Notifications} notifications, {Outbox} outbox messages", today, result.Reminders, result.Notifications, result.Outbox);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "组织生活提醒任务失败，明天再试 / compliance reminder run failed");
        }
    }
}
