using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections.Expressions;

/// <summary>编辑巡言巡语条目, and its deactivation / reactivation (the inspection office).</summary>
[Require(Permission.InspectionManage, From = OrgFrom.None)]
public sealed class EditModel(AppDbContext db, SaveExpression save, SetExpressionActive setActive) : PageModel
{
    [BindProperty] public ExpressionFormInput Input { get; set; } = new();
    public InspectionExpression Entry { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    public ExpressionFormView Form => new(Input, Errors, "保存修改", $"/Inspections/Expressions/Edit/{Entry.Id}");
    public string? ActiveError { get; private set; }

    private async Task<bool> LoadAsync(long id)
    {
        var e = await db.Set<InspectionExpression>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, HttpContext.RequestAborted);
        if (e is null) return false;
        Entry = e;
        return true;
    }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Input = ExpressionFormInput.From(Entry);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var r = await save.Handle(id, Input.ToRequest(), HttpContext.RequestAborted);
        if (r.IsOk) return Redirect("/Inspections/Expressions?saved=updated");
        Errors = ExpressionFormView.ErrorsOf(r.Status);
        return Page();
    }

    public Task<IActionResult> OnPostDeactivateAsync(long id) => SetActiveAsync(id, false);

    public Task<IActionResult> OnPostActivateAsync(long id) => SetActiveAsync(id, true);

    private async Task<IActionResult> SetActiveAsync(long id, bool active)
    {
        if (!await LoadAsync(id)) return NotFound();
        ActiveError = (await setActive.Handle(id, active, HttpContext.RequestAborted)).FirstMessage;
        if (ActiveError is null) return Redirect($"/Inspections/Expressions?saved={(active ? "activated" : "deactivated")}&inactive=true");
        Input = ExpressionFormInput.From(Entry);
        return Page();
    }
}
