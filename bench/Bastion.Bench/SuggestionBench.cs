using System.Diagnostics;
using System.Globalization;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Inspections.Expressions;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// 巡言巡语 accuracy: runs the real <see cref="ExpressionSuggester"/> over the labelled findings in
/// bench/inspections/labelled-findings.csv (category,text) and prints top-1 and top-3 accuracy of the suggested category
/// (top-3: the right category is among the categories of the 3 best candidates). The library is the one migration 0020
/// seeds: by default a throwaway PostgreSQL cluster is made from the system binaries and migrated; with
/// --connection the library of that (migrated) database is used instead.
/// </summary>
public static class SuggestionBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var verbose = args.Contains("--verbose");
        var file = Arg("--set", Find("bench/inspections/labelled-findings.csv") ?? "");
        if (!File.Exists(file)) { Console.Error.WriteLine("usage: suggestions [--set bench/inspections/labelled-findings.csv] [--connection <cs>] [--verbose]"); return 2; }
        var set = File.ReadLines(file).Skip(1).Where(l => l.Trim().Length > 0).Select(l =>
        {
            var comma = l.IndexOf(',', StringComparison.Ordinal);
            var category = InspectionRules.ParseCategory(l[..comma]) ?? throw new FormatException($"unknown category in: {l}");
            return (Category: category, Text: l[(comma + 1)..].Trim());
        }).ToList();

        var cs = Arg("--connection", "");
        LocalPostgres? pg = null;
        var folder = Path.Combine(Path.GetTempPath(), "bastion-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            if (cs.Length == 0)
            {
                pg = new LocalPostgres(Path.Combine(folder, "pg"));
                cs = await pg.EnsureStartedAsync("bastion");
                var applied = await new MigrationRunner(NullLogger<MigrationRunner>.Instance).MigrateAsync(cs);
                Console.WriteLine($"throwaway database migrated ({applied} migrations applied)");
            }
            var services = new ServiceCollection();
            services.AddScoped<AuditActor>();
            services.AddDbContext<AppDbContext>(o => o.UseNpgsql(cs));
            services.AddSingleton<ExpressionSuggester>();
            await using var sp = services.BuildServiceProvider();
            var suggester = sp.GetRequiredService<ExpressionSuggester>();
            var index = await suggester.IndexAsync();
            Console.WriteLine($"library: {index.Count} active expressions; labelled set: {set.Count} findings ({file})");

            int top1 = 0, top3 = 0;
            var perCategory = new Dictionary<FindingCategory, (int N, int Top1, int Top3)>();
            var sw = Stopwatch.StartNew();
            foreach (var (category, text) in set)
            {
                var found = await suggester.SuggestAsync(text, 3);
                var hit1 = found.Count > 0 && found[0].CategoryKey == category;
                var hit3 = found.Any(c => c.CategoryKey == category);
                top1 += hit1 ? 1 : 0;
                top3 += hit3 ? 1 : 0;
                var p = perCategory.GetValueOrDefault(category);
                perCategory[category] = (p.N + 1, p.Top1 + (hit1 ? 1 : 0), p.Top3 + (hit3 ? 1 : 0));
                if (verbose && !hit1)
                    Console.WriteLine($"  {(hit3 ? "top-3" : "MISS ")} [{category}] {text[..Math.Min(40, text.Length)]}… → "
                        + string.Join(" | ", found.Select(c => $"{c.CategoryKey} {ExpressionIndex.Format(c.Score)} {c.Expression}")));
            }
            var perQuery = sw.Elapsed.TotalMilliseconds / set.Count;
            string Pct(int n, int of) => (n / (double)of).ToString("0.000", CultureInfo.InvariantCulture);
            foreach (var (c, v) in perCategory.OrderBy(kv => kv.Key))
                Console.WriteLine($"  {c,-8} n={v.N,3}  top-1 {Pct(v.Top1, v.N)}  top-3 {Pct(v.Top3, v.N)}");
            Console.WriteLine($"top-1 accuracy: {Pct(top1, set.Count)} ({top1}/{set.Count})");
            Console.WriteLine($"top-3 accuracy: {Pct(top3, set.Count)} ({top3}/{set.Count})  (target ≥ 0.8)");
            Console.WriteLine($"mean time per suggestion (index warm, database stamp check included): {perQuery.ToString("0.0", CultureInfo.InvariantCulture)} ms");
            return 0;
        }
        finally
        {
            if (pg is not null)
            {
                pg.Stop();
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    private static string? Find(string relative)
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, relative))) return Path.Combine(dir.FullName, relative);
        return null;
    }
}
