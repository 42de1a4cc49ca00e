using System.Diagnostics;
using Bastion.Domain;
using Npgsql;
using NpgsqlTypes;

/// <summary>
/// Adds three years of organizational life (2024-01-01 … 2026-11-20, plus the plans for the rest of 2026) to every
/// branch of a synthetic tenant made by <c>generate</c>: per branch and month a 支部委员会 and a 主题党日 (in one month
/// of each quarter combined with the 党课), a quarterly 支部党员大会 and 党课, a yearly 组织生活会 and 民主评议党员 in
/// December, some extra 支委会 and 党员大会, a few cancelled and rescheduled meetings, and realistic gaps: about 7 %
/// of the meetings never held (some left as overdue plans), weak branches, and meetings below quorum.
/// Attendance rows follow the roster on the meeting's day (members who had joined by then; the committee from the
/// branch's term, which the generator adds when missing); the count columns and quorum_met of every meeting agree
/// with them. With <c>--attendance-from</c> only meetings from that day on get rows (the counts are filled for all).
/// Loads by binary COPY in one transaction with the secondary indexes and foreign keys of meetings and
/// meeting_attendance dropped and recreated around it, one COPY per batch of meetings (statement-level triggers
/// on meetings see one transition table per batch), then VACUUM (FREEZE, ANALYZE).
/// </summary>
public static class MeetingGenerator
{
    private static readonly DateOnly First = new(2024, 1, 1);
    private static readonly DateOnly LastHeld = new(2026, 11, 20);
    private static readonly DateOnly LastPlanned = new(2026, 12, 31);
    private static readonly DateOnly TermStart = new(2023, 11, 1);
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private const string By = "压测生成";
    private static readonly DateTime Now = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    private const byte Planned = 1, Held = 2, Cancelled = 3;
    private const byte Present = 1, Leave = 2, Absent = 3;
    private static readonly string[] StateNames = ["", "计划", "已召开", "已取消"];
    private static readonly string[] StatusNames = ["", "出席", "请假", "缺席"];
    private static readonly string[] LeaveReasons = ["出差", "病假", "外出培训", "家中有事", "值班", "陪护家人", "驻外项目"];
    private static readonly string[] Places = ["党员活动室", "三楼会议室", "支部会议室", "红色教育基地", "线上会议", "职工之家"];
    private static readonly string[] Themes =
    [
        "学习贯彻党的二十届三中全会精神", "党纪学习教育", "安全生产大家谈", "我为群众办实事", "重温入党誓词",
        "学习《中国共产党纪律处分条例》", "弘扬劳模精神", "志愿服务进社区", "学习习近平总书记重要讲话精神", "廉洁文化建设",
    ];

    /// <summary>One meeting to write, before ids and attendance are known.</summary>
    private struct Plan
    {
        public long HeldTicks;   // local China time
        public int Branch;
        public int Kinds;
        public byte State;
        public float Rate;       // chance that an invited member is present
    }

    private struct Att
    {
        public long MemberId;
        public int Meeting;      // index in the batch
        public byte Status, Reason, Method;
        public bool Committee;
        public short CheckinMinutes;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var cs = Arg("--connection", Environment.GetEnvironmentVariable("ConnectionStrings__Bastion") ?? "");
        if (cs.Length == 0)
        {
            Console.Error.WriteLine("usage: generate-meetings --connection <cs> [--root <org id>] [--attendance-from 2024-01-01] [--batch 500000] [--keep-indexes]");
            return 2;
        }
        var attendanceFrom = DateOnly.Parse(Arg("--attendance-from", "2024-01-01"), System.Globalization.CultureInfo.InvariantCulture);
        var batch = int.Parse(Arg("--batch", "500000"), System.Globalization.CultureInfo.InvariantCulture);
        var keepIndexes = args.Contains("--keep-indexes");
        var rollback = args.Contains("--rollback");             // a trial: everything is undone at the end
        var limit = int.Parse(Arg("--limit", "0"), System.Globalization.CultureInfo.InvariantCulture); // first N branches only
        var sw = Stopwatch.StartNew();
        void Say(string s) => Console.WriteLine($"[{sw.Elapsed.TotalSeconds,7:F1} s] {s}");

        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { CommandTimeout = 0 }.ConnectionString);
        await conn.OpenAsync();
        async Task<object?> Scalar(string sql)
        {
            await using var c = new NpgsqlCommand(sql, conn);
            return await c.ExecuteScalarAsync();
        }
        async Task Exec(string sql)
        {
            await using var c = new NpgsqlCommand(sql, conn);
            await c.ExecuteNonQueryAsync();
        }

        var root = args.Contains("--root") ? long.Parse(Arg("--root", "0"), System.Globalization.CultureInfo.InvariantCulture)
            : await Scalar("SELECT id FROM organizations WHERE name = '压测集团党委' ORDER BY id DESC LIMIT 1") as long? ?? 0;
        if (root == 0) { Console.Error.WriteLine("no synthetic root (压测集团党委): run `generate` first or pass --root"); return 2; }
        var under = $"(SELECT id FROM organizations WHERE path <@ (SELECT path FROM organizations WHERE id = {root}) AND type = '党支部'"
            + (limit > 0 ? $" ORDER BY id LIMIT {limit})" : ")");
        if (await Scalar($"SELECT EXISTS (SELECT 1 FROM meetings WHERE org_id IN {under})") is true)
        {
            Console.Error.WriteLine($"the branches under {root} already have meetings; generate a new tenant first");
            return 2;
        }

        // branches and their members in order of joining (the roster on a day is a prefix)
        var branchIds = new List<long>();
        var branchIndex = new Dictionary<long, int>();
        await using (var c = new NpgsqlCommand($"SELECT id FROM organizations WHERE id IN {under} ORDER BY id", conn))
        await using (var r = await c.ExecuteReaderAsync())
            while (await r.ReadAsync()) { branchIndex[r.GetInt64(0)] = branchIds.Count; branchIds.Add(r.GetInt64(0)); }
        var perBranch = new List<(long Id, int Joined)>[branchIds.Count];
        for (var i = 0; i < perBranch.Length; i++) perBranch[i] = [];
        await using (var c = new NpgsqlCommand($"""
            SELECT id, org_id, joined_at FROM members
            WHERE org_id IN {under} AND party_status = '正常' AND category = '正式党员' AND confirmed_at IS NULL
            ORDER BY org_id, joined_at, id
            """, conn))
        await using (var r = await c.ExecuteReaderAsync())
            while (await r.ReadAsync())
                perBranch[branchIndex[r.GetInt64(1)]].Add((r.GetInt64(0), r.GetFieldValue<DateOnly>(2).DayNumber));
        var memberIds = perBranch.Select(l => l.Select(x => x.Id).ToArray()).ToArray();
        var joined = perBranch.Select(l => l.Select(x => x.Joined).ToArray()).ToArray();
        Say($"root {root}: {branchIds.Count} branches, {memberIds.Sum(m => m.Length)} members");

        // the committee (书记, 组织委员, 宣传委员): the three earliest members, from the branch's term
        const int committeeSize = 3;
        await using var tx = await conn.BeginTransactionAsync();
        await Exec("SET LOCAL maintenance_work_mem = '1GB'");
        if (await Scalar($"SELECT EXISTS (SELECT 1 FROM org_terms WHERE org_id IN {under})") is false)
        {
            var termId = await ReserveAsync(conn, "org_terms", branchIds.Count);
            var memberRowId = await ReserveAsync(conn, "org_term_members", branchIds.Count * committeeSize);
            await using (var w = await conn.BeginBinaryImportAsync("COPY org_terms (id, org_id, number, start_date, due_date, created_at) FROM STDIN (FORMAT BINARY)"))
            {
                for (var b = 0; b < branchIds.Count; b++)
                {
                    w.StartRow();
                    w.Write(termId + b); w.Write(branchIds[b]); w.Write(1); w.Write(TermStart);
                    w.Write(TermStart.AddYears(5)); // beyond the reminder windows, so the 换届 job stays quiet during load tests
                    w.Write(DateTime.UtcNow);
                }
                await w.CompleteAsync();
            }
            string[] posts = ["书记", "组织委员", "宣传委员"];
            await using (var w = await conn.BeginBinaryImportAsync("COPY org_term_members (id, term_id, post, name, member_id, appointed_at) FROM STDIN (FORMAT BINARY)"))
            {
                var n = 0L;
                for (var b = 0; b < branchIds.Count; b++)
                    for (var k = 0; k < Math.Min(committeeSize, memberIds[b].Length); k++)
                    {
                        w.StartRow();
                        w.Write(memberRowId + n++); w.Write(termId + b); w.Write(posts[k]); w.Write("压测支委");
                        w.Write(memberIds[b][k]); w.Write(DateOnly.FromDayNumber(Math.Max(TermStart.DayNumber, joined[b][k])));
                    }
                await w.CompleteAsync();
            }
            Say($"terms: {branchIds.Count} terms with {committeeSize} committee members each");
        }
        var committeeFrom = joined.Select(j => j.Take(committeeSize).Select(d => Math.Max(TermStart.DayNumber, d)).ToArray()).ToArray();

        // the plan: every meeting of every branch, then in order of time (as a real platform would have stored them)
        var plans = new List<Plan>(5_500_000);
        for (var b = 0; b < branchIds.Count; b++) PlanBranch(b, new Random(unchecked((int)branchIds[b] * 7919)), plans);
        var all = plans.ToArray();
        plans = null;
        Array.Sort(all, (x, y) => x.HeldTicks != y.HeldTicks ? x.HeldTicks.CompareTo(y.HeldTicks) : x.Branch.CompareTo(y.Branch));
        // one held meeting per branch and start time (a unique index): a rare clash of a rescheduled meeting moves a minute
        for (var i = 1; i < all.Length; i++)
            if (all[i].State == Held && all[i].Branch == all[i - 1].Branch && all[i].HeldTicks == all[i - 1].HeldTicks)
                all[i].HeldTicks += TimeSpan.TicksPerMinute;
        Say($"planned {all.Length} meetings ({all.Count(p => p.State == Held)} held, {all.Count(p => p.State == Planned)} planned, {all.Count(p => p.State == Cancelled)} cancelled)");

        // indexes and foreign keys off during the load, back on (and checked) at the end
        var restore = new List<string>();
        if (!keepIndexes)
        {
            var drops = new List<string>();
            await using (var c = new NpgsqlCommand("""
                SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid IN ('meetings'::regclass, 'meeting_attendance'::regclass) AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                UNION ALL
                SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', k.conrelid::regclass, k.conname),
                       format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid))
                FROM pg_constraint k
                WHERE k.conrelid IN ('meetings'::regclass, 'meeting_attendance'::regclass) AND k.contype = 'f'
                """, conn))
            await using (var r = await c.ExecuteReaderAsync())
                while (await r.ReadAsync()) { drops.Add(r.GetString(0)); restore.Add(r.GetString(1)); }
            foreach (var d in drops) await Exec(d);
            Say($"dropped {drops.Count} secondary indexes and foreign keys of meetings and meeting_attendance");
        }

        var firstMeetingId = await ReserveAsync(conn, "meetings", all.Length);
        var attFromDay = attendanceFrom.DayNumber;
        long attendanceRows = 0;
        var nextAttId = -1L;
        var rng = new Random(20260921);
        var buffer = new List<Att>(8_000_000);
        var counts = new int[batch * 8];
        for (var start = 0; start < all.Length; start += batch)
        {
            var end = Math.Min(all.Length, start + batch);
            buffer.Clear();
            // attendance of the batch, and from it the counts of each meeting
            for (var i = start; i < end; i++)
            {
                ref var p = ref all[i];
                var o = (i - start) * 8;
                Array.Clear(counts, o, 8);
                if (p.State != Held) continue;
                var day = DateOnly.FromDateTime(new DateTime(p.HeldTicks)).DayNumber;
                var b = p.Branch;
                var onRoster = UpperBound(joined[b], day);
                var committeeOnly = p.Kinds == (int)MeetingKinds.支部委员会;
                var invited = committeeOnly ? Math.Min(onRoster, committeeSize) : onRoster;
                var rows = day >= attFromDay;
                for (var k = 0; k < invited; k++)
                {
                    var committee = k < committeeSize && committeeFrom[b][k] <= day;
                    if (committeeOnly && !committee) continue;
                    var status = rng.NextDouble() < p.Rate ? Present : rng.NextDouble() < 0.6 ? Leave : Absent;
                    counts[o]++;                                     // expected (everyone votes: all are 正式党员)
                    if (status == Present) counts[o + 1]++;
                    if (status == Leave) counts[o + 2]++;
                    if (status == Absent) counts[o + 3]++;
                    if (committee) { counts[o + 4]++; if (status == Present) counts[o + 5]++; }
                    if (!rows) continue;
                    var scanned = status == Present && day >= new DateOnly(2026, 1, 1).DayNumber && rng.NextDouble() < 0.4;
                    buffer.Add(new Att
                    {
                        MemberId = memberIds[b][k], Meeting = i - start, Status = status,
                        Reason = status == Leave ? (byte)rng.Next(LeaveReasons.Length) : (byte)0,
                        Method = scanned ? (byte)2 : (byte)1, Committee = committee,
                        CheckinMinutes = scanned ? (short)rng.Next(-20, 5) : (short)0,
                    });
                }
            }

            await using (var w = await conn.BeginBinaryImportAsync("""
                COPY meetings (id, org_id, kinds, state, held_at, ends_at, place, topic, minutes_html, resolutions,
                    votes_for, votes_against, votes_abstain, host_member_id, recorder_member_id, lecturer_member_id,
                    expected, voting_expected, present, voting_present, on_leave, absent, committee_expected, committee_present,
                    quorum_met, quorum_note, version, created_at, created_by, recorded_at, recorded_by) FROM STDIN (FORMAT BINARY)
                """))
            {
                for (var i = start; i < end; i++)
                {
                    ref var p = ref all[i];
                    var o = (i - start) * 8;
                    var b = p.Branch;
                    var heldUtc = new DateTime(p.HeldTicks - China.Ticks, DateTimeKind.Utc);
                    var local = new DateTime(p.HeldTicks);
                    var kinds = (MeetingKinds)p.Kinds;
                    var held = p.State == Held;
                    int expected = counts[o], present = counts[o + 1], leave = counts[o + 2], absent = counts[o + 3];
                    int committeeExpected = counts[o + 4], committeePresent = counts[o + 5];
                    var (met, note) = held ? MeetingRules.Quorum(kinds, expected, present, committeeExpected, committeePresent) : (false, null);
                    var general = (kinds & MeetingKinds.支部党员大会) != 0 && held;
                    var secretary = memberIds[b].Length > 0 ? memberIds[b][0] : (long?)null;
                    var recorder = memberIds[b].Length > 1 ? memberIds[b][1] : (long?)null;
                    w.StartRow();
                    w.Write(firstMeetingId + i); w.Write(branchIds[b]); w.Write(p.Kinds); w.Write(StateNames[p.State]);
                    w.Write(heldUtc); w.Write(heldUtc.AddHours(2)); w.Write(Places[(b + local.Month) % Places.Length]);
                    w.Write(Topic(kinds, local, b));
                    if (held) w.Write($"<p>{local:yyyy年M月d日}，{MeetingRules.Display(kinds)}在{Places[(b + local.Month) % Places.Length]}召开，应到{expected}人，实到{present}人。</p>");
                    else w.WriteNull();
                    if (general && met) { w.Write("审议通过支部工作报告及有关事项"); w.Write(present); w.Write(0); w.Write(0); }
                    else { w.WriteNull(); w.WriteNull(); w.WriteNull(); w.WriteNull(); }
                    Nullable(w, secretary); Nullable(w, recorder);
                    Nullable(w, (kinds & MeetingKinds.党课) != 0 ? secretary : null);
                    w.Write(expected); w.Write(expected); w.Write(present); w.Write(present); w.Write(leave); w.Write(absent);
                    w.Write(committeeExpected); w.Write(committeePresent);
                    w.Write(met); if (note is null) w.WriteNull(); else w.Write(note);
                    w.Write(1); w.Write(heldUtc.AddDays(-10) < Now ? heldUtc.AddDays(-10) : Now); w.Write(By);
                    if (held) { w.Write(heldUtc.AddDays(1 + (b + local.Day) % 3)); w.Write(By); }
                    else { w.WriteNull(); w.WriteNull(); }
                }
                await w.CompleteAsync();
            }
            if (buffer.Count > 0)
            {
                if (nextAttId < 0) nextAttId = await ReserveAsync(conn, "meeting_attendance", EstimateRemaining(all, start, attFromDay, joined));
                await using var w = await conn.BeginBinaryImportAsync("""
                    COPY meeting_attendance (id, meeting_id, member_id, status, reason, method, checked_in_at, voting, committee, dual_life)
                    FROM STDIN (FORMAT BINARY)
                    """);
                foreach (var a in buffer)
                {
                    var meeting = start + a.Meeting;
                    w.StartRow();
                    w.Write(nextAttId++); w.Write(firstMeetingId + meeting); w.Write(a.MemberId); w.Write(StatusNames[a.Status]);
                    if (a.Status == Leave) w.Write(LeaveReasons[a.Reason]); else w.WriteNull();
                    if (a.Method == 2) { w.Write("扫码"); w.Write(new DateTime(all[meeting].HeldTicks - China.Ticks, DateTimeKind.Utc).AddMinutes(a.CheckinMinutes)); }
                    else { w.Write("录入"); w.WriteNull(); }
                    w.Write(true); w.Write(a.Committee); w.Write(false);
                }
                await w.CompleteAsync();
                attendanceRows += buffer.Count;
            }
            Say($"meetings {end:N0}/{all.Length:N0} (to {new DateTime(all[end - 1].HeldTicks):yyyy-MM-dd}), attendance rows {attendanceRows:N0}");
        }
        if (nextAttId >= 0)
            await Exec($"SELECT setval(pg_get_serial_sequence('meeting_attendance', 'id'), {nextAttId - 1})");

        foreach (var sql in restore)
        {
            var t = sw.Elapsed;
            await Exec(sql);
            Say($"{(sw.Elapsed - t).TotalSeconds:F1} s: {sql[..Math.Min(110, sql.Length)]}");
        }
        if (rollback)
        {
            await using (var c = new NpgsqlCommand($"SELECT count(*), sum(expected), sum(present), count(*) FILTER (WHERE state = '已召开' AND NOT quorum_met) FROM meetings WHERE org_id IN {under}", conn))
            await using (var r = await c.ExecuteReaderAsync())
                if (await r.ReadAsync()) Say($"check: {r.GetInt64(0)} meetings, expected {r.GetInt64(1)}, present {r.GetInt64(2)}, below quorum {r.GetInt64(3)}");
            await tx.RollbackAsync();
            Say($"rolled back (trial): {all.Length} meetings, {attendanceRows} attendance rows");
            return 0;
        }
        await tx.CommitAsync();
        Say("committed");
        await Exec("VACUUM (FREEZE, ANALYZE)");
        Say("VACUUM (FREEZE, ANALYZE) done");
        var size = await Scalar("SELECT pg_size_pretty(pg_database_size(current_database()))");
        Console.WriteLine($"generated {all.Length} meetings and {attendanceRows} attendance rows (from {attendanceFrom:yyyy-MM-dd}) in {sw.Elapsed.TotalSeconds:F1} s; database size {size}");
        return 0;
    }

    private static void Nullable(NpgsqlBinaryImporter w, long? v)
    {
        if (v is null) w.WriteNull(); else w.Write(v.Value);
    }

    /// <summary>Reserves n ids of the table's identity sequence; returns the first.</summary>
    private static async Task<long> ReserveAsync(NpgsqlConnection conn, string table, long n)
    {
        await using var c = new NpgsqlCommand($"""
            SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS first,
                   setval(pg_get_serial_sequence('{table}', 'id'), currval(pg_get_serial_sequence('{table}', 'id')) + {Math.Max(0, n - 1)})
            """, conn);
        await using var r = await c.ExecuteReaderAsync();
        await r.ReadAsync();
        return r.GetInt64(0);
    }

    /// <summary>An upper bound of the attendance rows still to come (every invited member), for reserving ids.</summary>
    private static long EstimateRemaining(Plan[] all, int from, int attFromDay, int[][] joined)
    {
        long n = 0;
        for (var i = from; i < all.Length; i++)
            if (all[i].State == Held && DateOnly.FromDateTime(new DateTime(all[i].HeldTicks)).DayNumber >= attFromDay)
                n += joined[all[i].Branch].Length;
        return n;
    }

    private static int UpperBound(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { var mid = (lo + hi) >>> 1; if (sorted[mid] <= value) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static string Topic(MeetingKinds kinds, DateTime local, int b) => kinds switch
    {
        MeetingKinds.支部委员会 => $"研究部署{local.Month}月份支部工作",
        MeetingKinds.支部党员大会 => $"{local.Year}年第{(local.Month + 2) / 3}季度支部党员大会",
        MeetingKinds.党课 => $"专题党课：{Themes[(b + local.Month) % Themes.Length]}",
        var k when (k & MeetingKinds.组织生活会) != 0 => $"{local.Year}年度组织生活会和民主评议党员",
        MeetingKinds.民主评议党员 => $"{local.Year}年度民主评议党员",
        var k when (k & MeetingKinds.主题党日) != 0 => $"{local.Month}月主题党日：{Themes[(b + local.Month * 3) % Themes.Length]}",
        _ => $"{local:yyyy年M月}{MeetingRules.Display(kinds)}",
    };

    /// <summary>The meetings of one branch over the three years, with its gaps.</summary>
    private static void PlanBranch(int b, Random rng, List<Plan> plans)
    {
        var weak = rng.NextDouble() < 0.08;                      // a weak branch misses many meetings
        var skip = weak ? 0.30 : 0.045;
        var baseRate = weak ? 0.62 + 0.15 * rng.NextDouble() : 0.80 + 0.14 * rng.NextDouble();
        var themeDay = 10 + rng.Next(11);                         // the branch's fixed 主题党日
        var generalMonth = 0; var lectureMonth = 0; var lectureCombined = false; var lifeHeldEarly = false;

        void Add(int year, int month, int day, int hour, int minute, MeetingKinds kinds, bool canMiss = true)
        {
            day = Math.Min(day, DateTime.DaysInMonth(year, month));
            var local = new DateTime(year, month, day, hour, minute, 0);
            var date = DateOnly.FromDateTime(local);
            var rate = (float)(rng.NextDouble() < 0.03 ? 0.3 + 0.15 * rng.NextDouble() : Math.Clamp(baseRate + 0.1 * (rng.NextDouble() - 0.5), 0.05, 0.99));
            if (date > LastHeld)
            {
                plans.Add(new Plan { HeldTicks = local.Ticks, Branch = b, Kinds = (int)kinds, State = Planned, Rate = rate });
                return;
            }
            if (canMiss && rng.NextDouble() < skip)
            {
                // never held; a third stay behind as overdue plans
                if (rng.NextDouble() < 0.33) plans.Add(new Plan { HeldTicks = local.Ticks, Branch = b, Kinds = (int)kinds, State = Planned, Rate = rate });
                return;
            }
            if (rng.NextDouble() < 0.015)
            {
                // cancelled, held a week later
                plans.Add(new Plan { HeldTicks = local.Ticks, Branch = b, Kinds = (int)kinds, State = Cancelled, Rate = rate });
                local = local.AddDays(7).AddMinutes(10);
                if (DateOnly.FromDateTime(local) > LastHeld) { plans.Add(new Plan { HeldTicks = local.Ticks, Branch = b, Kinds = (int)kinds, State = Planned, Rate = rate }); return; }
            }
            plans.Add(new Plan { HeldTicks = local.Ticks, Branch = b, Kinds = (int)kinds, State = Held, Rate = rate });
        }

        for (var d = new DateOnly(First.Year, First.Month, 1); d <= LastPlanned; d = d.AddMonths(1))
        {
            int y = d.Year, m = d.Month;
            if ((m - 1) % 3 == 0)
            {
                generalMonth = m + rng.Next(3);
                lectureMonth = m + rng.Next(3);
                lectureCombined = rng.NextDouble() < 0.6;
                if (rng.NextDouble() < 0.10) Add(y, m + rng.Next(3), 28, 15, 0, MeetingKinds.支部党员大会, canMiss: false); // e.g. 接收预备党员
            }
            Add(y, m, 3 + rng.Next(5), 9, 0, MeetingKinds.支部委员会);
            Add(y, m, themeDay, 14, 30, MeetingKinds.主题党日 | (lectureCombined && m == lectureMonth ? MeetingKinds.党课 : 0));
            if (rng.NextDouble() < 0.25) Add(y, m, 12 + rng.Next(6), 16, 30, MeetingKinds.支部委员会, canMiss: false); // 发展党员, 评先
            if (m == generalMonth) Add(y, m, 21 + rng.Next(5), 15, 0, MeetingKinds.支部党员大会);
            if (m == lectureMonth && !lectureCombined) Add(y, m, 25 + rng.Next(3), 10, 0, MeetingKinds.党课);
            if (m == 12 && !lifeHeldEarly)
            {
                if (rng.NextDouble() < 0.7) Add(y, m, 15 + rng.Next(10), 8, 30, MeetingKinds.组织生活会 | MeetingKinds.民主评议党员);
                else { Add(y, m, 15 + rng.Next(5), 8, 30, MeetingKinds.组织生活会); Add(y, m, 22 + rng.Next(5), 8, 30, MeetingKinds.民主评议党员); }
            }
            else if (m == 11 && y == 2026 && (lifeHeldEarly = rng.NextDouble() < 0.2))
                Add(y, m, 10 + rng.Next(8), 8, 30, MeetingKinds.组织生活会 | MeetingKinds.民主评议党员);  // held early this year
        }
    }
}
