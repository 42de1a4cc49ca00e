using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Inspections.Expressions;

/// <summary>新增巡言巡语条目 (the inspection office).</summary>
[Require(Permission.InspectionManage, From = OrgFrom.None)]
public sealed class CreateModel(SaveExpression save) : PageModel
{
    [BindProperty] public ExpressionFormInput Input { get; set; } = new();
    public ExpressionFormView Form => new(Input, Errors, "保存", "/Inspections/Expressions/Create");
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public void OnGet(string? category) => Input.Category = InspectionRules.ParseCategory(category)?.ToString();

    public async Task<IActionResult> OnPostAsync()
    {
        var r = await save.Handle(null, Input.ToRequest(), HttpContext.RequestAborted);
        if (r.IsOk) return Redirect("/Inspections/Expressions?saved=created");
        Errors = ExpressionFormView.ErrorsOf(r.Status);
        return Page();
    }
}
