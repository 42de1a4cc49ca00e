using System.Data.Common;
using Bastion.Data;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members.Import;

/// <summary>
/// Runs one claimed job: the check (校验中 → 已校验) or the import (导入中 → 已完成) of its stored roster, writing progress
/// as it goes, in the name of whoever asked for it. Failure → 失败, nothing written (the rows go in one transaction);
/// a stop of the host → 失败 saying the system restarted.
/// </summary>
public sealed class RunImportJob(AppDbContext db, AuditActor actor, ImportMembers import, IEnumerable<ISheetImport> sheets, IServiceScopeFactory scopes, TimeProvider clock, ILogger<RunImportJob> log)
{
    public async Task RunAsync(long jobId, CancellationToken stop)
    {
        var job = await db.Set<ImportJob>().AsNoTracking().Where(j => j.Id == jobId)
            .Select(j => new { j.OrgId, j.Kind, j.State, j.RequestedById, j.RequestedBy }).FirstAsync(stop);
        var dryRun = job.State == ImportState.校验中;
        actor.Set(job.RequestedById, job.RequestedBy);
        try
        {
            var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == job.OrgId, stop);
            var content = await db.Set<ImportJob>().Where(j => j.Id == jobId).Select(j => j.Content).FirstAsync(stop);
            ImportMembers.Report report;
            await using (var progress = new ProgressWriter(scopes, clock, jobId, log))
                report = job.Kind == ImportKind.花名册
                    ? await import.RunAsync(new MemoryStream(content), org, dryRun, progress, stop, jobId)
                    : await sheets.Single(s => s.Kind == job.Kind).RunAsync(new MemoryStream(content), org, dryRun, progress, stop, jobId);
            await db.Set<ImportJob>().Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, dryRun ? ImportState.已校验 : ImportState.已完成)
                .SetProperty(j => j.Report, System.Text.Json.JsonSerializer.Serialize(report, ImportJob.Json))
                .SetProperty(j => j.Done, report.Total).SetProperty(j => j.Total, report.Total)
                .SetProperty(j => j.FinishedAt, clock.GetUtcNow()), CancellationToken.None);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            log.LogWarning("Import job {Job} stopped with the application", jobId);
            await FailAsync(jobId, dryRun ? ImportWorker.CheckInterrupted : ImportWorker.ImportInterrupted);
        }
        catch (Exception e)
        {
            log.LogError(e, "Import job {Job} failed", jobId);
            await FailAsync(jobId, null);
        }
    }

    /// <summary>Should this write fail too, the job stays started and unlocked: the next look of any worker marks it 失败.</summary>
    private async Task FailAsync(long jobId, string? reason)
    {
        try
        {
            // only a job still running: an import whose rows were committed already reads 已完成
            await db.Set<ImportJob>().Where(j => j.Id == jobId && (j.State == ImportState.校验中 || j.State == ImportState.导入中)).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, ImportState.失败).SetProperty(j => j.Failure, reason)
                .SetProperty(j => j.FinishedAt, clock.GetUtcNow()), CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            log.LogWarning(e, "Import job {Job}: failure not written", jobId);
        }
    }

    /// <summary>
    /// Writes progress at most every 500 ms, one write at a time, through its own context (the run's context is busy);
    /// reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and race the end).
    /// </summary>
    private sealed class ProgressWriter(IServiceScopeFactory scopes, TimeProvider clock, long jobId, ILogger log) : IProgress<(int Done, int Total)>, IAsyncDisposable
    {
        private readonly AsyncServiceScope _scope = scopes.CreateAsyncScope();
        private DateTimeOffset _last = DateTimeOffset.MinValue;
        private Task _written = Task.CompletedTask;

        public void Report((int Done, int Total) value)
        {
            var now = clock.GetUtcNow();
            if (now - _last < TimeSpan.FromMilliseconds(500) || !_written.IsCompleted) return;
            _last = now;
            _written = WriteAsync(value.Done, value.Total);
        }

        private async Task WriteAsync(int done, int total)
        {
            try
            {
                await _scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ImportJob>().Where(j => j.Id == jobId)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Done, done).SetProperty(j => j.Total, j => j.Total > total ? j.Total : total));
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                log.LogWarning(e, "Import job {Job}: progress not written", jobId);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _written;
            await _scope.DisposeAsync();
        }
    }
}
