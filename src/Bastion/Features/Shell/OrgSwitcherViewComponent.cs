using Bastion.Data;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;

namespace Bastion.Features.Shell;

/// <summary>The organization switcher in the layout's top bar: its model is loaded here, not in the view.</summary>
public sealed class OrgSwitcherViewComponent(AppDbContext db, UserContext user) : ViewComponent
{
    public sealed record Model(OrgSwitcher.Listing Listing, string CurrentName, string ReturnUrl, string? Token);

    public async Task<IViewComponentResult> InvokeAsync(string returnUrl, string? token)
    {
        var ct = HttpContext.RequestAborted;
        var current = await OrgSwitcher.CurrentAsync(user, ct);
        if (await OrgSwitcher.DefaultAsync(db, user, current, ct) is not { } listing) return Content("");
        return View("/Features/Shell/_OrgSwitcher.cshtml", new Model(listing, current?.Name ?? "选择组织", returnUrl, token));
    }
}
