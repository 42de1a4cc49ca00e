using System.Text.RegularExpressions;
using Bastion.Data;
using Bastion.Features.Audit;
using Bastion.Security;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Tests.Features.Audit;

/// <summary>Every action and every audited table that can appear in the audit log has a Chinese name in the viewer.</summary>
public partial class AuditNamesTests
{
    private static string SourceRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Bastion.slnx"))) return Path.Combine(d.FullName, "src", "Bastion");
        throw new InvalidOperationException("repository root (Bastion.slnx) not found");
    }

    private static readonly Lazy<Dictionary<string, string>> Sources = new(() =>
        Directory.EnumerateFiles(SourceRoot(), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => f, File.ReadAllText));

    /// <summary>The argument texts of every call to <paramref name="method"/> in the sources (except the wrappers that pass a parameter on).</summary>
    private static IEnumerable<(string File, List<string> Args)> Calls(string method)
    {
        foreach (var (file, text) in Sources.Value)
        {
            if (file.EndsWith("AuditEvents.cs", StringComparison.Ordinal) || file.EndsWith("SignInEvents.cs", StringComparison.Ordinal)) continue;
            for (var i = text.IndexOf(method + "(", StringComparison.Ordinal); i >= 0; i = text.IndexOf(method + "(", i + 1, StringComparison.Ordinal))
            {
                var args = new List<string>();
                var depth = 0;
                var start = i + method.Length + 1;
                var inString = false;
                for (var j = start; j < text.Length; j++)
                {
                    var c = text[j];
                    if (inString) { if (c == '\\') j++; else if (c == '"') inString = false; continue; }
                    if (c == '"') { inString = true; continue; }
                    if (c is '(' or '[' or '{') depth++;
                    else if (c is ')' or ']' or '}')
                    {
                        if (depth == 0) { args.Add(text[start..j].Trim()); break; }
                        depth--;
                    }
                    else if (c == ',' && depth == 0) { args.Add(text[start..j].Trim()); start = j + 1; }
                }
                yield return (file, args);
            }
        }
    }

    /// <summary>The string values an argument can take: its literals, or the value of the constant it names.</summary>
    private static IReadOnlyList<string> Values(string arg, string file)
    {
        var literals = Literal().Matches(arg).Select(m => m.Groups[1].Value).ToList();
        if (literals.Count > 0) return literals;
        var name = arg.Split('.')[^1];
        foreach (var text in Sources.Value.Values)
            if (Regex.Match(text, $@"const string {Regex.Escape(name)} = ""([^""]+)""") is { Success: true } m) return [m.Groups[1].Value];
        throw new InvalidOperationException($"{file}: the audit argument “{arg}” is neither a literal nor a constant; name its values so the viewer can show them in Chinese");
    }

    [GeneratedRegex(@"""([^""\\]*)""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"new AuditEntry\s*\{(?<body>[^}]*)\}")]
    private static partial Regex NewEntry();

    [Fact]
    public void Every_audit_action_written_anywhere_has_a_chinese_name()
    {
        var actions = new HashSet<string> { "create", "update", "delete" };   // AppDbContext's entity changes
        foreach (var (file, args) in Calls("AuditEvents.Add").Concat(Calls("SignInEvents.Add")))
            actions.UnionWith(Values(args[1], file));
        foreach (var (file, text) in Sources.Value)
            foreach (Match m in NewEntry().Matches(text))
                if (Regex.Match(m.Groups["body"].Value, @"Action = ""([^""]+)""") is { Success: true } a) actions.Add(a.Groups[1].Value);

        actions.Count.ShouldBeGreaterThan(20, "the scan found the audit calls");
        actions.Where(a => !AuditNames.Actions.ContainsKey(a)).ShouldBeEmpty("actions without a Chinese name in AuditNames.Actions");
        AuditNames.Actions.Values.ShouldBeUnique("two actions would read the same in the filter");
    }

    [Fact]
    public void Every_table_that_is_audited_has_a_chinese_name()
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        // every entity change is audited under its table name
        using (var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql("Host=localhost;Database=none").Options, new AuditActor()))
            foreach (var e in db.Model.GetEntityTypes())
                if (e.GetTableName() is { } t) tables.Add(t);
        // and the events name their table
        foreach (var (file, args) in Calls("AuditEvents.Add"))
            tables.UnionWith(Values(args[2], file).Where(v => v.Length > 0));
        foreach (var (_, text) in Sources.Value)
            foreach (Match m in NewEntry().Matches(text))
                if (Regex.Match(m.Groups["body"].Value, @"Entity = ""([^""]+)""") is { Success: true } a) tables.Add(a.Groups[1].Value);

        tables.ShouldContain("members");
        tables.ShouldContain("meeting_attendance");
        tables.Where(t => !AuditNames.Tables.ContainsKey(t)).ShouldBeEmpty("tables without a Chinese name in AuditNames.Tables");
        AuditNames.Tables.Values.ShouldBeUnique("two object types would read the same in the filter");
    }

    [Fact]
    public void Every_result_written_has_a_chinese_name()
    {
        var results = new HashSet<string> { "success" };
        foreach (var (file, args) in Calls("SignInEvents.Add")) results.UnionWith(Values(args[2], file));
        foreach (var (file, args) in Calls("AuditEvents.Add").Where(c => c.Args.Count > 6)) results.UnionWith(Values(args[6], file));
        results.Where(r => !AuditNames.Results.ContainsKey(r)).ShouldBeEmpty();
    }
}
