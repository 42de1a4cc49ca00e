using System.Text.Json;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Compliance;

/// <summary>组织生活达标情况: the rollup of the current organization's subtree for a period, per direct child, with the gaps.</summary>
[Require(Permission.ComplianceRead)]
public sealed class IndexModel(ComplianceEngine engine, UserContext user, TimeProvider clock) : PageModel
{
    public const int ShownGaps = 50;

    [BindProperty(SupportsGet = true, Name = "period")] public string? PeriodCode { get; set; }
    public Organization Root { get; private set; } = null!;
    public Period Period { get; private set; }
    public string? PeriodError { get; private set; }
    public ComplianceRollup Rollup { get; private set; } = null!;
    public IReadOnlyList<(BranchOutcome Branch, ComplianceGap Gap)> Gaps { get; private set; } = [];
    public int GapsTotal { get; private set; }
    public string ChartJson { get; private set; } = "{}";
    /// <summary>When the figures were worked out.</summary>
    public DateTimeOffset AsOf { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return Page();
        if (ComplianceRules.IsEvaluated(Root.Type)) return Redirect($"/Compliance/Branch/{Root.Id}?period={Period.Code}");
        (Gaps, GapsTotal) = GetCompliance.WorstGaps(Rollup, ShownGaps);
        var kids = Rollup.Children.Where(c => c.Tally.Branches > 0).ToList();
        ChartJson = JsonSerializer.Serialize(new { names = kids.Select(c => c.Name), values = kids.Select(c => Math.Round(c.Tally.Rate * 100, 1)) });
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync()
    {
        if (!await LoadAsync()) return BadRequest();
        var t = Rollup.Tally;
        IReadOnlyList<object?> Row(string name, string type, ComplianceTally c) =>
            [name, type, c.Branches, c.Compliant, c.Warning, c.Failing, c.InProgress, ComplianceView.Rate(c.Rate), c.LongerItems == 0 ? null : $"{c.LongerItemsDone}/{c.LongerItems}"];
        var rows = Rollup.Children.Select(c => Row(c.Name, c.Type.ToString(), c.Tally))
            .Append(Row(Root.Name + "（合计）", Root.Type.ToString(), t))
            .Concat(GetCompliance.OrderedGaps(Rollup).Select(x => (IReadOnlyList<object?>)[x.Branch.Name, "缺项", x.Gap.Kind.ToString(), x.Gap.Period.Label, x.Gap.Status.ToString(), x.Gap.Message, null, null, null]))
            .Append([ComplianceView.AsOf(AsOf), "达标、预警、未达标、进行中和达标率按" + ComplianceRules.OwnItemsLabel(Period) + "统计", null, null, null, null, null, null, null]);
        var file = Xlsx.Stream("组织生活达标情况", ["组织", "类型", "支部数", "达标", "预警", "未达标", "进行中", ComplianceView.RateLabel(Period), ComplianceView.LongerLabel(Period) + "（已完成/应完成项）"], rows);
        return File(file, Xlsx.ContentType, $"组织生活达标情况-{Root.Name}-{Period.Code}.xlsx");
    }

    private async Task<bool> LoadAsync()
    {
        Root = user.CurrentOrg!;
        AsOf = clock.GetUtcNow();
        var today = ChineseDates.DayOf(AsOf);
        var (p, error) = GetCompliance.ParsePeriodOrCurrent(PeriodCode, today);
        if (p is null)
        {
            PeriodError = error;
            Period = Period.Containing(PeriodUnit.季, today);
            Rollup = new ComplianceRollup(Root, Period, today, new ComplianceTally(0, 0, 0, 0, 0), [], []);
            return false;
        }
        Period = p.Value;
        Rollup = await engine.RollupAsync(Root, Period, HttpContext.RequestAborted, today);
        return true;
    }

    public string Link(long orgId, Period? period = null, string? handler = null) =>
        $"/Compliance?org={orgId}&period={(period ?? Period).Code}" + (handler is null ? "" : "&handler=" + handler);
}
