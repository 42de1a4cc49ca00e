using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Organizations;

[Require(Permission.OrgRead)]
public sealed class IndexModel(AppDbContext db, UserContext user) : PageModel
{
    public Organization Root { get; private set; } = null!;
    public IReadOnlyList<ListOrganizations.Node> Nodes { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>Show dissolved (已撤销) organizations too, greyed out; hidden by default.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Dissolved { get; set; }

    public async Task OnGetAsync()
    {
        Root = user.CurrentOrg!;
        var tree = await ListOrganizations.TreeAsync(db, Root, Dissolved, HttpContext.RequestAborted);
        Q = Q?.Trim();
        Nodes = string.IsNullOrEmpty(Q) ? tree : tree.Where(n => n.Name.Contains(Q, StringComparison.Ordinal)).ToList();
    }

    public static bool IsDissolved(ListOrganizations.Node n) => n.Status == nameof(OrgStatus.已撤销);
}
