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

    public async Task OnGetAsync()
    {
        Root = user.CurrentOrg!;
        var tree = await ListOrganizations.TreeAsync(db, Root, HttpContext.RequestAborted);
        Q = Q?.Trim();
        Nodes = string.IsNullOrEmpty(Q) ? tree : tree.Where(n => n.Name.Contains(Q, StringComparison.Ordinal)).ToList();
    }
}
