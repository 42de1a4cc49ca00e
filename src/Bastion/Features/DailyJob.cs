using Bastion.Data;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bastion.Features;

/// <summary>
/// A job that runs once shortly after start and then every day at <paramref name="runAt"/> China time, each run in
/// its own scope as the "system" actor; a failed run is logged and tried again the next day. Off when
/// Bastion:Jobs:Enabled is "false". <see cref="UnderLockAsync"/> lets one of several instances run at a time.
/// </summary>
public abstract class DailyJob(IServiceScopeFactory scopes, IOptions<JobSettings> jobs, ILogger log, TimeProvider clock, string title, string englishName,
    TimeSpan startDelay, TimeOnly runAt) : BackgroundService
{
    protected ILogger Log => log;

    /// <summary>The injected clock: every run's "now" and the next run's time.</summary>
    protected TimeProvider Clock => clock;

    public static bool IsEnabled(JobSettings settings) => settings.Enabled;

    /// <summary>Time from <paramref name="now"/> to the next <paramref name="runAt"/> in China.</summary>
    public static TimeSpan UntilNextRun(DateTimeOffset now, TimeOnly runAt)
    {
        var local = TimeZoneInfo.ConvertTime(now, Domain.ChineseDates.China);
        var next = new DateTimeOffset(local.Date + runAt.ToTimeSpan(), local.Offset);
        if (next <= local) next = next.AddDays(1);
        return next - local;
    }

    /// <summary>Runs <paramref name="run"/> holding the advisory lock <paramref name="key"/>; null when another instance holds it.</summary>
    public static async Task<T?> UnderLockAsync<T>(AppDbContext db, long key, Func<Task<T>> run, CancellationToken ct) where T : class
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({key}) AS \"Value\"").SingleAsync(ct);
            if (!locked) return null;
            try
            {
                return await run();
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({key})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>One day's run, in a fresh scope.</summary>
    protected abstract Task RunOnceAsync(AppDbContext db, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!IsEnabled(jobs.Value))
        {
            log.LogInformation("{Title}任务未启用 (Bastion:Jobs:Enabled = false)", title);
            return;
        }
        try
        {
            await Task.Delay(startDelay, stop);
            while (!stop.IsCancellationRequested)
            {
                await RunInScopeAsync(stop);
                await Task.Delay(UntilNextRun(clock.GetUtcNow(), runAt), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task RunInScopeAsync(CancellationToken ct)
    {
        try
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "system");
            await RunOnceAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "{Title}任务失败，明天再试 / {Name} run failed", title, englishName);
        }
    }
}
