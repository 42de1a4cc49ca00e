using Bastion.Data;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Shell;

/// <summary>
/// The switcher's search (htmx fragment): organizations of the caller's own scope whose name contains <c>q</c>, at most
/// <see cref="OrgSwitcher.SearchLimit"/>; with no text, the list the switcher opens with.
/// </summary>
[SignedIn]
public sealed class OrgSearchModel(AppDbContext db, UserContext user) : PageModel
{
    public OrgSwitcher.Listing Listing { get; private set; } = new([], null);

    public async Task OnGetAsync(string? q)
    {
        var ct = HttpContext.RequestAborted;
        var current = await OrgSwitcher.CurrentAsync(user, ct);
        Listing = await OrgSwitcher.SearchAsync(db, user, current, q, ct) ?? Listing;
    }
}
