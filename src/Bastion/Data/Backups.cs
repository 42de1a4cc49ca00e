using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace Bastion.Data;

/// <summary>
/// <c>backup &lt;file&gt;</c>: pg_dump's custom format (one consistent snapshot), written beside a
/// <c>&lt;file&gt;.sha256</c> (the format of sha256sum, so <c>sha256sum -c</c> checks it too).
/// <c>restore &lt;file&gt;</c>: checks the checksum, refuses a database that already has tables, restores with
/// pg_restore and hands the objects to the owner role with the application's grants (the same step as a start).
/// Both run on the administrative connection (<see cref="Database.OwnerConnectionString"/>).
/// </summary>
public static class Backups
{
    public sealed class BackupException(int exitCode, string message) : Exception(message)
    {
        public int ExitCode { get; } = exitCode;
    }

    public static string ChecksumFile(string file) => file + ".sha256";

    public static async Task BackupAsync(Database database, string file, Action<string> say, CancellationToken ct = default)
    {
        await database.StartAsync();
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = full + ".partial";
        say($"正在备份数据库到 {full} … / backing up the database to {full} …");
        try
        {
            var (code, output) = await RunAsync(Tool(database, "pg_dump"), database.OwnerConnectionString,
                ["--format=custom", "--no-owner", "--no-privileges", "--file=" + partial], ct);
            if (code != 0)
                throw new BackupException(6, $"备份失败：pg_dump 退出码 {code}。\n{output}\n / backup failed: pg_dump exited with {code}.");
            var hash = await HashAsync(partial, ct);
            File.Move(partial, full, overwrite: true);
            await File.WriteAllTextAsync(ChecksumFile(full), $"{hash}  {Path.GetFileName(full)}\n", ct);
            say($"备份完成：{full}（{new FileInfo(full).Length / 1024.0 / 1024.0:0.0} MB），SHA-256 校验和写入 {ChecksumFile(full)}。" +
                $" / backup written: {full}, SHA-256 in {ChecksumFile(full)}.");
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }

    /// <summary>Restores into the configured database, which must be empty (created with its local cluster when missing).</summary>
    public static async Task RestoreAsync(Database database, MigrationRunner migrations, string file, Action<string> say, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full))
            throw new BackupException(2, $"备份文件不存在：{full} / backup file not found: {full}");
        var sums = ChecksumFile(full);
        if (!File.Exists(sums))
            throw new BackupException(4, $"缺少校验和文件 {sums}，无法确认备份完整，未做任何恢复。/ checksum file {sums} is missing; nothing was restored.");
        var expected = (await File.ReadAllTextAsync(sums, ct)).Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        say($"正在校验备份文件 {full} … / checking the backup's checksum …");
        var actual = await HashAsync(full, ct);
        if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            throw new BackupException(4, $"备份文件校验失败：{full} 的 SHA-256 与 {sums} 中记录的不一致，文件已损坏或被修改，未做任何恢复。" +
                $" / the backup's SHA-256 does not match {sums}: the file is damaged or altered; nothing was restored.");

        await database.StartAsync();
        await using (var conn = await database.OwnerDataSource.OpenConnectionAsync(ct))
        {
            await using var cmd = new NpgsqlCommand("""
                SELECT count(*) FROM pg_class c
                WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                """, conn);
            var objects = (long)(await cmd.ExecuteScalarAsync(ct))!;
            if (objects > 0)
                throw new BackupException(5, $"目标数据库“{conn.Database}”不是空的（已有 {objects} 个表或序列），恢复只能写入空数据库，未做任何改动。" +
                    "请指定一个新的数据目录（--Bastion:DataFolder=…）或新建一个空数据库后再恢复。" +
                    $" / the target database \"{conn.Database}\" is not empty ({objects} tables or sequences); restore only writes into an empty database. Nothing was changed.");
        }

        say("正在恢复数据… / restoring …");
        var (code, output) = await RunAsync(Tool(database, "pg_restore"), database.OwnerConnectionString,
            ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", full], ct);
        if (code != 0)
            throw new BackupException(6, $"恢复失败：pg_restore 退出码 {code}，数据库未改动。\n{output}\n / restore failed: pg_restore exited with {code}; the database is unchanged.");
        say("正在设置数据库角色与权限… / applying the owner and the application's grants …");
        var applied = await database.PrepareAsync(migrations, ct);
        if (applied > 0) say($"已执行数据库迁移 {applied} 项 / applied {applied} migrations");
        say("恢复完成。/ restore complete.");
    }

    private static async Task<string> HashAsync(string file, CancellationToken ct)
    {
        await using var s = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(s, ct));
    }

    /// <summary>The tool from the local cluster's bin folder, else from PATH (an external server).</summary>
    private static string Tool(Database database, string name)
    {
        if (database.Local is { } local && File.Exists(Path.Combine(local.BinFolder, name))) return Path.Combine(local.BinFolder, name);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        if (LocalPostgres.FindBinFolder() is { } bin && File.Exists(Path.Combine(bin, name))) return Path.Combine(bin, name);
        throw new BackupException(6, $"未找到 {name}。请安装 PostgreSQL 客户端（sudo apt-get install -y postgresql-client）。/ {name} was not found: install the PostgreSQL client tools.");
    }

    private static async Task<(int Code, string Output)> RunAsync(string exe, string connectionString, string[] args, CancellationToken ct)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("--dbname=" + ConnInfo(b));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C.UTF-8";
        if (!string.IsNullOrEmpty(b.Password)) psi.Environment["PGPASSWORD"] = b.Password;
        using var p = Process.Start(psi) ?? throw new BackupException(6, $"无法运行 {exe} / could not run {exe}");
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return (p.ExitCode, (await stdout + await stderr).Trim());
    }

    /// <summary>A libpq connection string with the Npgsql one's host, port, user, database and TLS mode (the password goes by PGPASSWORD).</summary>
    private static string ConnInfo(NpgsqlConnectionStringBuilder b)
    {
        static string Q(string v) => "'" + v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
        var parts = new List<string> { "host=" + Q(b.Host ?? "localhost"), "port=" + b.Port, "dbname=" + Q(b.Database ?? "postgres") };
        if (!string.IsNullOrEmpty(b.Username)) parts.Add("user=" + Q(b.Username));
        if (b.SslMode is SslMode.Require or SslMode.VerifyCA or SslMode.VerifyFull)
            parts.Add("sslmode=" + b.SslMode switch { SslMode.Require => "require", SslMode.VerifyCA => "verify-ca", _ => "verify-full" });
        return string.Join(' ', parts);
    }
}
