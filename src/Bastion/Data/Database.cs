using Bastion.Web;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bastion.Data;

/// <summary>
/// Where the database is, and as whom each part of the platform connects. Resolved once, at start-up:
/// <list type="bullet">
/// <item>Neither ConnectionStrings:Bastion nor ConnectionStrings:BastionOwner set: a private local PostgreSQL cluster
/// under Bastion:DataFolder (default ./.data/pg). The application connects as <see cref="DatabaseRoles.AppRole"/>;
/// migrations, backup and restore use the cluster's superuser 'postgres' with SET ROLE <see cref="DatabaseRoles.OwnerRole"/>.
/// Everything is created automatically.</item>
/// <item>Both set (an external server): ConnectionStrings:Bastion is the application's connection,
/// ConnectionStrings:BastionOwner the migrations' one. A superuser owner connection creates the roles and hands the
/// objects to <see cref="DatabaseRoles.OwnerRole"/>; a non-superuser one owns the objects itself. Either way the
/// application's role gets its grants after the migrations.</item>
/// <item>Only one set: it is used for everything, as before, with a warning when it can bypass the audit trail's
/// protection (a superuser or the owner).</item>
/// </list>
/// Every connection the platform opens comes from one of two data sources built here once the database is started:
/// <see cref="DataSource"/> (the application's role: EF Core and every raw-SQL path) and <see cref="OwnerDataSource"/>
/// (migrations, grants, backup, restore, the CLI's audit verification). Nothing else opens a connection.
/// </summary>
public sealed class Database(IOptions<DatabaseSettings> options, ILogger<Database> log) : IDisposable
{
    private string? _connectionString;
    private string? _ownerConnectionString;
    private NpgsqlDataSource? _dataSource;
    private NpgsqlDataSource? _ownerDataSource;
    private LocalPostgres? _local;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DatabaseSettings Settings => options.Value;

    /// <summary>The application's connection (the least-privileged role, unless only one connection is configured).</summary>
    public string ConnectionString => _connectionString
        ?? (Settings.ConnectionString is { Length: > 0 } cs ? cs : throw new InvalidOperationException("Database not started yet"));

    /// <summary>The administrative connection: migrations, backup, restore, verification of the audit trail by the CLI.</summary>
    public string OwnerConnectionString => _ownerConnectionString ?? throw new InvalidOperationException("Database not started yet");

    /// <summary>
    /// The one data source of the application's role, with the connection string's pool settings (for the local cluster
    /// those issue 12 tuned: auto-prepare, no reset on close). EF Core and every raw-SQL path take their connections here.
    /// </summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("Database not started yet");

    /// <summary>The owner's (or superuser's) data source: migrations, grants, backup, restore, <c>audit verify</c>.</summary>
    public NpgsqlDataSource OwnerDataSource => _ownerDataSource ?? throw new InvalidOperationException("Database not started yet");

    /// <summary>A data source for a connection string of its own (a maintenance database, a test's or a tool's connection); the caller disposes it.</summary>
    public static NpgsqlDataSource Create(string connectionString) => new NpgsqlDataSourceBuilder(connectionString).Build();

    /// <summary>What migrations run under (null: one connection for everything, no grants).</summary>
    public MigrationRunner.Ownership? Ownership { get; private set; }

    /// <summary>True once <see cref="StartAsync"/> has made the data sources.</summary>
    public bool IsStarted => _dataSource is not null;

    public bool IsLocal => _local is not null;
    public LocalPostgres? Local => _local;

    /// <summary>The database name of the local cluster (Bastion:DatabaseName, default bastion).</summary>
    public string LocalDatabaseName => Settings.DatabaseName;

    /// <summary>Starts the local cluster when configured so, ensures the roles, and returns the application's connection string.</summary>
    public async Task<string> StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_connectionString is not null) return _connectionString;
            var app = Settings.ConnectionString;
            var owner = Settings.OwnerConnectionString;
            if (string.IsNullOrWhiteSpace(app) && string.IsNullOrWhiteSpace(owner))
            {
                _local = new LocalPostgres(Settings.DataFolder, Settings.PostgresBin, msg => log.LogInformation("{Message}", msg))
                {
                    ArchiveCommand = Settings.ArchiveCommand,
                    ArchiveTimeout = Settings.ArchiveTimeout,
                };
                owner = await _local.EnsureStartedAsync(LocalDatabaseName);
                app = _local.ConnectionString(LocalDatabaseName, DatabaseRoles.AppRole);
            }
            else if (string.IsNullOrWhiteSpace(app) || string.IsNullOrWhiteSpace(owner))
            {
                app = owner = string.IsNullOrWhiteSpace(app) ? owner! : app;
            }
            var ownerSource = Create(owner!);
            var appUser = new NpgsqlConnectionStringBuilder(app).Username;
            var ownerUser = new NpgsqlConnectionStringBuilder(owner).Username;
            if (appUser is { Length: > 0 } && !string.Equals(appUser, ownerUser, StringComparison.Ordinal) && !string.Equals(app, owner, StringComparison.Ordinal))
            {
                await using var conn = await ownerSource.OpenConnectionAsync();
                if (await DatabaseRoles.IsSuperuserAsync(conn))
                {
                    await DatabaseRoles.EnsureRolesAsync(conn, appUser);
                    Ownership = new MigrationRunner.Ownership(DatabaseRoles.OwnerRole, appUser);
                }
                else Ownership = new MigrationRunner.Ownership(null, appUser);
            }
            _ownerConnectionString = owner;
            _ownerDataSource = ownerSource;
            // one connection for everything: one data source too
            _dataSource = string.Equals(app, owner, StringComparison.Ordinal) ? ownerSource : Create(app!);
            return _connectionString = app!;
        }
        finally { _gate.Release(); }
    }

    /// <summary>Starts, applies the migrations (and the owner and grants) and warns when the application's connection is privileged.</summary>
    public async Task<int> PrepareAsync(MigrationRunner migrations, CancellationToken ct = default)
    {
        await StartAsync();
        var applied = await migrations.MigrateAsync(OwnerDataSource, Ownership, ct: ct);
        // the types a migration created (say an extension's) are read again by the application's connections
        if (applied > 0 && !ReferenceEquals(_dataSource, _ownerDataSource)) await DataSource.ReloadTypesAsync(ct);
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        if (await DatabaseRoles.IsPrivilegedAsync(conn, ct))
            log.LogWarning("{Message}",
                "应用程序的数据库连接是超级用户或数据表的所有者：审计日志的防篡改能力要求应用程序使用单独的、不拥有任何对象的数据库角色。" +
                "请设置 ConnectionStrings:Bastion（应用角色，例如 bastion_app）和 ConnectionStrings:BastionOwner（迁移所用的所有者或超级用户），见 README“生产部署”。" +
                " / The application's database connection is a superuser or the owner of the tables: the audit trail's tamper evidence needs a separate " +
                "application role that owns nothing. Set ConnectionStrings:Bastion (the application role, e.g. bastion_app) and ConnectionStrings:BastionOwner " +
                "(the owner or a superuser, for migrations); see the README, \"Production\".");
        return applied;
    }

    /// <summary>Stops the local cluster when this process started it (its pooled connections are dropped).</summary>
    public void Stop()
    {
        if (_local is not { StartedByUs: true }) return;
        _dataSource?.Clear();
        _ownerDataSource?.Clear();
        _local.Stop();
    }

    public void Dispose()
    {
        _dataSource?.Dispose();
        if (!ReferenceEquals(_dataSource, _ownerDataSource)) _ownerDataSource?.Dispose();
    }
}
