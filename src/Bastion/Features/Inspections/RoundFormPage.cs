using Bastion.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Inspections;

/// <summary>The fields of the round form (create and edit) and its errors.</summary>
public abstract class RoundFormPage : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int? Year { get; set; }
    [BindProperty] public string? Plan { get; set; }
    [BindProperty] public DateOnly? StartsOn { get; set; }
    [BindProperty] public DateOnly? EndsOn { get; set; }
    [BindProperty] public string? AuthorizedBy { get; set; }
    [BindProperty] public string? AuthorizationNo { get; set; }
    [BindProperty] public DateOnly? AuthorizedOn { get; set; }
    [BindProperty] public string? AuthorizationScope { get; set; }
    [BindProperty] public List<long> TargetOrgIds { get; set; } = [];

    public Dictionary<string, string[]> Errors { get; protected set; } = [];
    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e[0] : null;

    /// <summary>The field errors of a refused command.</summary>
    public static Dictionary<string, string[]> ErrorsOf(Web.Result r) =>
        r.Errors?.ToDictionary() ?? new Dictionary<string, string[]> { [""] = [r.FirstMessage ?? ""] };
    public abstract bool IsNew { get; }
    /// <summary>Organizations that may be inspected (create only).</summary>
    public List<Organization> Candidates { get; protected set; } = [];

    public RoundInput.Request ToRequest() =>
        new(Name, Year, Plan, StartsOn, EndsOn, AuthorizedBy, AuthorizationNo, AuthorizedOn, AuthorizationScope, TargetOrgIds);

    public static string Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
