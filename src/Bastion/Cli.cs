using Bastion.Data;
using Bastion.Security;

namespace Bastion;

/// <summary>Command-line commands: <c>audit verify</c> and <c>seed-demo</c>.</summary>
internal static class Cli
{
    /// <summary>
    /// Checks the hash chain and every signed checkpoint (table and copy file) with the configured key; prints each
    /// finding in Chinese and English. 0 intact, 3 anything found.
    /// </summary>
    public static async Task<int> AuditVerifyAsync(WebApplication app, TextWriter? output = null)
    {
        output ??= Console.Out;
        var checkpoints = app.Services.GetRequiredService<AuditCheckpointSettings>();
        var db = app.Services.GetRequiredService<Database>();
        var cs = await db.StartAsync();
        try
        {
            var r = await AuditChain.VerifyAsync(cs, checkpoints);
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
        finally { db.Stop(); }
    }

    public static async Task<int> SeedDemoAsync(WebApplication app)
    {
        var db = app.Services.GetRequiredService<Database>();
        var cs = await db.StartAsync();
        try
        {
            await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync(cs);
            using var scope = app.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<AuditActor>().Set(null, "seed-demo");
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
            return 0;
        }
        finally { db.Stop(); }
    }
}
