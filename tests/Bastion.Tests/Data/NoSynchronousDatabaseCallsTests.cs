using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bastion.Tests.Data;

/// <summary>
/// Issue 12 item 2: a synchronous database call holds a thread-pool thread for the whole round trip; under 100
/// connections the pool starves and every request fails. This test compiles the application's sources with Roslyn —
/// every <c>.cs</c> under src/Bastion and the C# the Razor compiler made of every <c>.cshtml</c> (emitted to obj/ by
/// <c>EmitCompilerGeneratedFiles</c>, its <c>#line</c> directives lead back to the view) — and names the file:line of
/// each synchronous call on a query, a DbContext, a DbSet, a DatabaseFacade or an Npgsql connection / command / reader.
/// Its twin at run time is <c>Bastion.Data.SynchronousDatabaseCallGuard</c> (Bastion:StrictQueries).
/// </summary>
public sealed class NoSynchronousDatabaseCallsTests
{
    /// <summary>Synchronous by an interface the framework calls, never per request; each waits for async work at the boundary.</summary>
    private static readonly HashSet<(string File, string Member)> Allowed =
    [
        ("Bastion/Data/PostgresXmlRepository.cs", "GetAllElements"), // IXmlRepository (Data Protection key ring load)
        ("Bastion/Data/PostgresXmlRepository.cs", "StoreElement"),   // IXmlRepository (a new key, every 90 days)
        ("Bastion/Data/LocalPostgres.cs", "Run"),                    // initdb / pg_ctl output at start-up, no database call
    ];

    [Fact]
    public void No_synchronous_database_call_is_made_anywhere_in_the_application()
    {
        var findings = SyncCallScanner.Scan(SyncCallScanner.ApplicationCompilation())
            .Where(f => !Allowed.Contains((f.File, f.Member))).ToList();
        Assert.True(findings.Count == 0,
            $"{findings.Count} synchronous database call(s) — use the Async method and await it:\n" + string.Join("\n", findings));
    }

    [Fact]
    public void The_scanner_names_each_kind_of_synchronous_call_and_passes_their_async_forms()
    {
        const string source = """
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            using Npgsql;
            public sealed class Thing { public long Id { get; set; } public int OrgId { get; set; } }
            public sealed class Ctx(DbContextOptions o) : DbContext(o) { public DbSet<Thing> Things => Set<Thing>(); }
            public static class Uses
            {
                public static void Sync(Ctx db, NpgsqlDataSource ds, int[] ids, IQueryable<Thing> q)
                {
                    var a = db.Things.Count(t => t.OrgId == 1);                 // line 11
                    var b = db.Things.Where(t => t.Id > 0).ToList();            // 12
                    var c = db.Things.Any();                                    // 13
                    var d = db.Things.Find(1L);                                 // 14
                    db.SaveChanges();                                           // 15
                    foreach (var t in q) { }                                    // 16
                    db.Database.ExecuteSqlRaw("select 1");                      // 17
                    using var conn = ds.OpenConnection();                       // 18
                    using var cmd = new NpgsqlCommand("select 1", conn);
                    cmd.ExecuteScalar();                                        // 20
                    using var r = cmd.ExecuteReader();                          // 21
                    while (r.Read()) { }                                        // 22
                    var e = db.Things.CountAsync().Result;                      // 23
                    db.SaveChangesAsync().GetAwaiter().GetResult();             // 24
                    var f = string.Join(",", db.Things.Select(t => t.Id));      // 25
                    var g = db.Things.Max(t => t.Id);                           // 26
                    var h = (from t in db.Things where t.OrgId == 2 select t.Id).FirstOrDefault(); // 27
                }
                public static async Task Async(Ctx db, NpgsqlDataSource ds, int[] ids)
                {
                    var sub = db.Things.Where(t => t.OrgId == 3).Select(t => t.Id);
                    var a = await db.Things.CountAsync(t => ids.Contains(t.OrgId) && sub.Contains(t.Id) && sub.Any());
                    var b = await (from t in db.Things where sub.Contains(t.Id) select t).ToListAsync();
                    var c = b.Count(t => t.Id > 0) + b.Where(t => t.OrgId > 0).ToList().Count + ids.Max();
                    await db.SaveChangesAsync();
                    await using var conn = await ds.OpenConnectionAsync();
                    await using var cmd = new NpgsqlCommand("select 1", conn);
                    await using var r = await cmd.ExecuteReaderAsync();
                    while (await r.ReadAsync()) { var v = r.GetFieldValue<int>(0); }
                    await foreach (var t in db.Things.AsAsyncEnumerable()) { }
                }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(source, SyncCallScanner.Parse, path: "/src/Bastion/Uses.cs");
        var compilation = CSharpCompilation.Create("Probe", [tree], SyncCallScanner.References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var lines = SyncCallScanner.Scan(compilation, "/src/Bastion").Select(f => f.Line).Order().ToList();
        lines.ShouldBe([11, 12, 13, 14, 15, 16, 17, 18, 20, 21, 22, 23, 24, 25, 26, 27]);
    }
}

/// <summary>Finds synchronous database calls in a compilation (see <see cref="NoSynchronousDatabaseCallsTests"/>).</summary>
internal static class SyncCallScanner
{
    internal sealed record Finding(string File, int Line, string What, string Member)
    {
        public override string ToString() => $"{File}:{Line}: {What}";
    }

    internal static readonly CSharpParseOptions Parse = new(LanguageVersion.Preview);

    /// <summary>Methods of database types with an Async twin that do no I/O (or none worth a thread).</summary>
    private static readonly HashSet<string> Harmless =
        ["Dispose", "Close", "Add", "AddRange", "GetFieldValue", "IsDBNull", "GetStream", "GetTextReader", "Cancel"];

    private static readonly string[] DatabaseNamespaces = ["Microsoft.EntityFrameworkCore", "Npgsql", "System.Data"];

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bastion.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Bastion.slnx not found above " + AppContext.BaseDirectory);
    }

    internal static ImmutableArray<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f) is not ("Bastion.dll" or "Bastion.Tests.dll"));
        return [.. platform.Concat(local).DistinctBy(Path.GetFileName).Select(f => MetadataReference.CreateFromFile(f))];
    }

    /// <summary>The application as the build compiles it: its .cs files plus what the source generators (Razor among them) emitted.</summary>
    internal static CSharpCompilation ApplicationCompilation()
    {
        var root = RepositoryRoot();
        var app = Path.Combine(root, "src", "Bastion");
        // bin/<Configuration>/<tfm>/ of this test: the application was built in the same configuration
        var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var obj = Path.Combine(app, "obj", tfmDir.Parent!.Name, tfmDir.Name);
        var generated = Path.Combine(obj, "generated");
        Directory.Exists(generated).ShouldBeTrue($"{generated} is missing: build src/Bastion (EmitCompilerGeneratedFiles) before this test");
        var views = Directory.GetFiles(app, "*.cshtml", SearchOption.AllDirectories);
        views.ShouldNotBeEmpty();
        var razorOutputs = Directory.GetFiles(generated, "*.g.cs", SearchOption.AllDirectories)
            .Where(f => f.Contains("Razor", StringComparison.Ordinal)).ToList();
        razorOutputs.Count.ShouldBeGreaterThanOrEqualTo(views.Length - 2, "every view must be compiled (generated files are stale or missing)");

        var sources = Directory.GetFiles(app, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Concat(Directory.GetFiles(generated, "*.cs", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(obj, "*.GlobalUsings.g.cs"));
        var trees = sources.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), Parse, path: f)).ToList();
        return CSharpCompilation.Create("Bastion", trees, References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    internal static List<Finding> Scan(CSharpCompilation compilation, string? under = null)
    {
        under ??= Path.Combine(RepositoryRoot(), "src", "Bastion");
        var findings = new List<Finding>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                var what = node switch
                {
                    InvocationExpressionSyntax inv => Invocation(inv, model),
                    MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } ma => BlockingResult(ma, model),
                    ForEachStatementSyntax { AwaitKeyword.RawKind: 0 } fe when IsQueryable(model.GetTypeInfo(fe.Expression).Type) =>
                        "foreach over a query enumerates it synchronously (await foreach … AsAsyncEnumerable() or ToListAsync)",
                    ArgumentSyntax arg => QueryAsEnumerable(arg, model),
                    _ => null,
                };
                if (what is null || InExpressionTree(node, model)) continue;
                var span = node.GetLocation().GetMappedLineSpan();
                var path = span.Path;
                if (!path.StartsWith(under, StringComparison.Ordinal) || path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
                var member = node.Ancestors().Select(a => a switch
                {
                    MethodDeclarationSyntax m => m.Identifier.ValueText,
                    LocalFunctionStatementSyntax l => l.Identifier.ValueText,
                    ConstructorDeclarationSyntax c => c.Identifier.ValueText,
                    PropertyDeclarationSyntax p => p.Identifier.ValueText,
                    _ => null,
                }).FirstOrDefault(n => n is not null) ?? "";
                findings.Add(new Finding(Path.GetRelativePath(Path.GetDirectoryName(under)!, path), span.StartLinePosition.Line + 1, what, member));
            }
        }
        return findings.DistinctBy(f => (f.File, f.Line, f.What)).OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ToList();
    }

    private static IMethodSymbol? MethodOf(SyntaxNode node, SemanticModel model)
    {
        var info = model.GetSymbolInfo(node);
        return (info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) as IMethodSymbol;
    }

    private static string? Invocation(InvocationExpressionSyntax inv, SemanticModel model)
    {
        if (MethodOf(inv, model) is not { } method) return null;
        var original = method.ReducedFrom ?? method;
        var type = original.ContainingType;
        var typeName = type.ToDisplayString();
        var receiver = inv.Expression is MemberAccessExpressionSyntax ma ? model.GetTypeInfo(ma.Expression).Type : null;
        if (method.ReducedFrom is null && original.IsExtensionMethod && inv.ArgumentList.Arguments.Count > 0)
            receiver = model.GetTypeInfo(inv.ArgumentList.Arguments[0].Expression).Type;

        if (typeName is "System.Linq.Queryable" && !IsQueryable(method.ReturnType))
            return $"{method.Name}() runs the query synchronously ({method.Name}Async)";
        if (typeName is "System.Linq.Enumerable" && IsQueryable(receiver))
            return $"{method.Name}() on a query runs it synchronously ({method.Name}Async, or AsAsyncEnumerable)";
        if (method.Name == "GetResult" && inv.Expression is MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax inner }
            && MethodOf(inner, model) is { Name: "GetAwaiter" })
            return "GetAwaiter().GetResult() blocks a thread on a task (await it)";
        if (method.Name == "Wait" && IsTask(type))
            return "Wait() blocks a thread on a task (await it)";
        if (Harmless.Contains(method.Name) || method.Name.EndsWith("Async", StringComparison.Ordinal)) return null;
        if (!DatabaseNamespaces.Any(n => type.ContainingNamespace.ToDisplayString() == n || type.ContainingNamespace.ToDisplayString().StartsWith(n + ".", StringComparison.Ordinal)))
            return null;
        return HasAsyncTwin(type, method.Name) ? $"{type.Name}.{method.Name}() is synchronous ({method.Name}Async)" : null;
    }

    private static string? BlockingResult(MemberAccessExpressionSyntax ma, SemanticModel model) =>
        model.GetSymbolInfo(ma).Symbol is IPropertySymbol p && IsTask(p.ContainingType)
            ? ".Result blocks a thread on a task (await it)"
            : null;

    /// <summary>A query handed to a method that takes an IEnumerable (string.Join, AddRange, new List(…)) is enumerated synchronously.</summary>
    private static string? QueryAsEnumerable(ArgumentSyntax arg, SemanticModel model)
    {
        if (!IsQueryable(model.GetTypeInfo(arg.Expression).Type)) return null;
        var converted = model.GetTypeInfo(arg.Expression).ConvertedType;
        if (IsQueryable(converted) || converted is null) return null;
        // an extension method's receiver written as the first argument is checked as the invocation
        if (arg.Parent?.Parent is InvocationExpressionSyntax inv && MethodOf(inv, model) is { IsExtensionMethod: true } m
            && m.ContainingType.ToDisplayString() is "System.Linq.Queryable" or "System.Linq.Enumerable") return null;
        return $"a query passed as {converted.ToDisplayString()} is enumerated synchronously (materialise it with ToListAsync first)";
    }

    private static bool HasAsyncTwin(INamedTypeSymbol type, string name)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (t.GetMembers(name + "Async").Any()) return true;
        return type.AllInterfaces.Any(i => i.GetMembers(name + "Async").Any());
    }

    private static bool IsTask(INamedTypeSymbol? type) =>
        type?.OriginalDefinition.ToDisplayString() is "System.Threading.Tasks.Task" or "System.Threading.Tasks.Task<TResult>"
            or "System.Threading.Tasks.ValueTask" or "System.Threading.Tasks.ValueTask<TResult>";

    private static bool IsQueryable(ITypeSymbol? type)
    {
        static bool Is(ITypeSymbol t) => t.OriginalDefinition.ToDisplayString() is "System.Linq.IQueryable" or "System.Linq.IQueryable<out T>" or "System.Linq.IQueryable<T>";
        return type is not null && (Is(type) || type.AllInterfaces.Any(Is));
    }

    /// <summary>Inside a lambda that becomes an expression tree (or a query clause over a query) nothing runs: EF translates it to SQL.</summary>
    private static bool InExpressionTree(SyntaxNode node, SemanticModel model)
    {
        for (var n = node.Parent; n is not null; n = n.Parent)
        {
            if (n is LambdaExpressionSyntax lambda
                && model.GetTypeInfo(lambda).ConvertedType?.OriginalDefinition.ToDisplayString() is "System.Linq.Expressions.Expression<TDelegate>")
                return true;
            if (n is QueryBodySyntax body && body.Parent is QueryExpressionSyntax q && IsQueryable(model.GetTypeInfo(q.FromClause.Expression).Type))
                return true;
            if (n is MemberDeclarationSyntax) return false;
        }
        return false;
    }
}
