using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Organizations;

[Require(Permission.OrgRead, From = OrgFrom.Route, Key = "id")]
public sealed class DetailsModel(AppDbContext db, UserContext user, CreateOrganization create) : PageModel
{
    public GetOrganization.Response Org { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public string? Name { get; set; }
    public string? Type { get; set; }
    public string? CreatedName { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(string? name, string? type)
    {
        if (!await user.HasAsync(Permission.OrgManage, user.CurrentOrg)) return StatusCode(StatusCodes.Status403Forbidden);
        var (created, errors) = await create.Handle(user.CurrentOrg!.Id, new CreateOrganization.Request(name, type), HttpContext.RequestAborted);
        if (created is null) { Errors = errors!; Name = name; Type = type; }
        else CreatedName = created.Name;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Org = await GetOrganization.LoadAsync(db, user.CurrentOrg!, HttpContext.RequestAborted);
        CanManage = await user.HasAsync(Permission.OrgManage, user.CurrentOrg);
    }
}
