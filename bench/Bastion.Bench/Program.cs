using System.Diagnostics;
using Bastion.Domain;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Npgsql;

// bench: synthetic data at scale (generate) and micro-benchmarks of hot pure rules (BenchmarkDotNet).
if (args.Length > 0 && args[0] == "generate")
    return await Generator.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "generate-meetings")
    return await MeetingGenerator.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "import")
    return await ImportBench.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "rollup")
    return await RollupBench.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "suggestions")
    return await SuggestionBench.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(AccessBenchmarks).Assembly).Run(args);
return 0;

[MemoryDiagnoser]
[BenchmarkDotNet.Attributes.InProcess] // the generated out-of-process project cannot restore the web app's framework packages from this feed
public class AccessBenchmarks
{
    private readonly Grant[] _grants = [new(Role.OrgAdmin, 4, "1.4"), new(Role.Inspector, 9, "1.9"), new(Role.Member, 17, "1.4.17")];

    [Benchmark]
    public bool Allows_in_subtree() => Access.Allows(_grants, Permission.MemberRead, "1.4.17.203");

    [Benchmark]
    public bool Denies_sibling() => Access.Allows(_grants, Permission.MemberRead, "1.5.23");

    [Benchmark]
    public bool Validates_id_number() => ChineseIdNumber.IsValid("11010519491231002X");
}

/// <summary>
/// Adds a synthetic tenant — root → L1 committees → L2 committees → branches × members — into an existing,
/// migrated Bastion database with COPY (for load tests of lists and the subtree filter). The defaults make the
/// province-scale tenant of issue 3: 1 + 10 + 100 + 49,900 = 50,011 organizations and 998,000 members.
/// </summary>
public static class Generator
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var cs = Arg("--connection", Environment.GetEnvironmentVariable("ConnectionStrings__Bastion") ?? "");
        if (cs.Length == 0) { Console.Error.WriteLine("usage: generate --connection <cs> [--l1 10] [--l2 10] [--branches 499] [--members 20]"); return 2; }
        int l1 = int.Parse(Arg("--l1", "10")), l2 = int.Parse(Arg("--l2", "10")), branches = int.Parse(Arg("--branches", "499")), members = int.Parse(Arg("--members", "20"));
        var sw = Stopwatch.StartNew();
        var rng = new Random(7);
        // no command timeout: the members COPY ends with the membership-history trigger over 1M rows
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { CommandTimeout = 0 }.ConnectionString);
        await conn.OpenAsync();
        var total = 1 + l1 + l1 * l2 + l1 * l2 * branches;
        var ids = new Queue<long>();
        await using (var c = new NpgsqlCommand($"SELECT nextval(pg_get_serial_sequence('organizations', 'id')) FROM generate_series(1, {total})", conn))
        await using (var r = await c.ExecuteReaderAsync())
            while (await r.ReadAsync()) ids.Enqueue(r.GetInt64(0));
        Task<long> NextId() => Task.FromResult(ids.Dequeue());
        await using var tx = await conn.BeginTransactionAsync();
        var orgs = new List<(long Id, string Name, string Type, long? Parent, string Path)>();
        var root = await NextId();
        orgs.Add((root, "压测集团党委", "党委", null, root.ToString()));
        var branchIds = new List<long>();
        for (var a = 0; a < l1; a++)
        {
            var aid = await NextId();
            orgs.Add((aid, $"压测{a + 1}市委", "党委", root, $"{root}.{aid}"));
            for (var c = 0; c < l2; c++)
            {
                var cid = await NextId();
                orgs.Add((cid, $"压测{a + 1}-{c + 1}县委", "党委", aid, $"{root}.{aid}.{cid}"));
                for (var b = 0; b < branches; b++)
                {
                    var bid = await NextId();
                    orgs.Add((bid, $"压测{a + 1}-{c + 1}-{b + 1}党支部", "党支部", cid, $"{root}.{aid}.{cid}.{bid}"));
                    branchIds.Add(bid);
                }
            }
        }
        var founded = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var w = await conn.BeginBinaryImportAsync("COPY organizations (id, name, type, parent_id, path, sort_order, status, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var o in orgs)
            {
                await w.StartRowAsync();
                await w.WriteAsync(o.Id); await w.WriteAsync(o.Name); await w.WriteAsync(o.Type);
                if (o.Parent is null) await w.WriteNullAsync(); else await w.WriteAsync(o.Parent.Value);
                await w.WriteAsync(o.Path, NpgsqlTypes.NpgsqlDbType.LTree); await w.WriteAsync(0); await w.WriteAsync("正常");
                // founded long ago: the compliance engine counts a branch from its founding (created_at)
                await w.WriteAsync(founded);
            }
            await w.CompleteAsync();
        }
        var seen = new HashSet<string>();
        var count = 0;
        await using (var w = await conn.BeginBinaryImportAsync("COPY members (org_id, name, gender, ethnicity, id_number, birth_date, phone, category, joined_at, created_at, party_status, is_mobile) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var bid in branchIds)
                for (var i = 0; i < members; i++)
                {
                    var birth = new DateOnly(1960 + rng.Next(40), 1 + rng.Next(12), 1 + rng.Next(28));
                    var male = rng.Next(2) == 0;
                    string id;
                    do id = ChineseIdNumber.Compose("1101" + rng.Next(10, 99), birth, rng.Next(0, 500) * 2 + (male ? 1 : 0)); while (!seen.Add(id));
                    await w.StartRowAsync();
                    await w.WriteAsync(bid); await w.WriteAsync("压测" + count); await w.WriteAsync(male ? "男" : "女"); await w.WriteAsync("汉族");
                    await w.WriteAsync(id); await w.WriteAsync(birth); await w.WriteAsync("139" + rng.Next(10000000, 99999999));
                    await w.WriteAsync("正式党员"); await w.WriteAsync(birth.AddYears(20 + rng.Next(10))); await w.WriteAsync(DateTimeOffset.UtcNow);
                    await w.WriteAsync("正常"); await w.WriteAsync(false);
                    count++;
                }
            await w.CompleteAsync();
        }
        await tx.CommitAsync();
        // as autovacuum would after a while: statistics, and the visibility map that index-only scans need
        foreach (var table in new[] { "organizations", "members", "org_member_counts", "member_memberships" })
        {
            await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {table}", conn);
            await vacuum.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"generated {orgs.Count} organizations and {count} members in {sw.Elapsed.TotalSeconds:F1} s (root id {root})");
        return 0;
    }
}

/// <summary>
/// Times the roster import of N rows through the running platform (POST /api/v1/members/import, commit) against a
/// plain binary COPY of the same rows into a scratch table, and prints rows per second and the ratio.
/// </summary>
public static class ImportBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var cs = Arg("--connection", "");
        var url = Arg("--url", "http://127.0.0.1:5080");
        var token = Arg("--token", Environment.GetEnvironmentVariable("TOKEN") ?? "");
        var org = long.Parse(Arg("--org", "0"));
        var branch = Arg("--branch", "");
        var n = int.Parse(Arg("--rows", "100000"));
        if (cs.Length == 0 || org == 0 || branch.Length == 0) { Console.Error.WriteLine("usage: import --connection <cs> --token <t> --org <id> --branch <branch name> [--rows 100000] [--url …]"); return 2; }
        var rng = new Random(11);
        var seen = new HashSet<string>();
        var rows = new List<object?[]>(n);
        while (rows.Count < n)
        {
            var birth = new DateOnly(1960 + rng.Next(40), 1 + rng.Next(12), 1 + rng.Next(28));
            var id = ChineseIdNumber.Compose("5301" + rng.Next(10, 99), birth, rng.Next(0, 999));
            if (!seen.Add(id)) continue;
            var joined = birth.AddYears(20 + rng.Next(10));
            rows.Add(["导入" + rows.Count, id, "正式党员", branch, joined.ToString("yyyy-MM-dd"), joined.AddYears(1).ToString("yyyy-MM-dd")]);
        }
        var xlsx = Bastion.Web.Xlsx.Write("党员花名册", ["姓名", "公民身份号码", "人员类别", "所在党支部", "入党日期", "转正日期"], rows);
        Console.WriteLine($"roster: {n} rows, {xlsx.Length / 1024} KB");

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx), "file", "roster.xlsx" } };
        var sw = Stopwatch.StartNew();
        var r = await http.PostAsync($"/api/v1/members/import?org={org}&dryRun=false", form);
        var importSeconds = sw.Elapsed.TotalSeconds;
        var body = await r.Content.ReadAsStringAsync();
        Console.WriteLine($"import: HTTP {(int)r.StatusCode} in {importSeconds:F1} s → {n / importSeconds:F0} rows/s; {body[..Math.Min(160, body.Length)]}");

        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE copy_probe (LIKE members INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES INCLUDING CONSTRAINTS)", conn)) await create.ExecuteNonQueryAsync();
        sw.Restart();
        await using (var w = await conn.BeginBinaryImportAsync("COPY copy_probe (org_id, name, gender, ethnicity, id_number, birth_date, category, joined_at, confirmed_at, created_at, party_status, is_mobile) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                var p = ChineseIdNumber.TryParse((string)row[1]!, out _)!;
                await w.StartRowAsync();
                await w.WriteAsync(org); await w.WriteAsync((string)row[0]!); await w.WriteAsync(p.Gender.ToString()); await w.WriteAsync("汉族");
                await w.WriteAsync((string)row[1]!); await w.WriteAsync(p.BirthDate); await w.WriteAsync("正式党员");
                await w.WriteAsync(DateOnly.Parse((string)row[4]!)); await w.WriteAsync(DateOnly.Parse((string)row[5]!)); await w.WriteAsync(DateTimeOffset.UtcNow);
                await w.WriteAsync("正常"); await w.WriteAsync(false);
            }
            await w.CompleteAsync();
        }
        var copySeconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"plain COPY of the same rows: {copySeconds:F2} s → {n / copySeconds:F0} rows/s");
        Console.WriteLine($"ratio import/COPY throughput: {copySeconds / importSeconds:F2}");
        return 0;
    }
}

/// <summary>The compliance rules for one branch and one quarter, as the rollup runs them 50,000 times.</summary>
[MemoryDiagnoser]
[BenchmarkDotNet.Attributes.InProcess]
public class ComplianceBenchmarks
{
    private static readonly Period Q3 = Period.Quarter(2026, 3);
    private static readonly DateOnly Today = new(2026, 11, 21);
    private readonly ComplianceRules.RulePlan _plan = ComplianceRules.PlanFor(OrgType.党支部, Q3, []);
    private readonly BranchFacts _complete = Facts(missingJuly: false);
    private readonly BranchFacts _gaps = Facts(missingJuly: true);

    private static BranchFacts Facts(bool missingJuly)
    {
        var b = new BranchFacts { OrgId = 1, Name = "压测支部", Type = OrgType.党支部, CreatedOn = new DateOnly(2020, 1, 1) };
        foreach (var m in new[] { 7, 8, 9 })
        {
            if (missingJuly && m == 7) continue;
            var f = b.Month(new DateOnly(2026, m, 1));
            f.Add(MeetingKinds.支部委员会, 1); f.Add(MeetingKinds.主题党日, 1); f.ThemeDayBestRate = 0.85;
            if (m == 8) { f.Add(MeetingKinds.支部党员大会, 1); f.Add(MeetingKinds.党课, 1); }
        }
        return b;
    }

    [Benchmark]
    public BranchOutcome Evaluate_complete_branch() => ComplianceRules.Evaluate(_complete, _plan, Today);

    [Benchmark]
    public BranchOutcome Evaluate_branch_with_gaps() => ComplianceRules.Evaluate(_gaps, _plan, Today);
}
