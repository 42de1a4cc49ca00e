using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// 上缴 form of an organization (branch or 党委): the month pages post here; a refused or invalid input is shown here with
/// the message beside its field (and the 超出原因 field when the amount exceeds what is collected and not yet remitted).
/// </summary>
[Require(Permission.DuesManage, From = OrgFrom.Route)]
public sealed class RemitModel(AppDbContext db, RecordDuesRemittance record) : PageModel
{
    [BindProperty] public RecordDuesRemittance.Request Input { get; set; } = new(null, null, null, null, null);
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [TempData] public string? Done { get; set; }
    public string OrgName { get; private set; } = "";
    public bool OverRefused { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string? month)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        Input = Input with { Month = month };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        var r = await record.Handle(id, Input, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        if (!r.AddTo(ModelState, nameof(Input)))
        {
            OverRefused = r.Status.Rule == RecordDuesRemittance.OverRule;
            return Page();
        }
        Done = $"已登记{DuesMonthRules.Code(r.Value.Month)}上缴{DuesRules.Yuan(r.Value.Amount)}元";
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : $"/Dues/Months/Branch/{id}?month={Input.Month}");
    }

    private async Task<IActionResult?> LoadAsync(long id)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, HttpContext.RequestAborted);
        if (org is null) return NotFound();
        OrgName = org.Name;
        return null;
    }

    public string? Error(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;
}
