using Npgsql;

namespace Bastion.Security;

/// <summary>Checks the audit trail's hash chain; names the first broken row.</summary>
public static class AuditChain
{
    public sealed record Result(bool Ok, long Rows, long? FirstBrokenId, string Message);

    public static async Task<Result> VerifyAsync(string connectionString, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT a.id, a.prev_hash, a.hash, audit_row_hash(a) AS recomputed
            FROM audit_log a ORDER BY a.id
            """, conn);
        await using var rd = await cmd.ExecuteReaderAsync(ct);
        string? previous = null;
        long rows = 0;
        while (await rd.ReadAsync(ct))
        {
            rows++;
            var id = rd.GetInt64(0);
            var prev = rd.IsDBNull(1) ? null : rd.GetString(1);
            var hash = rd.IsDBNull(2) ? null : rd.GetString(2);
            var recomputed = rd.GetString(3);
            if (prev != previous)
                return new Result(false, rows, id, $"审计日志第 {id} 行的前序哈希与上一行不一致（链条断裂）/ row {id}: prev_hash does not match the previous row");
            if (hash != recomputed)
                return new Result(false, rows, id, $"审计日志第 {id} 行的内容与其哈希不符（已被篡改）/ row {id}: content does not match its hash");
            previous = hash;
        }
        return new Result(true, rows, null, $"审计日志哈希链完整，共 {rows} 行 / audit chain intact, {rows} rows");
    }
}
