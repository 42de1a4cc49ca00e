using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Bastion.Security;

/// <summary>
/// One signed checkpoint of the audit hash chain: up to audit row <see cref="AuditId"/> there were
/// <see cref="RowCount"/> rows and that row's hash was <see cref="LastHash"/>, at <see cref="CreatedAt"/>.
/// <see cref="Id"/> is the table's own number (not signed; 0 when unknown).
/// </summary>
public sealed record AuditCheckpoint(long Id, long AuditId, long RowCount, string LastHash, DateTimeOffset CreatedAt, string Signature)
{
    /// <summary>The checkpoint's time in China, as messages show it.</summary>
    public string When => TimeZoneInfo.ConvertTime(CreatedAt, Domain.ChineseDates.China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>True when the signed fields and the signature are the same (the table's id may differ).</summary>
    public bool SameAs(AuditCheckpoint other) =>
        AuditId == other.AuditId && RowCount == other.RowCount && LastHash == other.LastHash
        && CreatedAt.UtcTicks == other.CreatedAt.UtcTicks && Signature == other.Signature;
}

/// <summary>
/// Signs, writes and reads the audit chain's checkpoints (issue 12, item 5). The signature is HMAC-SM3 (国密 SM3,
/// BouncyCastle) over the checkpoint's fields under a key the database never holds (<see cref="AuditCheckpointSettings"/>).
/// A checkpoint is stored in the table <c>audit_checkpoints</c> (migration 0031) and appended as one JSON line to a copy
/// file outside the database; <see cref="AuditChain.VerifyAsync"/> checks both.
/// </summary>
public static class AuditCheckpoints
{
    private const string Domain = "bastion-audit-checkpoint/v1";
    private static readonly SemaphoreSlim CopyGate = new(1, 1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The exact text that is signed (culture-independent, times in UTC to the microsecond as PostgreSQL keeps them).</summary>
    public static string SignedText(long auditId, long rowCount, string lastHash, DateTimeOffset createdAt) =>
        string.Join('|', Domain, auditId.ToString(CultureInfo.InvariantCulture), rowCount.ToString(CultureInfo.InvariantCulture),
            lastHash, createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));

    /// <summary>HMAC-SM3 of <see cref="SignedText"/>, as 64 lower-case hex digits.</summary>
    public static string Sign(byte[] key, long auditId, long rowCount, string lastHash, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(key);
        var mac = new HMac(new SM3Digest());
        mac.Init(new KeyParameter(key));
        var data = Encoding.UTF8.GetBytes(SignedText(auditId, rowCount, lastHash, createdAt));
        mac.BlockUpdate(data, 0, data.Length);
        var output = new byte[mac.GetMacSize()];
        mac.DoFinal(output, 0);
        return Convert.ToHexStringLower(output);
    }

    /// <summary>A new checkpoint, its time cut to whole microseconds (what timestamptz stores) before signing.</summary>
    public static AuditCheckpoint Create(byte[] key, long auditId, long rowCount, string lastHash, DateTimeOffset now)
    {
        var at = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
        return new AuditCheckpoint(0, auditId, rowCount, lastHash, at, Sign(key, auditId, rowCount, lastHash, at));
    }

    /// <summary>True when the signature was made with <paramref name="key"/> over exactly these fields (constant-time compare).</summary>
    public static bool IsAuthentic(byte[] key, AuditCheckpoint c)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(key, c.AuditId, c.RowCount, c.LastHash, c.CreatedAt));
        var actual = Encoding.ASCII.GetBytes(c.Signature ?? "");
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>
    /// Writes a checkpoint of the chain as it is now: the last audit row, the number of rows up to it (one count in the
    /// same REPEATABLE READ snapshot — the chain trigger numbers rows under a lock held to commit, so a snapshot that sees
    /// a row sees every earlier one), signed, into <c>audit_checkpoints</c> and then appended to <paramref name="copyFile"/>.
    /// Returns null when nothing was written: no audit rows, the last row is already checkpointed, or another instance
    /// wrote the same checkpoint at the same moment. Throws when the copy file cannot be written (the row is kept).
    /// This is what the periodic job, the shutdown and <c>backup</c> call.
    /// </summary>
    public static async Task<AuditCheckpoint?> WriteAsync(NpgsqlDataSource source, byte[] key, string copyFile, TimeProvider time, CancellationToken ct = default)
    {
        AuditCheckpoint? written;
        await using (var conn = await source.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
            long auditId, rowCount;
            string lastHash;
            await using (var cmd = new NpgsqlCommand("""
                SELECT a.id, a.hash, (SELECT count(*) FROM audit_log c WHERE c.id <= a.id),
                       k.id, k.row_count, k.last_hash, k.created_at, k.signature
                FROM audit_log a LEFT JOIN audit_checkpoints k ON k.audit_id = a.id
                ORDER BY a.id DESC LIMIT 1
                """, conn, tx))
            await using (var rd = await cmd.ExecuteReaderAsync(ct))
            {
                if (!await rd.ReadAsync(ct)) return null;
                auditId = rd.GetInt64(0);
                lastHash = rd.GetString(1);
                rowCount = rd.GetInt64(2);
                // nothing new only when a genuine checkpoint covers the last row: a row inserted without the key (say at
                // audit id 9e18) must not stop checkpointing, so "the latest checkpoint" is never taken from max(audit_id)
                if (!rd.IsDBNull(3)
                    && IsAuthentic(key, new AuditCheckpoint(rd.GetInt64(3), auditId, rd.GetInt64(4), rd.GetString(5), rd.GetFieldValue<DateTimeOffset>(6), rd.GetString(7))))
                    return null;
            }
            var c = Create(key, auditId, rowCount, lastHash, time.GetUtcNow());
            await using (var insert = new NpgsqlCommand("""
                INSERT INTO audit_checkpoints (audit_id, row_count, last_hash, created_at, signature)
                VALUES ($1, $2, $3, $4, $5) ON CONFLICT (audit_id) DO NOTHING RETURNING id
                """, conn, tx))
            {
                insert.Parameters.AddWithValue(c.AuditId);
                insert.Parameters.AddWithValue(c.RowCount);
                insert.Parameters.AddWithValue(c.LastHash);
                insert.Parameters.AddWithValue(c.CreatedAt);
                insert.Parameters.AddWithValue(c.Signature);
                try
                {
                    if (await insert.ExecuteScalarAsync(ct) is not long id) return null;
                    written = c with { Id = id };
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.SerializationFailure)
                {
                    return null; // another instance checkpointed this row after our snapshot was taken
                }
            }
            await tx.CommitAsync(ct);
        }
        await AppendCopyAsync(copyFile, written, ct);
        return written;
    }

    /// <summary>Every checkpoint in the table, in audit order; empty when the table does not exist yet (before migration 0031).</summary>
    public static async Task<List<AuditCheckpoint>> ReadTableAsync(NpgsqlConnection conn, CancellationToken ct = default)
    {
        var list = new List<AuditCheckpoint>();
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('audit_checkpoints') IS NOT NULL", conn))
            if (await exists.ExecuteScalarAsync(ct) is not true) return list;
        await using var cmd = new NpgsqlCommand(
            "SELECT id, audit_id, row_count, last_hash, created_at, signature FROM audit_checkpoints ORDER BY audit_id, id", conn);
        await using var rd = await cmd.ExecuteReaderAsync(ct);
        while (await rd.ReadAsync(ct))
            list.Add(new AuditCheckpoint(rd.GetInt64(0), rd.GetInt64(1), rd.GetInt64(2), rd.GetString(3),
                rd.GetFieldValue<DateTimeOffset>(4), rd.GetString(5)));
        return list;
    }

    /// <summary>One JSON line of the copy file.</summary>
    public static string ToJsonLine(AuditCheckpoint c) => JsonSerializer.Serialize(new CopyLine(c.Id, c.AuditId, c.RowCount, c.LastHash,
        c.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture), c.Signature), Json);

    /// <summary>The checkpoints of the copy file and the numbers of the lines that could not be read. A missing file reads as empty.</summary>
    public static (List<AuditCheckpoint> Checkpoints, List<int> BadLines) ReadCopy(string copyFile)
    {
        var list = new List<AuditCheckpoint>();
        var bad = new List<int>();
        if (!File.Exists(copyFile)) return (list, bad);
        var n = 0;
        foreach (var line in File.ReadLines(copyFile))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                var l = JsonSerializer.Deserialize<CopyLine>(line, Json);
                if (l?.LastHash is null || l.Signature is null || l.CreatedAt is null) { bad.Add(n); continue; }
                var at = DateTimeOffset.Parse(l.CreatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                list.Add(new AuditCheckpoint(l.Id, l.AuditId, l.RowCount, l.LastHash, at, l.Signature));
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                bad.Add(n);
            }
        }
        return (list, bad);
    }

    private static async Task AppendCopyAsync(string copyFile, AuditCheckpoint c, CancellationToken ct)
    {
        var line = ToJsonLine(c) + "\n";
        await CopyGate.WaitAsync(CancellationToken.None);
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(copyFile))!;
            Directory.CreateDirectory(dir);
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            await using var f = new FileStream(copyFile, options);
            await f.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
            await f.FlushAsync(ct);
            f.Flush(flushToDisk: true);
        }
        finally { CopyGate.Release(); }
    }

    private sealed record CopyLine(long Id, long AuditId, long RowCount, string? LastHash, string? CreatedAt, string? Signature);
}
