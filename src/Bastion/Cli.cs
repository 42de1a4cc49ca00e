using Bastion.Data;
using Bastion.Security;

namespace Bastion;

/// <summary>Command-line commands: <c>audit verify</c> and <c>seed-demo</c>.</summary>
internal static class Cli
{
    public static async Task<int> AuditVerifyAsync(WebApplication app)
    {
        var db = app.Services.GetRequiredService<Database>();
        var cs = await db.StartAsync();
        try
        {
            var r = await AuditChain.VerifyAsync(cs);
            Console.WriteLine(r.Message);
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
