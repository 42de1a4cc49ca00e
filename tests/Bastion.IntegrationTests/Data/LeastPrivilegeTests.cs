using System.Net;
using System.Net.Http.Json;
using Bastion.Data;
using Bastion.IntegrationTests.Infrastructure;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Bastion.IntegrationTests.Data;

/// <summary>
/// The application connects as bastion_app, which owns nothing: whatever the application (or a stolen application
/// password) does, the audit trail cannot be rewritten, emptied or have its triggers switched off.
/// </summary>
public sealed class LeastPrivilegeTests(AppFactory app) : AppTest(app)
{
    private async Task ExecAsAppAsync(string sql, string? connectionString = null)
    {
        await using var conn = new NpgsqlConnection(connectionString ?? App.AppConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_app_connects_as_its_own_role_which_is_no_superuser()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.Database.SqlQueryRaw<string>("SELECT current_user::text AS \"Value\"").SingleAsync()).ShouldBe(DatabaseRoles.AppRole);
        (await App.ScalarAsync($"SELECT count(*) FROM pg_roles WHERE rolname = '{DatabaseRoles.AppRole}' AND NOT rolsuper AND NOT rolcreatedb AND NOT rolcreaterole AND NOT rolbypassrls AND NOT rolreplication AND rolcanlogin")).ShouldBe(1);
        (await App.ScalarAsync($"SELECT count(*) FROM pg_roles WHERE rolname = '{DatabaseRoles.OwnerRole}' AND NOT rolcanlogin AND NOT rolsuper")).ShouldBe(1);
    }

    [Fact]
    public async Task The_app_role_owns_nothing_and_the_owner_role_owns_every_table()
    {
        var app = $"'{DatabaseRoles.AppRole}'::regrole";
        (await App.ScalarAsync($"""
            SELECT (SELECT count(*) FROM pg_class WHERE relowner = {app}) + (SELECT count(*) FROM pg_proc WHERE proowner = {app})
                 + (SELECT count(*) FROM pg_type WHERE typowner = {app}) + (SELECT count(*) FROM pg_namespace WHERE nspowner = {app})
                 + (SELECT count(*) FROM pg_database WHERE datdba = {app})
            """)).ShouldBe(0);
        (await App.ScalarAsync($"SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '{DatabaseRoles.OwnerRole}'")).ShouldBe(0);
        (await App.ScalarAsync("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).ShouldBeGreaterThan(20);
    }

    [Theory]
    [InlineData("UPDATE audit_log SET result = 'x'")]
    [InlineData("DELETE FROM audit_log")]
    [InlineData("TRUNCATE audit_log")]
    [InlineData("ALTER TABLE audit_log DISABLE TRIGGER ALL")]
    [InlineData("ALTER TABLE audit_log DISABLE TRIGGER audit_no_update")]
    [InlineData("SET session_replication_role = replica")]
    [InlineData("DROP TABLE audit_log")]
    [InlineData("DROP TABLE members")]
    [InlineData("TRUNCATE members")]
    [InlineData("CREATE TABLE public.intruder (id int)")]
    [InlineData("CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$")]
    [InlineData("UPDATE schema_migrations SET checksum = 'x'")]
    [InlineData("SELECT setval('audit_log_id_seq', 1)")]
    [InlineData("DELETE FROM audit_checkpoints")]
    public async Task The_app_role_is_refused_what_would_rewrite_the_audit_trail_or_the_schema(string sql)
    {
        await App.SignedInAsync("mem"); // at least one audit row
        var audit = await App.ScalarAsync("SELECT count(*) FROM audit_log");
        var e = await Should.ThrowAsync<PostgresException>(() => ExecAsAppAsync(sql));
        e.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege, e.MessageText);
        e.MessageText.ShouldNotContain("只能追加", customMessage: "refused by the role's privileges, before any trigger");
        (await App.ScalarAsync("SELECT count(*) FROM audit_log")).ShouldBe(audit);
        (await App.ScalarAsync("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND tgenabled <> 'D'")).ShouldBe(3);
        (await AuditChain.VerifyAsync(App.ConnectionString, null)).Ok.ShouldBeTrue();
        // nothing else broke: the account still signs in, the app is ready
        await App.SignedInAsync("mem");
        (await App.Client().GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_normal_write_through_http_still_writes_its_chained_audit_row()
    {
        var before = await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'organizations' AND action = 'create'");
        var c = await App.BearerAsync("orgadmin");
        var r = await c.PostAsJsonAsync($"/api/v1/organizations/{World.A.Id}/children", new { name = "甲三党支部", type = "党支部" });
        r.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await App.ScalarAsync("SELECT count(*) FROM audit_log WHERE entity = 'organizations' AND action = 'create'")).ShouldBe(before + 1);
        (await AuditChain.VerifyAsync(App.AppConnectionString, null)).Ok.ShouldBeTrue("the app role can read and verify the chain");
    }

    [Fact]
    public async Task A_database_of_the_previous_version_is_upgraded_in_place_and_later_tables_get_the_grants_by_default()
    {
        // the previous version: everything migrated and owned by the superuser
        var cs = await TestCluster.NewDatabaseAsync("upgrade");
        await new MigrationRunner(NullLogger<MigrationRunner>.Instance).MigrateAsync(cs);
        await using (var app = new InstanceFactory(cs))
        {
            (await app.CreateClient().GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        async Task<long> Scalar(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        (await Scalar($"SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '{DatabaseRoles.OwnerRole}'")).ShouldBe(0);
        (await Scalar($"SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND proowner = 'postgres'::regrole AND proname LIKE 'audit%'")).ShouldBe(0);
        (await Scalar("SELECT count(*) FROM users")).ShouldBe(1, "the initial administrator was created by the app role");

        // a table a later migration adds (as the owner) is usable by the app without a GRANT of its own
        await using (var cmd = new NpgsqlCommand($"SET ROLE {DatabaseRoles.OwnerRole}; CREATE TABLE later_probe (id int); RESET ROLE;", conn))
            await cmd.ExecuteNonQueryAsync();
        var appCs = TestCluster.AppConnectionString(cs);
        await ExecAsAppAsync("INSERT INTO later_probe VALUES (1); UPDATE later_probe SET id = 2; DELETE FROM later_probe", appCs);

        // an append-only table that lands later (audit_checkpoints) is INSERT + SELECT only after the grants step
        await using (var cmd = new NpgsqlCommand($"SET ROLE {DatabaseRoles.OwnerRole}; CREATE TABLE IF NOT EXISTS audit_checkpoints (id bigserial PRIMARY KEY); RESET ROLE;", conn))
            await cmd.ExecuteNonQueryAsync();
        await new MigrationRunner(NullLogger<MigrationRunner>.Instance).MigrateAsync(cs, new MigrationRunner.Ownership(DatabaseRoles.OwnerRole, DatabaseRoles.AppRole));
        foreach (var (privilege, granted) in new[] { ("SELECT", true), ("INSERT", true), ("UPDATE", false), ("DELETE", false), ("TRUNCATE", false) })
            (await Scalar($"SELECT has_table_privilege('{DatabaseRoles.AppRole}', 'audit_checkpoints', '{privilege}')::int")).ShouldBe(granted ? 1 : 0, privilege);
        (await Should.ThrowAsync<PostgresException>(() => ExecAsAppAsync("DELETE FROM audit_checkpoints", appCs))).SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
    }
}
