using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Members;

[Require(Permission.MemberManage)]
public sealed class CreateModel(UserContext user, SaveMember save) : PageModel
{
    [BindProperty] public MemberForm Form { get; set; } = new();
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public Organization Branch => user.CurrentOrg!;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var r = await save.CreateAsync(Branch, new SaveMember.Request(Form.ToInput()), HttpContext.RequestAborted);
        if (!r.IsOk) { Errors = r.Status.Errors!.ToDictionary(); return Page(); }
        return Redirect($"/Members/Details/{r.Value.Id}?saved=1");
    }
}
