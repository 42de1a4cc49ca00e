using Bastion.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bastion.Security;

/// <summary>
/// Writes the audit chain's signed checkpoints with the configured key and copy file (<see cref="AuditCheckpointSettings"/>).
/// The periodic job, the shutdown and the <c>backup</c> command all call <see cref="WriteAsync(Npgsql.NpgsqlDataSource, CancellationToken)"/>.
/// </summary>
public sealed class AuditCheckpointWriter(Database database, AuditCheckpointSettings settings, TimeProvider time)
{
    public AuditCheckpointSettings Settings => settings;

    /// <summary>False until the database is started (a start refused before it has nothing to checkpoint).</summary>
    public bool DatabaseStarted => database.IsStarted;

    /// <summary>Checkpoints the application's database now; null when nothing is new since the last checkpoint.</summary>
    public Task<AuditCheckpoint?> WriteAsync(CancellationToken ct = default) => WriteAsync(database.DataSource, ct);

    /// <summary>Checkpoints the database of <paramref name="source"/> now (e.g. <c>backup</c>, with the owner's data source).</summary>
    public Task<AuditCheckpoint?> WriteAsync(Npgsql.NpgsqlDataSource source, CancellationToken ct = default) =>
        AuditCheckpoints.WriteAsync(source, settings.Key, settings.CopyFile, time, ct);
}

/// <summary>
/// Writes a checkpoint every <see cref="AuditCheckpointSettings.Interval"/> (default 5 minutes, on the injected
/// <see cref="TimeProvider"/>) and once more at shutdown. Runs whatever Bastion:Jobs:Enabled says: the checkpoints are
/// part of the audit trail, not a reminder. Registered after <see cref="DatabaseInitializer"/>, so it starts after the
/// database is ready and stops before the private cluster is stopped.
/// </summary>
public sealed class AuditCheckpointJob(AuditCheckpointWriter writer, TimeProvider time, ILogger<AuditCheckpointJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(writer.Settings.Interval, time, stop);
                await WriteLoggedAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // shutting down: StopAsync writes the last checkpoint
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // a start refused before the database was ready (a bad setting) has nothing to checkpoint
        if (writer.DatabaseStarted) await WriteLoggedAsync(cancellationToken);
    }

    private async Task WriteLoggedAsync(CancellationToken ct)
    {
        try
        {
            if (await writer.WriteAsync(ct) is { } c)
                log.LogInformation("审计检查点已写入：截至第 {AuditId} 号记录，共 {Rows} 行 / audit checkpoint written", c.AuditId, c.RowCount);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "审计检查点写入失败 / writing the audit checkpoint failed");
        }
    }

    /// <summary>Registers the settings (the key file is made at first start), the writer and this job.</summary>
    public static void AddServices(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => AuditCheckpointSettings.Resolve(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Web.AuditSettings>>().Value,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Web.DatabaseSettings>>().Value));
        services.AddSingleton<AuditCheckpointWriter>();
        services.AddHostedService<AuditCheckpointJob>();
    }
}
