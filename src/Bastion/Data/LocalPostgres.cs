using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Bastion.Data;

/// <summary>
/// A private PostgreSQL cluster made from the system's binaries in a data folder, listening only on a
/// Unix socket inside a private folder. Reused on the next start; stopped by whoever started it.
/// As root, the server processes run as the 'postgres' OS user (initdb refuses root).
/// </summary>
public sealed class LocalPostgres
{
    public string DataFolder { get; }
    public string SocketFolder { get; }
    public string BinFolder { get; }
    public bool StartedByUs { get; private set; }
    private readonly bool _asRoot;
    private readonly Action<string> _say;

    public LocalPostgres(string dataFolder, string? binFolder = null, Action<string>? say = null)
    {
        _say = say ?? (_ => { });
        _asRoot = IsRoot();
        BinFolder = binFolder ?? FindBinFolder()
            ?? throw new StartupException(
                "未找到 PostgreSQL 服务程序（initdb、pg_ctl）。请先安装：sudo apt-get install -y postgresql，或设置 ConnectionStrings:Bastion 使用已有的数据库。",
                "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them (sudo apt-get install -y postgresql) or set ConnectionStrings:Bastion to an existing server.");
        if (!File.Exists(Path.Combine(BinFolder, "initdb")) || !File.Exists(Path.Combine(BinFolder, "pg_ctl")))
            throw new StartupException(
                $"在 {BinFolder} 中未找到 PostgreSQL 服务程序（initdb、pg_ctl）。请先安装：sudo apt-get install -y postgresql，或设置 ConnectionStrings:Bastion 使用已有的数据库。",
                $"PostgreSQL server binaries (initdb, pg_ctl) were not found in {BinFolder}. Install them (sudo apt-get install -y postgresql) or set ConnectionStrings:Bastion.");
        var full = Path.GetFullPath(dataFolder);
        if (_asRoot && !PostgresCanReach(Path.GetDirectoryName(full)!))
        {
            var fallback = Path.Combine("/var/lib/bastion", ShortHash(full), "pg");
            _say($"数据目录 {full} 的上级目录对 postgres 用户不可访问，改用 {fallback} / the postgres OS user cannot reach {full}; using {fallback}");
            full = fallback;
        }
        DataFolder = full;
        var sock = Path.Combine(DataFolder, ".s.PGSQL.5432");
        SocketFolder = Encoding.UTF8.GetByteCount(sock) < 100 ? DataFolder : Path.Combine(Path.GetTempPath(), "bastion-pg-" + ShortHash(full));
    }

    /// <summary>
    /// WAL archiving (Bastion:Postgres:ArchiveCommand): when set, bastion.conf turns on archive_mode with this
    /// archive_command (%p = the segment's path, %f = its file name) and an archive_timeout
    /// (Bastion:Postgres:ArchiveTimeout, default 5min), so the newest archived segment is never older than that.
    /// archive_mode takes effect when the cluster (re)starts.
    /// </summary>
    public string? ArchiveCommand { get; init; }
    public string? ArchiveTimeout { get; init; }

    /// <summary>The cluster's superuser (migrations, backup, restore).</summary>
    public const string Superuser = "postgres";

    public string ConnectionString(string database = "bastion", string user = Superuser) => new NpgsqlConnectionStringBuilder
    {
        Host = SocketFolder,
        Port = 5432,
        Username = user,
        Database = database,
        Pooling = true,
        MaxPoolSize = 50,
        // issue 12 (bench/README.md): the statements every request sends (session, grants, organization…) are
        // prepared once per connection instead of parsed and planned each time, and a connection returned to the pool
        // is not sent DISCARD ALL (nothing here sets session state: no SET, no session advisory lock kept, no LISTEN)
        MaxAutoPrepare = 200,
        AutoPrepareMinUsages = 2,
        NoResetOnClose = true,
    }.ConnectionString;

    /// <summary>Initializes the cluster if needed, starts it unless running, and creates the database.</summary>
    public async Task<string> EnsureStartedAsync(string database = "bastion")
    {
        if (!File.Exists(Path.Combine(DataFolder, "PG_VERSION")))
            Init();
        WriteSettings();
        if (Run("pg_ctl", "status", "-D", DataFolder).Code == 0)
        {
            _say($"使用已在运行的本地 PostgreSQL：{DataFolder} / reusing the running local PostgreSQL");
        }
        else
        {
            var log = Path.Combine(DataFolder, "server.log");
            var r = Run("pg_ctl", "start", "-w", "-t", "60", "-D", DataFolder, "-l", log);
            if (r.Code != 0)
            {
                var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(8)) : r.Output;
                throw new StartupException($"本地 PostgreSQL 启动失败（数据目录 {DataFolder}）。日志：\n{tail}",
                    $"The local PostgreSQL server could not start (data folder {DataFolder}). See the log lines above.");
            }
            StartedByUs = true;
            _say($"已启动本地 PostgreSQL：{DataFolder}（仅 Unix 套接字）/ started local PostgreSQL (Unix socket only)");
        }
        await EnsureDatabaseAsync(database);
        return ConnectionString(database);
    }

    public async Task EnsureDatabaseAsync(string database)
    {
        // the maintenance database, once: a data source of its own
        await using var source = Database.Create(ConnectionString("postgres"));
        await using var conn = await source.OpenConnectionAsync();
        await using var check = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn);
        check.Parameters.AddWithValue(database);
        if (await check.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "", StringComparison.Ordinal)}\" TEMPLATE template0 ENCODING 'UTF8'", conn);
            try { await create.ExecuteNonQueryAsync(); }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase) { }
        }
    }

    public void Stop()
    {
        if (!StartedByUs) return;
        Run("pg_ctl", "stop", "-w", "-m", "fast", "-D", DataFolder);
        StartedByUs = false;
    }

    private void Init()
    {
        Directory.CreateDirectory(DataFolder);
        if (_asRoot) Chown(DataFolder);
        var r = Run("initdb", "-D", DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-instructions");
        if (r.Code != 0)
            throw new StartupException($"初始化本地 PostgreSQL 数据目录失败：{DataFolder}\n{r.Output}",
                $"initdb failed for {DataFolder}.");
        File.AppendAllText(Path.Combine(DataFolder, "postgresql.conf"), "\ninclude_if_exists = 'bastion.conf'\n");
    }

    private void WriteSettings()
    {
        var archive = string.IsNullOrWhiteSpace(ArchiveCommand) ? "" : $"""

            archive_mode = on
            archive_command = '{ArchiveCommand.Replace("'", "''", StringComparison.Ordinal)}'
            archive_timeout = '{(string.IsNullOrWhiteSpace(ArchiveTimeout) ? "5min" : ArchiveTimeout.Replace("'", "", StringComparison.Ordinal))}'
            """;
        Directory.CreateDirectory(SocketFolder);
        if (_asRoot) Chown(SocketFolder);
        var conf = Path.Combine(DataFolder, "bastion.conf");
        File.WriteAllText(conf, $"""
            # written by Bastion at each start
            listen_addresses = ''
            unix_socket_directories = '{SocketFolder.Replace("'", "''", StringComparison.Ordinal)}'
            unix_socket_permissions = 0700
            port = 5432
            max_connections = 200
            shared_buffers = 128MB
            """ + archive + "\n");
        if (_asRoot) Chown(conf);
    }

    internal static string? FindBinFolder()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Ver: double.TryParse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0))
                .OrderByDescending(x => x.Ver).Select(x => x.Dir)
            : [];
        foreach (var dir in candidates.Append("/usr/local/pgsql/bin"))
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        return null;
    }

    private (int Code, string Output) Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        var exe = Path.Combine(BinFolder, tool);
        if (_asRoot)
        {
            psi.FileName = File.Exists("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", exe }) psi.ArgumentList.Add(a);
        }
        else psi.FileName = exe;
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C.UTF-8";
        using var p = Process.Start(psi) ?? throw new StartupException($"无法运行 {exe}", $"could not run {exe}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static bool PostgresCanReach(string dir)
    {
        // every ancestor must be searchable by the postgres OS user
        var psi = new ProcessStartInfo("/usr/sbin/runuser") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = "/" };
        foreach (var a in new[] { "-u", "postgres", "--", "test", "-x", ExistingAncestor(dir) }) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    private static string ExistingAncestor(string dir)
    {
        while (!Directory.Exists(dir)) dir = Path.GetDirectoryName(dir) ?? "/";
        return dir;
    }

    private static void Chown(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("chown", ["-R", "postgres:postgres", path]) { UseShellExecute = false })!;
        p.WaitForExit();
    }

    private static string ShortHash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..10];

    private static bool IsRoot() => OperatingSystem.IsLinux() && geteuid() == 0;

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint geteuid();
}

/// <summary>A start-up failure shown to the operator as a plain bilingual message, never a stack trace.</summary>
public sealed class StartupException(string chinese, string english) : Exception(chinese + "\n" + english)
{
    public string Chinese { get; } = chinese;
    public string English { get; } = english;
}
