using System.Text.Json;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Inspections.Rectification;

/// <summary>整改与回头看: rounds in progress with each inspected organization's phase, and completion rates of the current organization's subtree.</summary>
[Require(Permission.InspectionRead)]
public sealed class IndexModel(GetRectification get, UserContext user) : PageModel
{
    public Organization Root { get; private set; } = null!;
    public GetRectification.Dashboard Data { get; private set; } = null!;
    public string ChartJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync()
    {
        Root = user.CurrentOrg!;
        Data = await get.DashboardAsync(Root, HttpContext.RequestAborted);
        ChartJson = JsonSerializer.Serialize(new
        {
            names = Data.ByCategory.Select(g => ShortName(g.Key)),
            full = Data.ByCategory.Select(g => g.Name),
            values = Data.ByCategory.Select(g => Math.Round(g.Tally.Rate * 100, 1)),
            totals = Data.ByCategory.Select(g => g.Tally.Total),
        });
        return Page();
    }

    /// <summary>A short axis label for a category (the full name is in the tooltip).</summary>
    public static string ShortName(string key) => Enum.TryParse<FindingCategory>(key, out var c) ? c switch
    {
        FindingCategory.理论路线落实 => "理论路线方针政策",
        FindingCategory.从严治党落实 => "全面从严治党",
        FindingCategory.组织路线落实 => "组织路线",
        FindingCategory.整改落实 => "巡视巡察整改",
        _ => key,
    } : key;

    public static string PhaseBadge(InspectionPhase p) => p switch
    {
        < InspectionPhase.反馈 => "text-bg-secondary",
        InspectionPhase.反馈 or InspectionPhase.移交 => "text-bg-primary",
        InspectionPhase.整改 => "text-bg-warning",
        InspectionPhase.回头看 => "text-bg-info",
        _ => "text-bg-success",
    };
}
