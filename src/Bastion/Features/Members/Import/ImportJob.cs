using Bastion.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bastion.Features.Members.Import;

public enum ImportState { 校验中 = 1, 已校验 = 2, 导入中 = 3, 已完成 = 4, 失败 = 5 }

/// <summary>What a job imports: a roster (the default) or another sheet run on the same queue (<see cref="ISheetImport"/>).</summary>
public enum ImportKind { 花名册 = 1, 党费基数 = 2, 党费流水 = 3 }

/// <summary>
/// An import other than the roster that runs on the roster import's queue and reports with its row report (the payroll
/// import of dues bases): a dry run checks and writes nothing, a commit writes every valid row in one transaction and,
/// given <c>jobId</c>, marks the job 已完成 in that transaction.
/// </summary>
public interface ISheetImport
{
    ImportKind Kind { get; }

    Task<ImportMembers.Report> RunAsync(Stream file, Organization target, bool dryRun, IProgress<(int Done, int Total)>? progress, CancellationToken ct, long? jobId);
}

/// <summary>
/// An uploaded roster being checked or imported; progress lives in the database so any instance can report it.
/// In 校验中/导入中 the job is queued (<see cref="StartedAt"/> null) or being run by an <see cref="ImportWorker"/>.
/// </summary>
public sealed class ImportJob
{
    public long Id { get; set; }
    public long OrgId { get; set; }
    public ImportKind Kind { get; set; } = ImportKind.花名册;
    public required string FileName { get; set; }
    public required byte[] Content { get; set; }
    public ImportState State { get; set; }
    public int Done { get; set; }
    public int Total { get; set; }
    public string? Report { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>When a worker took the queued check or import; null while it waits in the queue.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Why the job ended in 失败 (shown on the import page); null: the general message.</summary>
    public string? Failure { get; set; }

    /// <summary>Who asked for the queued work (the uploader, then whoever confirmed the import): the audit actor of the run.</summary>
    public long? RequestedById { get; set; }
    public string? RequestedBy { get; set; }

    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

public sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> e)
    {
        e.ToTable("import_jobs");
        e.Property(j => j.FileName).HasMaxLength(200);
        e.Property(j => j.State).HasConversion<string>().HasMaxLength(10);
        e.Property(j => j.Kind).HasConversion<string>().HasMaxLength(10);
        e.Property(j => j.Report).HasColumnType("jsonb");
        e.Property(j => j.CreatedBy).HasMaxLength(100);
        e.Property(j => j.Failure).HasMaxLength(300);
        e.Property(j => j.RequestedBy).HasMaxLength(100);
        e.HasOne<Organization>().WithMany().HasForeignKey(j => j.OrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(j => j.OrgId);
    }
}
