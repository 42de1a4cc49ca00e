using Npgsql;

namespace Bastion.Security;

/// <summary>
/// Checks the audit trail: the hash chain row by row (names the first broken row) and, given the checkpoint settings,
/// every signed checkpoint from the table <c>audit_checkpoints</c> and from the copy file outside the database.
/// The chain alone cannot catch a database superuser who edits a row and recomputes every later hash with
/// <c>audit_row_hash()</c>, or deletes rows and relinks the rest; a checkpoint signed with a key the database never
/// holds can: its row's hash or the number of rows up to it no longer matches. Used by <c>audit verify</c> and the
/// audit page — one verification path.
/// </summary>
public static class AuditChain
{
    /// <summary>One thing found wrong, in Chinese and in English.</summary>
    public sealed record Finding(string Chinese, string English);

    /// <summary>
    /// <paramref name="FirstBrokenId"/>: the first row whose link or hash does not match (chain check only).
    /// <paramref name="Checkpoints"/>: how many distinct checkpoints (table ∪ copy file) were checked.
    /// </summary>
    public sealed record Result(bool Ok, long Rows, long? FirstBrokenId, string Message, int Checkpoints = 0, IReadOnlyList<Finding>? Findings = null)
    {
        public IReadOnlyList<Finding> Problems => Findings ?? [];
    }

    /// <summary>As <see cref="VerifyAsync(NpgsqlDataSource, AuditCheckpointSettings?, CancellationToken)"/> for a database given by its connection string (tests, tools).</summary>
    public static async Task<Result> VerifyAsync(string connectionString, AuditCheckpointSettings? checkpoints, CancellationToken ct = default)
    {
        await using var source = Data.Database.Create(connectionString);
        return await VerifyAsync(source, checkpoints, ct);
    }

    /// <summary>
    /// Walks the chain and, unless <paramref name="checkpoints"/> is null, checks every checkpoint: its signature; that a
    /// copy-file checkpoint is also in the table; that its row still exists with the hash it recorded; that the number of
    /// rows up to it is the number it recorded. Null settings check the chain only (and say so).
    /// </summary>
    public static async Task<Result> VerifyAsync(NpgsqlDataSource source, AuditCheckpointSettings? checkpoints, CancellationToken ct = default)
    {
        var findings = new List<Finding>();
        await using var conn = await source.OpenConnectionAsync(ct);

        // the checkpoints first: every row they name was committed before the walk's snapshot
        var anchors = new List<AuditCheckpoint>();
        int inTable = 0, inCopy = 0, distinct = 0;
        if (checkpoints is not null)
        {
            var table = await AuditCheckpoints.ReadTableAsync(conn, ct);
            var (copy, badLines) = AuditCheckpoints.ReadCopy(checkpoints.CopyFile);
            inTable = table.Count;
            inCopy = copy.Count;
            foreach (var n in badLines)
                findings.Add(new($"检查点副本文件第 {n} 行无法读取（被改动）", $"line {n} of the checkpoint copy file cannot be read (altered)"));
            var all = table.Select(c => (C: c, Table: true)).ToList();
            // one lookup per copy line (a checkpoint every 5 minutes is ~105,000 a year)
            var seen = table.Select(Identity).ToHashSet();
            foreach (var c in copy)
                if (seen.Add(Identity(c))) all.Add((c, false));
            distinct = all.Count;
            foreach (var (c, isInTable) in all.OrderBy(a => a.C.AuditId))
            {
                if (!isInTable)
                    findings.Add(new($"副本文件中的{Name(c)}在数据库检查点表中缺失：检查点表被删改",
                        $"{EnglishName(c)} is in the copy file but missing from the audit_checkpoints table: the table was rewritten"));
                if (!AuditCheckpoints.IsAuthentic(checkpoints.Key, c))
                    findings.Add(new($"{(isInTable ? "数据库中" : "副本文件中")}的{Name(c)}签名无效：检查点被伪造或篡改",
                        $"{EnglishName(c)} in the {(isInTable ? "table" : "copy file")} has an invalid signature: forged or altered"));
                else anchors.Add(c);
            }
        }

        long rows = 0, brokenRows = 0;
        long? firstBroken = null, firstId = null, lastGood = null;
        Finding? chainBreak = null;
        int next = 0, mismatched = 0;
        long reportedDeficit = 0;
        var hashReported = false;

        void Compare(AuditCheckpoint c, string? hashNow, long rowsNow)
        {
            var from = (lastGood + 1) ?? firstId ?? c.AuditId;
            var ok = hashNow == c.LastHash && rowsNow == c.RowCount;
            if (ok) { lastGood = c.AuditId; return; }
            mismatched++;
            var deficit = c.RowCount - rowsNow;
            if (hashNow is null)
            {
                if (deficit != reportedDeficit || !hashReported)
                    findings.Add(new($"{Name(c)}所指的第 {c.AuditId} 号记录已不存在；{CountChinese(c, rowsNow)}",
                        $"audit row {c.AuditId} named by {EnglishName(c)} no longer exists; {CountEnglish(c, rowsNow)}"));
                hashReported = true;
                reportedDeficit = deficit;
            }
            else if (deficit != 0 && deficit != reportedDeficit)
            {
                findings.Add(new($"{Name(c)}：{CountChinese(c, rowsNow)}（第 {from} 至 {c.AuditId} 号记录之间）",
                    $"{EnglishName(c)}: {CountEnglish(c, rowsNow)} (between audit rows {from} and {c.AuditId})"));
                hashReported = true;
                reportedDeficit = deficit;
            }
            else if (!hashReported)
            {
                findings.Add(new($"{Name(c)}记下的哈希与该记录现在的哈希不符：第 {from} 至 {c.AuditId} 号记录之间有记录被改写（其后的哈希被重新计算）",
                    $"{EnglishName(c)} does not match its row's hash: a row between audit rows {from} and {c.AuditId} was rewritten (and the later hashes recomputed)"));
                hashReported = true;
            }
        }

        await using (var cmd = new NpgsqlCommand("""
            SELECT a.id, a.prev_hash, a.hash, audit_row_hash(a) AS recomputed
            FROM audit_log a ORDER BY a.id
            """, conn))
        await using (var rd = await cmd.ExecuteReaderAsync(ct))
        {
            string? previous = null;
            while (await rd.ReadAsync(ct))
            {
                rows++;
                var id = rd.GetInt64(0);
                firstId ??= id;
                var prev = rd.IsDBNull(1) ? null : rd.GetString(1);
                var hash = rd.IsDBNull(2) ? null : rd.GetString(2);
                var recomputed = rd.GetString(3);
                Finding? broken = null;
                if (prev != previous)
                    broken = new($"审计日志第 {id} 行的前序哈希与上一行不一致（链条断裂）", $"row {id}: prev_hash does not match the previous row");
                else if (hash != recomputed)
                    broken = new($"审计日志第 {id} 行的内容与其哈希不符（已被篡改）", $"row {id}: content does not match its hash");
                if (broken is not null)
                {
                    brokenRows++;
                    if (firstBroken is null) { firstBroken = id; chainBreak = broken; }
                }
                previous = hash;
                while (next < anchors.Count && anchors[next].AuditId < id) Compare(anchors[next++], null, rows - 1);
                while (next < anchors.Count && anchors[next].AuditId == id) Compare(anchors[next++], hash, rows);
            }
        }
        while (next < anchors.Count) Compare(anchors[next++], null, rows);

        if (chainBreak is not null)
            findings.Insert(0, brokenRows > 1
                ? chainBreak with { Chinese = chainBreak.Chinese + $"，共 {brokenRows} 行不一致", English = chainBreak.English + $" ({brokenRows} rows in all)" }
                : chainBreak);
        if (mismatched > 1)
            findings.Add(new($"共 {mismatched} 个检查点与现有记录不符", $"{mismatched} checkpoints do not match the rows in all"));

        if (findings.Count == 0)
        {
            var anchored = checkpoints is null
                ? ("（未校验签名检查点）", " (signed checkpoints not checked)")
                : distinct == 0
                    ? ("；尚无签名检查点", "; no signed checkpoint yet")
                    : ($"；{distinct} 个签名检查点均相符（数据库 {inTable} 个，副本文件 {inCopy} 个）", $"; {distinct} signed checkpoints match (table {inTable}, copy file {inCopy})");
            return new Result(true, rows, null,
                $"审计日志哈希链完整，共 {rows} 行{anchored.Item1} / audit chain intact, {rows} rows{anchored.Item2}", distinct, findings);
        }
        return new Result(false, rows, firstBroken,
            string.Join("；", findings.Select(f => f.Chinese)) + " / " + string.Join("; ", findings.Select(f => f.English)), distinct, findings);
    }

    private static string Name(AuditCheckpoint c) => $"检查点（截至第 {c.AuditId} 号记录，{c.When}）";

    private static string EnglishName(AuditCheckpoint c) => $"the checkpoint at audit row {c.AuditId} ({c.When} China time)";

    private static string CountChinese(AuditCheckpoint c, long now) => now < c.RowCount
        ? $"检查点记录 {c.RowCount} 行，现只有 {now} 行：有 {c.RowCount - now} 行被删除"
        : $"检查点记录 {c.RowCount} 行，现有 {now} 行：多出 {now - c.RowCount} 行（被插入）";

    private static string CountEnglish(AuditCheckpoint c, long now) => now < c.RowCount
        ? $"it recorded {c.RowCount} rows, only {now} remain: {c.RowCount - now} rows were deleted"
        : $"it recorded {c.RowCount} rows, now there are {now}: {now - c.RowCount} rows were inserted";

    private static (long, long, string, long, string) Identity(AuditCheckpoint c) =>
        (c.AuditId, c.RowCount, c.LastHash, c.CreatedAt.UtcTicks, c.Signature);
}
