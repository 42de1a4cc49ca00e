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
/// </summary>
public sealed class Database(IConfiguration config, ILogger<Database> log)
{
    private string? _connectionString;
    private string? _ownerConnectionString;
    private LocalPostgres? _local;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The application's connection (the least-privileged role, unless only one connection is configured).</summary>
    public string ConnectionString => _connectionString
        ?? (config.GetConnectionString("Bastion") is { Length: > 0 } cs ? cs : throw new InvalidOperationException("Database not started yet"));

    /// <summary>The administrative connection: migrations, backup, restore, verification of the audit trail by the CLI.</summary>
    public string OwnerConnectionString => _ownerConnectionString ?? throw new InvalidOperationException("Database not started yet");

    /// <summary>What migrations run under (null: one connection for everything, no grants).</summary>
    public MigrationRunner.Ownership? Ownership { get; private set; }

    public bool IsLocal => _local is not null;
    public LocalPostgres? Local => _local;

    /// <summary>The database name of the local cluster (Bastion:DatabaseName, default bastion).</summary>
    public string LocalDatabaseName => config["Bastion:DatabaseName"] is { Length: > 0 } n ? n : "bastion";

    /// <summary>Starts the local cluster when configured so, ensures the roles, and returns the application's connection string.</summary>
    public async Task<string> StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_connectionString is not null) return _connectionString;
            var app = config.GetConnectionString("Bastion");
            var owner = config.GetConnectionString("BastionOwner");
            if (string.IsNullOrWhiteSpace(app) && string.IsNullOrWhiteSpace(owner))
            {
                var folder = config["Bastion:DataFolder"] is { Length: > 0 } f ? f : Path.Combine(".data", "pg");
                _local = new LocalPostgres(folder, config["Bastion:PostgresBin"], msg => log.LogInformation("{Message}", msg))
                {
                    ArchiveCommand = config["Bastion:Postgres:ArchiveCommand"],
                    ArchiveTimeout = config["Bastion:Postgres:ArchiveTimeout"],
                };
                owner = await _local.EnsureStartedAsync(LocalDatabaseName);
                app = _local.ConnectionString(LocalDatabaseName, DatabaseRoles.AppRole);
            }
            else if (string.IsNullOrWhiteSpace(app) || string.IsNullOrWhiteSpace(owner))
            {
                app = owner = string.IsNullOrWhiteSpace(app) ? owner! : app;
            }
            var appUser = new NpgsqlConnectionStringBuilder(app).Username;
            var ownerUser = new NpgsqlConnectionStringBuilder(owner).Username;
            if (appUser is { Length: > 0 } && !string.Equals(appUser, ownerUser, StringComparison.Ordinal) && !string.Equals(app, owner, StringComparison.Ordinal))
            {
                await using var conn = new NpgsqlConnection(owner);
                await conn.OpenAsync();
                if (await DatabaseRoles.IsSuperuserAsync(conn))
                {
                    await DatabaseRoles.EnsureRolesAsync(conn, appUser);
                    Ownership = new MigrationRunner.Ownership(DatabaseRoles.OwnerRole, appUser);
                }
                else Ownership = new MigrationRunner.Ownership(null, appUser);
            }
            _ownerConnectionString = owner;
            return _connectionString = app;
        }
        finally { _gate.Release(); }
    }

    /// <summary>Starts, applies the migrations (and the owner and grants) and warns when the application's connection is privileged.</summary>
    public async Task<int> PrepareAsync(MigrationRunner migrations, CancellationToken ct = default)
    {
        await StartAsync();
        var applied = await migrations.MigrateAsync(OwnerConnectionString, Ownership, ct: ct);
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync(ct);
        if (await DatabaseRoles.IsPrivilegedAsync(conn, ct))
            log.LogWarning("{Message}",
                "应用程序的数据库连接是超级用户或数据表的所有者：审计日志的防篡改能力要求应用程序使用单独的、不拥有任何对象的数据库角色。" +
                "请设置 ConnectionStrings:Bastion（应用角色，例如 bastion_app）和 ConnectionStrings:BastionOwner（迁移所用的所有者或超级用户），见 README“生产部署”。" +
                " / The application's database connection is a superuser or the owner of the tables: the audit trail's tamper evidence needs a separate " +
                "application role that owns nothing. Set ConnectionStrings:Bastion (the application role, e.g. bastion_app) and ConnectionStrings:BastionOwner " +
                "(the owner or a superuser, for migrations); see the README, \"Production\".");
        return applied;
    }

    public void Stop() => _local?.Stop();
}
