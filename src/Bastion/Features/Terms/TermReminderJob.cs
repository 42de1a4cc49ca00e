using Bastion.Data;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>
/// Runs <see cref="TermReminders.RunAsync"/> once shortly after start and then every day at 06:00 China time.
/// With several instances, a PostgreSQL advisory lock lets one of them run at a time (and the unique index
/// on term_reminders_sent keeps each reminder single anyway). Off when Bastion:Jobs:Enabled is "false".
/// </summary>
public sealed class TermReminderJob(IServiceScopeFactory scopes, IConfiguration config, ILogger<TermReminderJob> log) : BackgroundService
{
    public const long LockKey = 7206175410;
    public static readonly TimeSpan StartDelay = TimeSpan.FromMinutes(1);
    public static readonly TimeOnly RunAt = new(6, 0);

    public static bool IsEnabled(IConfiguration config) =>
        !string.Equals(config["Bastion:Jobs:Enabled"], "false", StringComparison.OrdinalIgnoreCase);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!IsEnabled(config))
        {
            log.LogInformation("换届提醒任务未启用 (Bastion:Jobs:Enabled = false)");
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

    private async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "system");
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({LockKey}) AS \"Value\"").SingleAsync(ct);
                if (!locked)
                {
                    log.LogInformation("换届提醒：另一实例正在运行，本次跳过");
                    return;
                }
                try
                {
                    var today = TermsDb.Today();
                    var result = await TermReminders.RunAsync(db, today, ct);
                    log.LogInformation("换届提醒 {Today}: {Reminders} reminders, {Notifications} notifications", today, result.Reminders, result.Notifications);
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
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "换届提醒任务失败，明天再试 / term reminder run failed");
        }
    }
}
