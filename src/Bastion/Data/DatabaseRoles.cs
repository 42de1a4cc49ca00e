using Npgsql;

namespace Bastion.Data;

/// <summary>
/// Least privilege in PostgreSQL: the objects belong to an owner role (<see cref="OwnerRole"/>, NOLOGIN), migrations,
/// backup and restore run under it, and the application connects as a login role that owns nothing
/// (<see cref="AppRole"/>): SELECT/INSERT/UPDATE/DELETE on the tables, USAGE on the sequences (no setval), EXECUTE on the functions,
/// and only INSERT + SELECT on the audit tables. So neither a flaw in the application nor a stolen application
/// password can rewrite, truncate or switch off the audit trail's triggers.
/// </summary>
public static class DatabaseRoles
{
    public const string OwnerRole = "bastion_owner";
    public const string AppRole = "bastion_app";

    /// <summary>Append-only tables: the application may only read and add rows.</summary>
    public static readonly string[] AppendOnlyTables = ["audit_log", "audit_checkpoints", "development_steps", "development_step_members", "development_sponsor_changes"];

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Creates the owner role (NOLOGIN) and the application's login role when missing, on a superuser connection.
    /// Roles are cluster-wide and several databases of one cluster may start at once: a concurrent creation is
    /// not an error.
    /// </summary>
    public static async Task EnsureRolesAsync(NpgsqlConnection superuser, string appRole, CancellationToken ct = default)
    {
        await EnsureRoleAsync(superuser, OwnerRole, "NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS", login: false, ct);
        await EnsureRoleAsync(superuser, appRole, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOREPLICATION NOBYPASSRLS", login: true, ct);
    }

    private static async Task EnsureRoleAsync(NpgsqlConnection conn, string role, string attributes, bool login, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var check = new NpgsqlCommand(
                    "SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls OR rolreplication OR rolcanlogin <> $2 FROM pg_roles WHERE rolname = $1", conn);
                check.Parameters.AddWithValue(role);
                check.Parameters.AddWithValue(login);
                var wrong = await check.ExecuteScalarAsync(ct);
                if (wrong is null)
                    await Exec(conn, $"CREATE ROLE {Quote(role)} {attributes}", ct);
                else if ((bool)wrong)
                    await Exec(conn, $"ALTER ROLE {Quote(role)} {attributes}", ct);
                return;
            }
            catch (PostgresException e) when (attempt < 10 && e.SqlState is PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation
                                                  or PostgresErrorCodes.InternalError /* tuple concurrently updated */)
            {
                await Task.Delay(20 * (attempt + 1), ct);
            }
        }
    }

    /// <summary>
    /// On a superuser connection: makes the owner role own the database and every object of the public schema
    /// (a database made by an earlier version belongs to 'postgres'), lets it create in the schema and no one else.
    /// Idempotent; runs under the migration lock.
    /// </summary>
    public static async Task TakeOwnershipAsync(NpgsqlConnection superuser, CancellationToken ct = default)
    {
        await Exec(superuser, $$"""
            DO $do$
            DECLARE
              owner oid := '{{OwnerRole}}'::regrole;
              r record;
            BEGIN
              IF (SELECT datdba FROM pg_database WHERE datname = current_database()) <> owner THEN
                EXECUTE format('ALTER DATABASE %I OWNER TO {{OwnerRole}}', current_database());
              END IF;
              REVOKE CREATE ON SCHEMA public FROM PUBLIC;
              GRANT USAGE, CREATE ON SCHEMA public TO {{OwnerRole}};
              -- tables, views, sequences (those owned by a column follow their table), not an extension's
              FOR r IN
                SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
                WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relowner <> owner
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
                ORDER BY c.relkind <> 'r'
              LOOP
                EXECUTE format('ALTER %s %s OWNER TO {{OwnerRole}}',
                  CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.name);
              END LOOP;
              FOR r IN
                SELECT p.oid::regprocedure AS name, p.prokind FROM pg_proc p
                WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> owner
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
              LOOP
                EXECUTE format('ALTER %s %s OWNER TO {{OwnerRole}}', CASE r.prokind WHEN 'a' THEN 'AGGREGATE' ELSE 'ROUTINE' END, r.name);
              END LOOP;
              FOR r IN
                SELECT t.oid::regtype AS name, t.typtype FROM pg_type t
                WHERE t.typnamespace = 'public'::regnamespace AND t.typowner <> owner AND t.typtype IN ('e', 'd', 'r', 'c')
                  AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype IN ('e', 'i'))
              LOOP
                EXECUTE format('ALTER %s %s OWNER TO {{OwnerRole}}', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name);
              END LOOP;
            END $do$
            """, ct);
    }

    /// <summary>
    /// Run as the owner (after SET ROLE, or on the owner's own login): the application role's privileges on what
    /// exists, and the same by default on what later migrations create. Idempotent; runs under the migration lock.
    /// </summary>
    public static async Task ApplyGrantsAsync(NpgsqlConnection owner, string appRole, CancellationToken ct = default)
    {
        var app = Quote(appRole);
        var appendOnly = string.Join(", ", AppendOnlyTables.Select(t => $"'{t}'"));
        await Exec(owner, $$"""
            GRANT USAGE ON SCHEMA public TO {{app}};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {{app}};
            -- USAGE is all nextval needs; UPDATE would allow setval, e.g. rewinding audit_log_id_seq so every audited write fails
            ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE UPDATE ON SEQUENCES FROM {{app}};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {{app}};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO {{app}};
            DO $do$
            DECLARE r record;
            BEGIN
              FOR r IN SELECT c.oid::regclass AS name, c.relname, c.relkind FROM pg_class c
                       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                         AND pg_get_userbyid(c.relowner) = current_user
              LOOP
                IF r.relkind = 'S' THEN
                  EXECUTE format('REVOKE UPDATE ON SEQUENCE %s FROM %s', r.name, {{Literal(app)}});
                  EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO %s', r.name, {{Literal(app)}});
                ELSIF r.relname IN ({{appendOnly}}, 'schema_migrations') THEN
                  EXECUTE format('REVOKE ALL ON TABLE %s FROM %s', r.name, {{Literal(app)}});
                  EXECUTE format('GRANT SELECT%s ON TABLE %s TO %s', CASE WHEN r.relname = 'schema_migrations' THEN '' ELSE ', INSERT' END, r.name, {{Literal(app)}});
                ELSE
                  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %s TO %s', r.name, {{Literal(app)}});
                END IF;
              END LOOP;
              FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
                       WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p') AND pg_get_userbyid(p.proowner) = current_user
              LOOP
                EXECUTE format('GRANT EXECUTE ON ROUTINE %s TO %s', r.name, {{Literal(app)}});
              END LOOP;
            END $do$;
            """, ct);
    }

    /// <summary>Whether the connection's role can bypass the audit trail's protection (a superuser, or the owner of audit_log).</summary>
    public static async Task<bool> IsPrivilegedAsync(NpgsqlConnection conn, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT r.rolsuper OR r.rolbypassrls OR EXISTS (
                SELECT 1 FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND pg_has_role(current_user, c.relowner, 'USAGE'))
            FROM pg_roles r WHERE r.rolname = current_user
            """, conn);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    public static async Task<bool> IsSuperuserAsync(NpgsqlConnection conn, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", conn);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    private static string Literal(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
