namespace Bastion.Data;

/// <summary>
/// Where the database is: ConnectionStrings:Bastion when set, else a private local PostgreSQL cluster
/// under Bastion:DataFolder (default ./.data/pg). Resolved once, at start-up.
/// </summary>
public sealed class Database(IConfiguration config, ILogger<Database> log)
{
    private string? _connectionString;
    private LocalPostgres? _local;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string ConnectionString => _connectionString
        ?? (config.GetConnectionString("Bastion") is { Length: > 0 } cs ? cs : throw new InvalidOperationException("Database not started yet"));

    public bool IsLocal => _local is not null;

    public async Task<string> StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_connectionString is not null) return _connectionString;
            var cs = config.GetConnectionString("Bastion");
            if (string.IsNullOrWhiteSpace(cs))
            {
                var folder = config["Bastion:DataFolder"] is { Length: > 0 } f ? f : Path.Combine(".data", "pg");
                _local = new LocalPostgres(folder, config["Bastion:PostgresBin"], msg => log.LogInformation("{Message}", msg));
                cs = await _local.EnsureStartedAsync(config["Bastion:DatabaseName"] is { Length: > 0 } n ? n : "bastion");
            }
            return _connectionString = cs;
        }
        finally { _gate.Release(); }
    }

    public void Stop() => _local?.Stop();
}
