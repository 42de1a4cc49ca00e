using System.Reflection;
using Bastion.Data;

namespace Bastion.Tests.Data;

public class AdvisoryLocksTests
{
    private static List<(string Name, object Value)> Constants<T>() =>
        typeof(AdvisoryLocks).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(T))
            .Select(f => (f.Name, f.GetRawConstantValue()!)).ToList();

    [Fact]
    public void Every_single_key_lock_has_a_key_of_its_own()
    {
        var keys = Constants<long>();
        keys.Count.ShouldBeGreaterThanOrEqualTo(6);
        keys.GroupBy(k => k.Value).Where(g => g.Count() > 1).Select(g => string.Join(", ", g.Select(k => k.Name))).ShouldBeEmpty();
    }

    [Fact]
    public void Every_two_key_lock_class_has_a_name_of_its_own()
    {
        var classes = Constants<string>();
        classes.Count.ShouldBeGreaterThanOrEqualTo(2);
        classes.Select(c => c.Value).Distinct().Count().ShouldBe(classes.Count);
    }

    [Fact]
    public void The_jobs_and_features_take_their_keys_from_the_one_list()
    {
        Bastion.Features.Terms.TermReminderJob.LockKey.ShouldBe(AdvisoryLocks.TermReminders);
        Bastion.Features.Compliance.ComplianceReminderJob.LockKey.ShouldBe(AdvisoryLocks.ComplianceReminders);
        Bastion.Features.Ledger.LedgerReminderJob.LockKey.ShouldBe(AdvisoryLocks.LedgerReminders);
    }

    [Fact]
    public void No_source_file_takes_an_advisory_lock_with_a_literal_key()
    {
        var src = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Bastion");
        var literal = new System.Text.RegularExpressions.Regex(@"pg_(try_)?advisory_(xact_)?(lock|unlock)(_shared)?\((\d|hashtext\(')");
        var found = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(f => File.ReadLines(f).Select((l, i) => (f, i, l)).Where(x => literal.IsMatch(x.l)))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}").ToList();
        found.ShouldBeEmpty();
    }
}
