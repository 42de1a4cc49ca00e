using Bastion.Data;
using Bastion.Security;

namespace Bastion;

/// <summary>Command-line commands: <c>audit verify</c>, <c>seed-demo</c>, <c>backup &lt;file&gt;</c>, <c>restore &lt;file&gt;</c>.</summary>
internal static class Cli
{
    public const string Commands = "audit verify、seed-demo、backup <文件>、restore <文件>";

    public static async Task<int> AuditVerifyAsync(WebApplication app)
    {
        var db = app.Services.GetRequiredService<Database>();
        await db.StartAsync();
        try
        {
            return await VerifyAsync(db);
        }
        finally { db.Stop(); }
    }

    private static async Task<int> VerifyAsync(Database db)
    {
        var r = await AuditChain.VerifyAsync(db.OwnerConnectionString);
        Console.WriteLine(r.Message);
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
            await Backups.BackupAsync(db, file, Console.WriteLine);
            return 0;
        }
        catch (Backups.BackupException e) { return Fail(e); }
        finally { db.Stop(); }
    }

    public static async Task<int> RestoreAsync(WebApplication app, string? file)
    {
        if (string.IsNullOrWhiteSpace(file)) return Usage("restore");
        var db = app.Services.GetRequiredService<Database>();
        try
        {
            await Backups.RestoreAsync(db, app.Services.GetRequiredService<MigrationRunner>(), file, Console.WriteLine);
            Console.WriteLine("正在校验审计日志… / verifying the audit trail …");
            return await VerifyAsync(db);
        }
        catch (Backups.BackupException e) { return Fail(e); }
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
