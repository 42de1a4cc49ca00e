using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Dues.Months;

/// <summary>The arrears list of the current organization's subtree (3+ months: warning; 6+: 疑似自行脱党——需支部大会研究).</summary>
[Require(Permission.DuesRead)]
public sealed class ArrearsModel(ListDuesArrears list, UserContext user) : PageModel
{
    public IReadOnlyList<ListDuesArrears.Item> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var r = await list.Handle(user.CurrentOrg!.Id, HttpContext.RequestAborted);
        Items = r.IsOk ? r.Value : [];
        return Page();
    }
}
