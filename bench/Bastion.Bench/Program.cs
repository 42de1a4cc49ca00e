using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Bastion.Domain;
using Npgsql;

// bench: synthetic data at scale (generate) and micro-benchmarks of hot pure rules (BenchmarkDotNet).
if (args.Length > 0 && args[0] == "generate")
    return await Generator.RunAsync(args[1..]);
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
/// Adds a synthetic group of N second-level committees × B branches × M members into an existing,
/// migrated Bastion database with COPY (for load tests of lists and the subtree filter).
/// </summary>
public static class Generator
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var cs = Arg("--connection", Environment.GetEnvironmentVariable("ConnectionStrings__Bastion") ?? "");
        if (cs.Length == 0) { Console.Error.WriteLine("usage: generate --connection <cs> [--committees 20] [--branches 25] [--members 40]"); return 2; }
        int committees = int.Parse(Arg("--committees", "20")), branches = int.Parse(Arg("--branches", "25")), members = int.Parse(Arg("--members", "40"));
        var sw = Stopwatch.StartNew();
        var rng = new Random(7);
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        async Task<long> NextId()
        {
            await using var c = new NpgsqlCommand("SELECT nextval(pg_get_serial_sequence('organizations', 'id'))", conn);
            return (long)(await c.ExecuteScalarAsync())!;
        }
        var orgs = new List<(long Id, string Name, string Type, long? Parent, string Path)>();
        var root = await NextId();
        orgs.Add((root, "压测集团党委", "党委", null, root.ToString()));
        var branchIds = new List<long>();
        for (var c = 0; c < committees; c++)
        {
            var cid = await NextId();
            orgs.Add((cid, $"压测二级单位{c + 1}党委", "党委", root, $"{root}.{cid}"));
            for (var b = 0; b < branches; b++)
            {
                var bid = await NextId();
                orgs.Add((bid, $"压测{c + 1}-{b + 1}党支部", "党支部", cid, $"{root}.{cid}.{bid}"));
                branchIds.Add(bid);
            }
        }
        await using (var w = await conn.BeginBinaryImportAsync("COPY organizations (id, name, type, parent_id, path, sort_order, status, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var o in orgs)
            {
                await w.StartRowAsync();
                await w.WriteAsync(o.Id); await w.WriteAsync(o.Name); await w.WriteAsync(o.Type);
                if (o.Parent is null) await w.WriteNullAsync(); else await w.WriteAsync(o.Parent.Value);
                await w.WriteAsync(o.Path, NpgsqlTypes.NpgsqlDbType.LTree); await w.WriteAsync(0); await w.WriteAsync("正常"); await w.WriteAsync(DateTimeOffset.UtcNow);
            }
            await w.CompleteAsync();
        }
        var seen = new HashSet<string>();
        var count = 0;
        await using (var w = await conn.BeginBinaryImportAsync("COPY members (org_id, name, gender, ethnicity, id_number, birth_date, phone, category, joined_at, created_at) FROM STDIN (FORMAT BINARY)"))
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
                    count++;
                }
            await w.CompleteAsync();
        }
        Console.WriteLine($"generated {orgs.Count} organizations and {count} members in {sw.Elapsed.TotalSeconds:F1} s (root id {root})");
        return 0;
    }
}
