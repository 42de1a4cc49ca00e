using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Inspections;

/// <summary>Transferred clues of the scope (纪检's list) and the receipt (回执) form; receipts need the 纪检 role over the organization (checked in the handler).</summary>
[Require(Permission.ClueRead)]
public sealed class CluesModel(InspectionQueries q, ReceiveClue receive) : PageModel
{
    public List<InspectionQueries.ClueTransferRow> Rows { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public long? ErrorFor { get; private set; }
    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e[0] : null;
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public async Task OnGetAsync() => Rows = await q.TransfersAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostReceiveAsync(long transferId, string? receiptNo, DateOnly? receivedOn)
    {
        var r = await receive.Handle(transferId, receiptNo, receivedOn, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        if (r.IsOk) return Redirect("/Inspections/Clues?done=received");
        Errors = FindingFormPage.ErrorsOf(r);
        ErrorFor = transferId;
        await OnGetAsync();
        return Page();
    }
}
