using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>登记入党申请: opens a case (step 1) in a branch under the organization in scope.</summary>
[Require(Permission.DevelopmentManage)]
public sealed class CreateModel(AppDbContext db, UserContext user, TimeProvider clock, CreateDevelopmentCase create) : PageModel
{
    public sealed class FormInput
    {
        public long? OrgId { get; set; }
        public string? Name { get; set; }
        public string? IdNumber { get; set; }
        public string? AppliedOn { get; set; }
    }

    [BindProperty] public FormInput Input { get; set; } = new();
    public IReadOnlyList<Organization> Branches { get; private set; } = [];
    public Organization Root => user.CurrentOrg!;

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Input = new FormInput
        {
            OrgId = Branches.Any(b => b.Id == Root.Id) ? Root.Id : Branches.Count == 1 ? Branches[0].Id : null,
            AppliedOn = DevelopmentUi.D(clock.Today()),
        };
    }

    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.Clear();
        var errors = new Dictionary<string, string[]>();
        var applied = DevelopmentUi.Date(Input.AppliedOn, "appliedOn", errors);
        if (errors.Count > 0) Result.Invalid(errors).AddTo(ModelState, nameof(Input));
        else
        {
            var created = await create.Handle(new CreateDevelopmentCase.Request(Input.OrgId, Input.Name, Input.IdNumber, applied), HttpContext.RequestAborted);
            if (created.ToStatusPage() is { } status) return status;
            if (created.AddTo(ModelState, nameof(Input))) return Redirect($"/Development/Case/{created.Value.Id}?done=created");
        }
        await LoadAsync();
        return Page();
    }

    public string? Error(string field) => DevelopmentUi.Error(ModelState, nameof(Input), field);

    public string Invalid(string field) => Error(field) is null ? "" : "is-invalid";

    // the branches under the organization in scope that may develop members (临时党支部 cannot)
    private async Task LoadAsync()
    {
        var orgs = await db.UnderOrg(Root).AsNoTracking().OrderBy(o => o.Path).ToListAsync(HttpContext.RequestAborted);
        Branches = orgs.Where(o => OrgRules.IsBranch(o.Type) && OrgCapabilities.Can(o, OrgCapability.发展党员)).ToList();
    }
}
