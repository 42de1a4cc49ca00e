using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Dues.Months;

/// <summary>A member's own dues: this month, history, receipts, and recording an online payment for the collector to confirm.</summary>
[SignedIn]
public sealed class MineModel(GetMyDues get, SubmitOwnDuesPayment submit) : PageModel
{
    public GetMyDues.Response? View { get; private set; }
    [TempData] public string? Done { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var r = await get.Handle(HttpContext.RequestAborted);
        View = r.IsOk ? r.Value : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long entryId, decimal? amount, string? receiptNo)
    {
        var r = await submit.Handle(new SubmitOwnDuesPayment.Request(entryId, amount, receiptNo, null), HttpContext.RequestAborted);
        if (r.IsOk)
        {
            Done = "已提交，待支部确认";
            return Redirect("/Dues/Months/Mine");
        }
        if (r.ToStatusPage() is { } status) return status;
        Error = r.Status.FirstMessage;
        return await OnGetAsync();
    }
}
