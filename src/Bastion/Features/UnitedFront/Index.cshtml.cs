using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.UnitedFront;

/// <summary>The 统战 list of the organization in scope, its subtree included.</summary>
[Require(Permission.UnitedFrontRead)]
public sealed class IndexModel(AppDbContext db, UserContext user) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;

    public Organization Root { get; private set; } = null!;
    public ListUnitedFrontPeople.Result Result { get; private set; } = null!;
    public IReadOnlyDictionary<UnitedFrontCategory, int> Counts { get; private set; } = new Dictionary<UnitedFrontCategory, int>();
    public Pager Pager { get; private set; } = null!;
    public bool CanManage { get; private set; }
    /// <summary>The <c>org</c> query value, kept in the filter links so a list opened for one organization stays on it.</summary>
    public string? OrgQuery => Request.Query.TryGetValue("org", out var v) && long.TryParse(v, out var id) ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
    public string Link(string? category = null) =>
        "/UnitedFront?" + string.Join("&", new[] { OrgQuery is { } o ? "org=" + o : null, category is null ? null : "category=" + Uri.EscapeDataString(category) }.Where(x => x is not null));
    public bool Filtered => !string.IsNullOrWhiteSpace(Q) || !string.IsNullOrWhiteSpace(Unit) || UnitedFrontRules.ParseCategory(Category) is not null;

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Root = user.CurrentOrg!;
        Q = Q?.Trim();
        Unit = Unit?.Trim();
        var category = UnitedFrontRules.ParseCategory(Category);
        Category = category?.ToString();
        Result = await ListUnitedFrontPeople.QueryAsync(db, Root,
            new ListUnitedFrontPeople.Filter(category, Unit, Q, PageNo, ListUnitedFrontPeople.DefaultPageSize), ct);
        Pager = new Pager(Result.Page, Result.PageSize, Result.Total, Request.Query);
        Counts = await ListUnitedFrontPeople.CountsAsync(db, Root, ct);
        CanManage = await user.HasAsync(Permission.UnitedFrontManage, Root, ct);
    }
}
