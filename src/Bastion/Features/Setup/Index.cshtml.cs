using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Setup;

/// <summary>/Setup: the 首次设置 form of a fresh install (see <see cref="InitialSetup"/>).</summary>
[Require(Permission.AccountManage, From = OrgFrom.None)]
public sealed class IndexModel(AppDbContext db, InitialSetup setup) : PageModel
{
    [BindProperty] public string? OrgName { get; set; }
    [BindProperty] public string? OrgAdminUserName { get; set; }
    [BindProperty] public string? OrgAdminDisplayName { get; set; }
    [BindProperty] public string? SecurityAdminUserName { get; set; } = "secadmin";
    [BindProperty] public string? AuditAdminUserName { get; set; } = "auditor";

    public bool Needed { get; private set; }
    public InitialSetup.Done? Done { get; private set; }
    public string? Conflict { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync() => Needed = await InitialSetup.IsNeededAsync(db, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        var r = await setup.Handle(
            new InitialSetup.Request(OrgName, OrgAdminUserName, OrgAdminDisplayName, SecurityAdminUserName, AuditAdminUserName), HttpContext.RequestAborted);
        Done = r.IsOk ? r.Value : null;
        Conflict = r.Kind == ResultKind.Conflict ? r.Status.Message : null;
        Errors = r.Status.Errors?.ToDictionary() ?? new Dictionary<string, string[]>();
        Needed = r.Kind == ResultKind.Invalid;
        return Page();
    }
}
