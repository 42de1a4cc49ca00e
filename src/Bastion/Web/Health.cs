using Bastion.Data;
using Npgsql;

namespace Bastion.Web;

/// <summary>/health/live (the process answers) and /health/ready (database reachable, migrations applied).</summary>
public static class Health
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/health/live", () => Results.Json(new { status = "live" })).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/health/ready", async (Database database, CancellationToken ct) =>
        {
            try
            {
                await using var conn = await database.DataSource.OpenConnectionAsync(ct);
                var migrated = await MigrationRunner.IsUpToDateAsync(conn, ct);
                return migrated
                    ? Results.Json(new { status = "ready", database = "ok", migrations = "applied" })
                    : Results.Json(new { status = "not_ready", database = "ok", migrations = "pending" }, statusCode: 503);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                return Results.Json(new { status = "not_ready", database = "unreachable", migrations = "unknown" }, statusCode: 503);
            }
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
