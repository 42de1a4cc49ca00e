using System.Diagnostics;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Compliance;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

/// <summary>
/// The compliance rollup in process, without HTTP: `rollup --connection cs --org 100078 --period 2026 [--runs 10]
/// [--no-cache] [--touch]` prints each run's time for the engine (facts + evaluation, or the cache brought up to date)
/// and for the API response (the worst gaps), then the medians — the part of a request that is ours. The first run
/// fills the cache; with --touch every later run first re-records one held meeting (held_at moved by a second and back: an
/// UPDATE that the month statistics and the change log see) so the cache has a branch to re-evaluate; --no-cache evaluates every run anew.
/// </summary>
public static class RollupBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var cs = Arg("--connection", "");
        if (cs.Length == 0) { Console.Error.WriteLine("usage: rollup --connection <cs> --org <id> --period 2026Q3 [--runs 10] [--today 2026-11-20]"); return 2; }
        var orgId = long.Parse(Arg("--org", "100078"));
        var (period, error) = Period.Parse(Arg("--period", "2026Q3"));
        if (period is null) { Console.Error.WriteLine(error); return 2; }
        var runs = int.Parse(Arg("--runs", "10"));
        var today = DateOnly.Parse(Arg("--today", "2026-11-20"));
        var options = new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(cs).Options;
        var config = Microsoft.Extensions.Options.Options.Create(new Bastion.Web.ComplianceSettings());
        var noCache = args.Contains("--no-cache");
        var touch = args.Contains("--touch");
        var cache = new ComplianceCache(config, TimeProvider.System);
        var engineTimes = new List<double>();
        var responseTimes = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            await using var db = new AppDbContext(options, new AuditActor());
            var org = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == orgId);
            if (touch && i > 0)
                await db.Database.ExecuteSqlRawAsync("""
                    UPDATE meetings SET held_at = held_at + make_interval(secs => {1}) WHERE id = (SELECT max(m.id) FROM meetings m JOIN organizations o ON o.id = m.org_id
                                                                 WHERE m.state = '已召开' AND o.path <@ (SELECT path FROM organizations WHERE id = {0}))
                    """, orgId, i % 2 == 1 ? 1 : -1);
            var engine = new ComplianceEngine(db, config, noCache ? new ComplianceCache(config, TimeProvider.System) : cache, TimeProvider.System);
            var sw = Stopwatch.StartNew();
            var rollup = await engine.RollupAsync(org, period.Value, today: today);
            var engineMs = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            var response = GetCompliance.ToResponse(rollup, TimeProvider.System.GetUtcNow());
            var responseMs = sw.Elapsed.TotalMilliseconds;
            engineTimes.Add(engineMs);
            responseTimes.Add(responseMs);
            Console.WriteLine($"run {i + 1}: engine {engineMs:F0} ms, response {responseMs:F0} ms ({response.Branches} branches, {response.GapsTotal} gaps, gen0 {GC.CollectionCount(0)} gen2 {GC.CollectionCount(2)}, cached {cache.Count})");
        }
        static double Median(List<double> xs) { var s = xs.Order().ToList(); return s[s.Count / 2]; }
        if (runs > 1) Console.WriteLine($"after the first run: engine median {Median(engineTimes.Skip(1).ToList()):F0} ms");
        Console.WriteLine($"median: engine {Median(engineTimes):F0} ms, response {Median(responseTimes):F0} ms");
        return 0;
    }
}
