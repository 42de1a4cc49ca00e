using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.UnitedFront;

/// <summary>Adds a 党外人士 to the list of the organization in scope or one beneath it.</summary>
[Require(Permission.UnitedFrontManage)]
public sealed class CreateModel(AppDbContext db, UserContext user, CreateUnitedFrontPerson create) : PageModel
{
    [BindProperty] public PersonInput Input { get; set; } = new();
    public PersonForm Form { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        Input = new PersonInput { OrgId = user.CurrentOrg!.Id, Ethnicity = "汉族" };
        await LoadAsync(new Dictionary<string, string[]>());
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var r = await create.Handle(user.CurrentOrg!, Input, HttpContext.RequestAborted);
        if (r.IsOk) return Redirect($"/UnitedFront/Details/{r.Value.Id}?created=1");
        await LoadAsync(r.Status.Errors!.ToDictionary());
        return Page();
    }

    private async Task LoadAsync(IDictionary<string, string[]> errors)
    {
        var orgs = await PersonForm.OrgOptionsAsync(db, user.CurrentOrg!, HttpContext.RequestAborted);
        Form = new PersonForm(Input, errors, orgs, "手机或固定电话", "保存", "/UnitedFront");
    }
}
