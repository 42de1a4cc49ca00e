using Bastion.Data;
using Bastion.Security;
using Bastion.Web;
using Microsoft.Extensions.Options;

namespace Bastion;

/// <summary>Command-line commands: <c>audit verify</c>, <c>seed-demo</c>, <c>backup &lt;file&gt;</c>, <c>restore &lt;file&gt;</c>.</summary>
internal static class Cli
{
    public const string Commands = "audit verify、seed-demo、backup <文件>、restore <文件>";

    /// <summary>
    /// Checks the hash chain and every signed checkpoint (table and copy file) with the configured key; prints each
    /// finding in Chinese and English. 0 intact, 3 anything found.
    /// </summary>
    public static async Task<int> AuditVerifyAsync(WebApplication app, TextWriter? output = null)
    {
        var db = app.Services.GetRequiredService<Database>();
        await db.StartAsync();
        try
        {
            return await VerifyAsync(app, db, output ?? Console.Out);
        }
        finally { db.Stop(); }
    }

    private static async Task<int> VerifyAsync(WebApplication app, Database db, TextWriter output)
    {
        var checkpoints = app.Services.GetRequiredService<AuditCheckpointSettings>();
        var r = await AuditChain.VerifyAsync(db.OwnerDataSource, checkpoints);
        if (r.Ok) output.WriteLine(r.Message);
        else
        {
            output.WriteLine($"审计日志校验未通过，共 {r.Problems.Count} 项 / audit verification failed, {r.Problems.Count} findings ({r.Rows} rows, {r.Checkpoints} checkpoints):");
            foreach (var f in r.Problems)
            {
                output.WriteLine("- " + f.Chinese);
                output.WriteLine("  " + f.English);
            }
        }
        output.WriteLine($"检查点密钥 / key: {checkpoints.KeySource}；副本文件 / copy: {checkpoints.CopyFile}");
        return r.Ok ? 0 : 3;
    }

    public static async Task<int> SeedDemoAsync(WebApplication app)
    {
        var db = app.Services.GetRequiredService<Database>();
        try
        {
            await db.PrepareAsync(app.Services.GetRequiredService<MigrationRunner>());
            using var scope = app.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "seed-demo");
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
            return 0;
        }
        finally { db.Stop(); }
    }

    public static async Task<int> BackupAsync(WebApplication app, string? file)
    {
        if (string.IsNullOrWhiteSpace(file)) return Usage("backup");
        var db = app.Services.GetRequiredService<Database>();
        try
        {
            // the dump carries a signed checkpoint of the audit trail as it is at this moment; written on the owner's
            // connection, so a backup taken before this version first started (no grants, no checkpoint table) still works
            await db.StartAsync();
            try
            {
                var checkpoint = await app.Services.GetRequiredService<AuditCheckpointWriter>().WriteAsync(db.OwnerDataSource);
                Console.WriteLine(checkpoint is not null
                    ? $"已写入审计检查点（截至第 {checkpoint.AuditId} 号记录）/ audit checkpoint written at row {checkpoint.AuditId}"
                    : "审计日志自上一个检查点以来没有新记录，沿用该检查点 / no audit rows since the last checkpoint");
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
            {
                Console.WriteLine("数据库尚未升级到带审计检查点的版本，本次备份不写检查点 / the database predates audit checkpoints: none written");
            }
            await Backups.BackupAsync(db, file, Console.WriteLine);
            return 0;
        }
        catch (Backups.BackupException e) { return Fail(e); }
        catch (Npgsql.NpgsqlException e) { return Fail(new Backups.BackupException(6, $"备份失败：数据库错误：{e.Message} / backup failed: database error")); }
        finally { db.Stop(); }
    }

    public static async Task<int> RestoreAsync(WebApplication app, string? file)
    {
        if (string.IsNullOrWhiteSpace(file)) return Usage("restore");
        // the restored checkpoints were signed with the original key: a restore never makes a new one (every restored
        // checkpoint would then read as forged)
        var audit = app.Services.GetRequiredService<IOptions<AuditSettings>>().Value;
        var database = app.Services.GetRequiredService<IOptions<DatabaseSettings>>().Value;
        if (string.IsNullOrWhiteSpace(audit.CheckpointKey)
            && !File.Exists(audit.CheckpointKeyFile is { Length: > 0 } kf ? kf : Path.Combine(AuditCheckpointSettings.DefaultFolder(database), AuditCheckpointSettings.KeyName)))
        {
            Console.Error.WriteLine("恢复前请指定原系统的审计检查点密钥：--Bastion:Audit:CheckpointKeyFile=<原密钥文件>（或 Bastion:Audit:CheckpointKey）。"
                + "恢复时不会生成新密钥，否则备份中的检查点都会被判为伪造。"
                + " / give the original audit checkpoint key: --Bastion:Audit:CheckpointKeyFile=<original key file> (or Bastion:Audit:CheckpointKey);"
                + " a restore never creates a new key, or every restored checkpoint would read as forged.");
            return 2;
        }
        var db = app.Services.GetRequiredService<Database>();
        try
        {
            await Backups.RestoreAsync(db, app.Services.GetRequiredService<MigrationRunner>(), file, Console.WriteLine);
            Console.WriteLine("正在校验审计日志… / verifying the audit trail …");
            return await VerifyAsync(app, db, Console.Out);
        }
        catch (Backups.BackupException e) { return Fail(e); }
        catch (Npgsql.NpgsqlException e) { return Fail(new Backups.BackupException(6, $"恢复失败：数据库错误：{e.Message} / restore failed: database error")); }
        finally { db.Stop(); }
    }

    private static int Fail(Backups.BackupException e)
    {
        Console.Error.WriteLine(e.Message);
        return e.ExitCode;
    }

    private static int Usage(string command)
    {
        Console.Error.WriteLine($"用法：{command} <文件>，例如 dotnet run --project src/Bastion -- {command} /var/backups/bastion/bastion.dump / usage: {command} <file>");
        return 2;
    }
}
