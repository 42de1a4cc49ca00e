using Bastion.IntegrationTests.Infrastructure;
using Npgsql;

namespace Bastion.IntegrationTests.Data;

/// <summary>
/// <see cref="AppFactory.ResetAsync"/> empties the tables with DELETE, restarts the used sequences and puts the seeded
/// world's rows back from the copy the first reset kept; the state after it must be exactly TRUNCATE … RESTART IDENTITY
/// and a fresh seed's: every table with the seeded world's rows, every sequence where a fresh reset leaves it.
/// </summary>
public sealed class ResetTests(AppFactory app) : AppTest(app)
{
    /// <summary>Every public table's row count and content and every public sequence's last value (null: not used since its
    /// restart); the app's data-protection keys are kept across resets, as before.</summary>
    private async Task<SortedDictionary<string, string?>> StateAsync()
    {
        await using var conn = new NpgsqlConnection(App.ConnectionString);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'data_protection_keys'", conn))
        await using (var rd = await list.ExecuteReaderAsync())
            while (await rd.ReadAsync()) tables.Add(rd.GetString(0));
        var state = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var t in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) || ' rows ' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM {t} x", conn);
            state["table " + t] = (string)(await count.ExecuteScalarAsync())!;
        }
        await using (var seqs = new NpgsqlCommand("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' AND sequencename <> 'data_protection_keys_id_seq'", conn))
        await using (var rd = await seqs.ExecuteReaderAsync())
            while (await rd.ReadAsync()) state["sequence " + rd.GetString(0)] = rd.IsDBNull(1) ? null : rd.GetInt64(1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return state;
    }

    [Fact]
    public async Task A_reset_leaves_every_table_and_sequence_as_a_full_reset_does()
    {
        var fresh = await StateAsync();
        fresh.Count(kv => kv.Key.StartsWith("sequence ", StringComparison.Ordinal)).ShouldBeGreaterThan(50);

        // rows in many tables the world does not seed ...
        await App.SeedRecordMeetingsAsync();
        await App.SeedRecordInspectionsAsync();
        await App.SeedRecordDuesAsync();
        await App.SeedRecordDevelopmentCasesAsync();
        // ... and every table's own sequence used, most of them without leaving a row (as a rolled-back or refused insert does)
        await App.ExecAsync("""
            DO $$
            DECLARE s regclass;
            BEGIN
                FOR s IN SELECT seq.oid::regclass FROM pg_class seq JOIN pg_depend d ON d.objid = seq.oid AND d.deptype IN ('a', 'i')
                         JOIN pg_class tab ON tab.oid = d.refobjid
                         WHERE seq.relkind = 'S' AND tab.relnamespace = 'public'::regnamespace AND tab.relname <> 'data_protection_keys'
                LOOP
                    PERFORM nextval(s);
                END LOOP;
            END $$
            """);
        // ... and seeded rows changed (the copy of the seed must come back, not what a test made of it)
        await App.ExecAsync("UPDATE organizations SET name = name || '（改）'; UPDATE members SET phone = NULL");
        (await StateAsync()).ShouldNotBe(fresh);

        await App.ResetAsync();

        (await StateAsync()).ShouldBe(fresh);
    }
}
