using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Shell;

/// <summary>Chooses the organization the account acts in; only one inside its own scope is accepted.</summary>
[SignedIn]
public sealed class SwitchOrgModel(AppDbContext db, UserContext user) : PageModel
{
    public async Task<IActionResult> OnGetAsync() => LocalRedirect(await Bastion.Web.Home.OfAsync(user));

    public async Task<IActionResult> OnPostAsync(long orgId, string? returnUrl)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId);
        if (org is null) return NotFound();
        if (!await user.HasAsync(Permission.DashboardView, org)) return StatusCode(StatusCodes.Status403Forbidden);
        Response.Cookies.Append(ScopeAuthorizationMiddleware.OrgCookie, org.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Path = "/" });
        var back = Url.IsLocalUrl(returnUrl) ? returnUrl! : "/";
        // an explicit ?org= in the page we came from would override the choice: drop the query
        var q = back.IndexOf('?', StringComparison.Ordinal);
        return LocalRedirect(q >= 0 ? back[..q] : back);
    }
}
