using System.Threading.Channels;
using Bastion.Data;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members.Import;

/// <summary>
/// The wake-up signal of the import queue. The queue itself is the <c>import_jobs</c> table (jobs in 校验中/导入中 not
/// yet started), so a queued job survives a restart and any instance may run it; <see cref="Notify"/> only saves the
/// worker its next look.
/// </summary>
public sealed class ImportQueue
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>A job was queued (or its import confirmed): the worker looks now.</summary>
    public void Notify() => _signal.Writer.TryWrite(true);

    /// <summary>
    /// Queues an uploaded workbook, already checked against its limits, as a job of <paramref name="kind"/> for the
    /// organization (校验中, requested by the caller) and wakes the worker: the job's id. Every upload (roster, payroll,
    /// bank/WeChat statement) goes through here.
    /// </summary>
    public async Task<long> EnqueueAsync(AppDbContext db, AuditActor actor, TimeProvider clock, long orgId, ImportKind kind,
        string? fileName, byte[] content, CancellationToken ct)
    {
        var name = Path.GetFileName(fileName ?? "");
        var job = new ImportJob
        {
            OrgId = orgId, Kind = kind, FileName = name[..Math.Min(200, name.Length)], Content = content,
            State = ImportState.校验中, CreatedBy = actor.UserName, CreatedAt = clock.GetUtcNow(),
            RequestedById = actor.UserId, RequestedBy = actor.UserName,
        };
        db.Set<ImportJob>().Add(job);
        await db.SaveChangesAsync(ct);
        Notify();
        return job.Id;
    }

    /// <summary>Waits for a <see cref="Notify"/> or until <paramref name="timeout"/> has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken stop)
    {
        using var elapsed = new CancellationTokenSource(timeout, clock);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop, elapsed.Token);
        try
        {
            await _signal.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            // the timeout: look anyway (jobs queued by another instance, jobs a dead instance left)
        }
    }
}

/// <summary>
/// Runs the queued roster checks and imports one at a time, each in its own scope, until the host stops. A job being
/// run holds a session advisory lock on the worker's connection: a started job whose lock nobody holds was left by
/// a crash or a restart (of this or another instance) and is marked 失败 with the reason the page shows — its rows
/// were written in one transaction, so nothing of it is in the database. A job still queued is simply run.
/// A graceful stop ends the running job the same way at once.
/// </summary>
public sealed class ImportWorker(IServiceScopeFactory scopes, ImportQueue queue, TimeProvider clock, ILogger<ImportWorker> log) : BackgroundService
{
    /// <summary>How often an idle worker looks for work queued elsewhere and for jobs a dead instance left.</summary>
    public static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(10);

    public const string CheckInterrupted = "系统在校验过程中重启，本次校验未完成，请重新上传";
    public const string ImportInterrupted = "系统在导入过程中重启，本次导入未完成，未写入任何数据，请重新上传";

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        await Task.Yield(); // the host goes on starting
        while (!stop.IsCancellationRequested)
        {
            var ran = false;
            try
            {
                await FailAbandonedAsync(stop);
                ran = await RunNextAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Import queue: looking for work failed");
            }
            if (!ran) await queue.WaitAsync(IdlePoll, clock, stop);
        }
    }

    /// <summary>Marks 失败 every started job in 校验中/导入中 that no live worker holds (its instance stopped or crashed).</summary>
    public async Task<int> FailAbandonedAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        var failed = await db.Database.ExecuteSqlAsync($"""
            UPDATE import_jobs SET failure = CASE state WHEN '校验中' THEN {CheckInterrupted} ELSE {ImportInterrupted} END,
                state = '失败', finished_at = {now}
            WHERE state IN ('校验中', '导入中') AND started_at IS NOT NULL
              AND pg_try_advisory_xact_lock(hashtext('import_jobs'), (id % 2147483647)::int)
            """, ct);
        if (failed > 0) log.LogWarning("Import queue: {Count} interrupted import job(s) marked as failed", failed);
        return failed;
    }

    /// <summary>Takes the oldest queued job and runs it; false when the queue is empty.</summary>
    private async Task<bool> RunNextAsync(CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // the connection stays open for the whole run: it holds the job's lock
        await db.Database.OpenConnectionAsync(stop);
        try
        {
            var jobId = await ClaimAsync(db, stop);
            if (jobId is not { } id) return false;
            await scope.ServiceProvider.GetRequiredService<RunImportJob>().RunAsync(id, stop);
            return true;
        }
        finally
        {
            // the job's lock (also when the claim itself failed after taking it): the connection goes back to the pool clean
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock_all()", CancellationToken.None);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                // a broken connection is not returned to the pool: its session, and the lock with it, ends
                log.LogWarning(e, "Import queue: the job's lock was not released on its connection");
            }
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The oldest queued job, locked for this worker and marked started (one transaction, so a started job is always locked).</summary>
    private async Task<long?> ClaimAsync(AppDbContext db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = await db.Database.SqlQuery<long>($"""
            SELECT id AS "Value" FROM import_jobs WHERE state IN ('校验中', '导入中') AND started_at IS NULL
            ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        if (ids.Count == 0) return null;
        var id = ids[0];
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock(hashtext('import_jobs'), ({id} % 2147483647)::int)", ct);
        await db.Database.ExecuteSqlAsync($"UPDATE import_jobs SET started_at = {clock.GetUtcNow()}, done = 0 WHERE id = {id}", ct);
        await tx.CommitAsync(ct);
        return id;
    }
}
