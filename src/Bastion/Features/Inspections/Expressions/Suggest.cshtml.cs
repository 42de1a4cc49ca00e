using Bastion.Domain;
using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Inspections.Expressions;

/// <summary>
/// htmx fragment for the finding form: POST the form field <c>Facts</c>, get the top 5 巡言巡语 candidates with their
/// category and score and an 采用 button that fills <c>#finding-expression</c>, <c>#finding-expression-id</c> and
/// selects <c>#finding-category</c> (option values = FindingCategory names). Usage in a form:
/// <c>&lt;textarea name="Facts" hx-post="/Inspections/Expressions/Suggest" hx-trigger="input changed delay:500ms"
/// hx-target="#expression-suggestions"&gt;</c>.
/// </summary>
[Require(Permission.InspectionManage, From = OrgFrom.None)]
public sealed class SuggestModel(ExpressionSuggester suggester) : PageModel
{
    public const int Top = 5;

    [BindProperty] public string? Facts { get; set; }
    public IReadOnlyList<ExpressionSuggester.Candidate> Candidates { get; private set; } = [];
    public string? Error { get; private set; }
    public bool Asked { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        Asked = true;
        // an empty box is not an error while typing: the fragment just says what to do
        if (string.IsNullOrWhiteSpace(Facts)) return Page();
        Error = ExpressionSuggester.Check(Facts);
        if (Error is null) Candidates = await suggester.SuggestAsync(Facts!, Top, HttpContext.RequestAborted);
        return Page();
    }
}
