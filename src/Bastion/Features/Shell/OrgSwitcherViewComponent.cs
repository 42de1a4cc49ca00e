using Bastion.Data;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;

namespace Bastion.Features.Shell;

/// <summary>The organization switcher in the layout's top bar: its model is loaded here, not in the view.</summary>
public sealed class OrgSwitcherViewComponent(AppDbContext db, UserContext user) : ViewComponent
{
    public sealed record Model(IReadOnlyList<OrgSwitcher.Option> Options, long? CurrentOrgId, string ReturnUrl, string? Token);

    public async Task<IViewComponentResult> InvokeAsync(string returnUrl, string? token)
    {
        var options = await OrgSwitcher.OptionsAsync(db, user, HttpContext.RequestAborted);
        if (options.Count == 0) return Content("");
        return View("/Features/Shell/_OrgSwitcher.cshtml", new Model(options, user.CurrentOrg?.Id, returnUrl, token));
    }
}
