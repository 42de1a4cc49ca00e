using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bastion.E2E.Infrastructure;

/// <summary>The real app on Kestrel (a free port), pointed at the throwaway database, with the demo group seeded.</summary>
public sealed class BastionFactory(string connectionString, string ownerConnectionString, string safetyDataFolder) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Bastion", connectionString);
        builder.UseSetting("ConnectionStrings:BastionOwner", ownerConnectionString);
        builder.UseSetting("Bastion:Demo", "true");
        builder.UseSetting("Bastion:Jobs:Enabled", "false"); // no background reminders changing what journeys see
        // Safety net: should the connection string ever be lost, the app's own local cluster must not land in src/.
        builder.UseSetting("Bastion:DataFolder", safetyDataFolder);
        // an external database needs the audit checkpoint key configured: a key file made at first start beside that folder
        builder.UseSetting("Bastion:Audit:CheckpointKeyFile", Path.Combine(safetyDataFolder + "-audit", "audit-checkpoint.key"));
        builder.UseSetting("Urls", "http://127.0.0.1:0");
    }
}
