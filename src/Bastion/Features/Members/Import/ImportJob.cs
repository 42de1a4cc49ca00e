using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Npgsql;

namespace Bastion.Features.Members.Import;

public enum ImportState { 校验中 = 1, 已校验 = 2, 导入中 = 3, 已完成 = 4, 失败 = 5 }

/// <summary>An uploaded roster being checked or imported; progress lives in the database so any instance can report it.</summary>
public sealed class ImportJob
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public required string FileName { get; set; }
    public required byte[] Content { get; set; }
    public ImportState State { get; set; }
    public int Done { get; set; }
    public int Total { get; set; }
    public string? Report { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

public sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> e)
    {
        e.ToTable("import_jobs");
        e.Property(j => j.FileName).HasMaxLength(200);
        e.Property(j => j.State).HasConversion<string>().HasMaxLength(10);
        e.Property(j => j.Report).HasColumnType("jsonb");
        e.Property(j => j.CreatedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(j => j.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(j => j.OrgId);
    }
}

/// <summary>Runs a check or an import of a stored roster in the background, writing progress as it goes.</summary>
public sealed class ImportJobRunner(IServiceScopeFactory scopes, Database database, ILogger<ImportJobRunner> log)
{
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void Start(long jobId, bool dryRun, long? actorId, string? actorName) => _ = Task.Run(async () =>
    {
        using var scope = scopes.CreateScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<AuditActor>().Set(actorId, actorName);
        var db = sp.GetRequiredService<AppDbContext>();
        try
        {
            var job = await db.Set<ImportJob>().AsNoTracking().FirstAsync(j => j.Id == jobId);
            var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == job.OrgId);
            var last = DateTime.MinValue;
            var written = Task.CompletedTask; // one progress write at a time, awaited before the result (no synchronous database call)
            var progress = new SyncProgress(p =>
            {
                if ((DateTime.UtcNow - last).TotalMilliseconds < 500 || !written.IsCompleted) return;
                last = DateTime.UtcNow;
                written = SetProgressAsync(jobId, p.Done, p.Total);
            });
            var report = await sp.GetRequiredService<ImportMembers>().RunAsync(new MemoryStream(job.Content), org, dryRun, progress);
            await written;
            await db.Set<ImportJob>().Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, dryRun ? ImportState.已校验 : ImportState.已完成)
                .SetProperty(j => j.Report, System.Text.Json.JsonSerializer.Serialize(report, Json))
                .SetProperty(j => j.Done, report.Total).SetProperty(j => j.Total, report.Total)
                .SetProperty(j => j.FinishedAt, DateTimeOffset.UtcNow));
        }
        catch (Exception e)
        {
            log.LogError(e, "Import job {Job} failed", jobId);
            await db.Set<ImportJob>().Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, ImportState.失败).SetProperty(j => j.FinishedAt, DateTimeOffset.UtcNow));
        }
    });

    private async Task SetProgressAsync(long jobId, int done, int total)
    {
        try
        {
            await using var conn = new NpgsqlConnection(database.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("UPDATE import_jobs SET done = $1, total = GREATEST(total, $2) WHERE id = $3", conn);
            cmd.Parameters.AddWithValue(done);
            cmd.Parameters.AddWithValue(total);
            cmd.Parameters.AddWithValue(jobId);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            log.LogWarning(e, "Import job {Job}: progress not written", jobId);
        }
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and race the end).</summary>
    private sealed class SyncProgress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
