using System.Globalization;
using Bastion.Domain;

namespace Bastion.Features.Compliance;

/// <summary>Shared bits of the compliance pages: the period choices and links.</summary>
public static class ComplianceView
{
    /// <summary>Choices for the period selector: the last 8 quarters, 12 months and 3 years up to today, plus the chosen one.</summary>
    public static IReadOnlyList<(string Group, Period Period)> Choices(DateOnly today, Period chosen)
    {
        var list = new List<(string, Period)>();
        var q = Period.Containing(PeriodUnit.季, today);
        for (var i = 0; i < 8; i++, q = q.Previous()) list.Add(("季度", q));
        var m = Period.Containing(PeriodUnit.月, today);
        for (var i = 0; i < 12; i++, m = m.Previous()) list.Add(("月", m));
        var y = Period.Containing(PeriodUnit.年, today);
        for (var i = 0; i < 3; i++, y = y.Previous()) list.Add(("年度", y));
        if (!list.Any(x => x.Item2 == chosen)) list.Insert(0, (chosen.Unit switch { PeriodUnit.月 => "月", PeriodUnit.季 => "季度", _ => "年度" }, chosen));
        return list;
    }

    public static string Rate(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static string Every(PeriodUnit u) => u switch { PeriodUnit.月 => "每月", PeriodUnit.季 => "每季度", _ => "每年" };
}
