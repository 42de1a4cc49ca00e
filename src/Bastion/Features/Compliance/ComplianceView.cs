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

    /// <summary>"季度项目达标率" (月度 / 季度 / 全年): the name of the rate over the period's own items.</summary>
    public static string RateLabel(Period p) => ComplianceRules.OwnItemsLabel(p) + "达标率";

    /// <summary>"2/5": the branches 达标 on the period's own items out of those evaluated.</summary>
    public static string RateFraction(ComplianceTally t) => string.Create(CultureInfo.InvariantCulture, $"{t.Compliant}/{t.Branches}");

    /// <summary>"季度项目达标率 40% (2/5)".</summary>
    public static string RateText(ComplianceTally t, Period p) => $"{RateLabel(p)} {Rate(t.Rate)} ({RateFraction(t)})";

    /// <summary>"年度项目进展" (or "季度、年度项目进展" in a month).</summary>
    public static string LongerLabel(Period p) => ComplianceRules.LongerItemsLabel(p) + "进展";

    /// <summary>
    /// "已完成 12/68 项，全部完成的支部 1/17" for the items of a longer frequency seen in the period; null when there are none.
    /// </summary>
    public static string? LongerText(ComplianceTally t) => t.LongerItems == 0 ? null
        : string.Create(CultureInfo.InvariantCulture, $"已完成 {t.LongerItemsDone}/{t.LongerItems} 项，全部完成的支部 {t.LongerBranchesDone}/{t.LongerBranches}");

    /// <summary>"截至 2026年12月7日 12:30": when the figures were worked out (China time).</summary>
    public static string AsOf(DateTimeOffset at) => "截至 " + ChineseDates.DateTime(at);

    public static string Every(PeriodUnit u) => u switch { PeriodUnit.月 => "每月", PeriodUnit.季 => "每季度", _ => "每年" };
}
