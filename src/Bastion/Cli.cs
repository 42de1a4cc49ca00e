using Bastion.Data;
using Bastion.Security;
using Bastion.Web;
using Microsoft.Extensions.Options;

namespace Bastion;

/// <summary>Command-line commands: <c>audit verify</c>, <c>seed-demo</c>, <c>backup &lt;file&gt;</c>, <c>restore &lt;file&gt;</c>.</summary>
internal static class Cli
{
    /// <summary>Where to look after a usage error.</summary>
    public const string Pointer = "run with --help for the commands and settings";

    /// <summary>What <c>--help</c> prints: the commands, the flags and the main settings (README lists them all).</summary>
    public const string Help = """
        堡垒智慧党建平台 / Bastion

        用法 / usage:
          dotnet Bastion.dll [命令] [选项] [设置]
          dotnet run --project src/Bastion -c Release -- [命令] [选项] [设置]

        命令 / commands（不写命令则启动平台 / none: run the platform）:
          audit verify        校验审计日志哈希链和全部签名检查点（完好返回 0，有问题返回 3）
          seed-demo           向空数据库导入演示数据
          backup <文件>       备份数据库（pg_dump 自定义格式，旁边写 <文件>.sha256），并写入审计检查点
          restore <文件>      恢复到空数据库，恢复后校验审计日志；须指定原系统的 Bastion:Audit:CheckpointKeyFile

        选项 / options:
          --demo              启动时向空数据库导入演示数据（密码取自环境变量 BASTION_DEMO_PASSWORD，未设置则随机生成并打印）
          --help, -h          显示本说明

        设置 / settings（命令行、环境变量或 appsettings.json；命令行写法均可：
          --键=值、--键 值、/键=值、/键 值；环境变量把 : 写成 __，如 Bastion__DataFolder）:
          --urls <地址>                         监听地址，默认 http://127.0.0.1:5080，例如 --urls http://0.0.0.0:8080
          --environment <名称>                  运行环境（Production、Development），默认 Production
          --contentRoot <目录>                  内容根目录（appsettings.json、wwwroot 所在处）
          --ConnectionStrings:Bastion <连接>    应用程序所用的 PostgreSQL 连接（不拥有任何对象的应用角色）；
                                                未设置时使用私有 PostgreSQL 集群
          --ConnectionStrings:BastionOwner <连接>  迁移、备份、恢复所用的所有者连接
          --Bastion:DataFolder <目录>           私有集群的数据目录，默认 .data/pg（相对于工作目录）
          --Bastion:PostgresBin <目录>          PostgreSQL 程序目录，默认自动查找 /usr/lib/postgresql/*/bin
          --Bastion:Postgres:ArchiveCommand <命令>  私有集群的 WAL 归档命令（archive_command）
          --Bastion:Postgres:ArchiveTimeout <时长>  归档超时（archive_timeout），默认 5min
          --Bastion:InitialAdmin:UserName <名>  首次启动创建的系统管理员，默认 admin
          --Bastion:InitialAdmin:Password <密码>  其密码（未设置则随机生成并打印一次）
          --Bastion:KnownProxies:0 <IP>         受信任的反向代理（读取其 X-Forwarded-For/Proto），可写多个 :0、:1…
          --Bastion:Audit:CheckpointKey <Base64>    审计检查点签名密钥（至少 16 字节），与下一项二选一
          --Bastion:Audit:CheckpointKeyFile <文件>  签名密钥文件；私有集群默认 <数据目录>-audit/audit-checkpoint.key，
                                                外部数据库必须配置
          --Bastion:Audit:CheckpointCopy <文件>     检查点副本文件，默认密钥文件旁的 audit-checkpoints.jsonl
          --Bastion:Audit:CheckpointInterval <时长> 写检查点的间隔，默认 00:05:00
          --Bastion:Jobs:Enabled <true|false>   后台任务（换届提醒等），默认 true
          其余设置（签到、组织生活达标、台账等）见 README.md“配置”一节。

        示例 / examples:
          dotnet run --project src/Bastion -c Release -- --demo --urls http://127.0.0.1:5090
          dotnet Bastion.dll backup /var/backups/bastion/bastion.dump --Bastion:DataFolder /var/lib/bastion/pg

        退出码 / exit codes: 0 成功；1 启动失败；2 用法错误、文件不存在或恢复时未指定原检查点密钥；3 审计日志有问题；
          4 备份文件校验和不符；5 目标数据库不是空的；6 pg_dump/pg_restore 失败

        """;

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
