using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Ledger;

/// <summary>
/// One ledger item: the 四个明确, original and current deadline, timeline and evidence, and forms for the actions the state
/// machine allows the account. Any signed-in account may open the page; the handler answers 404 when the account may not
/// see the item (neither a party nor LedgerRead over its organization).
/// </summary>
[SignedIn]
[UploadLimit(AttachmentSniffer.DefaultMaxBytes, ConfigKey = TransitionLedgerItem.ConfigKey)]
public sealed class DetailsModel(GetLedgerItem get, TransitionLedgerItem transition) : PageModel
{
    public GetLedgerItem.Details Item { get; private set; } = null!;
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? FailedAction { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty(SupportsGet = true)] public int? Created { get; set; }
    public long MaxBytes => transition.MaxBytes;
    /// <summary>What was typed into the refused form, shown again (nothing typed is lost).</summary>
    public string? PostedReason { get; private set; }
    public string? PostedEvidenceText { get; private set; }
    public DateOnly? PostedDeadline { get; private set; }

    /// <summary>The next step most likely wanted, shown open at the top: 开始办理, 申请销号, 销号, 批准延期, 复号.</summary>
    public static string? Primary(IReadOnlyList<string> allowed) =>
        new[] { "start", "submit", "close", "approveExtension", "reopen", "progress" }.FirstOrDefault(allowed.Contains) ?? allowed.FirstOrDefault();

    public string? ErrorText => Errors.Count == 0 ? null : string.Join("；", Errors.Values.SelectMany(v => v));

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var r = await get.Handle(id, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        Item = r.Value;
        return Page();
    }

    public async Task<IActionResult> OnGetEvidenceAsync(long id, long file)
    {
        var r = await get.EvidenceFileAsync(id, file, HttpContext.RequestAborted);
        return r.ToStatusPage() ?? new ResultAdapter(GetLedgerItem.Download(HttpContext, r.Value));
    }

    public async Task<IActionResult> OnPostTransitionAsync(long id, string? action, string? reason, DateOnly? newDeadline, string? evidenceText)
    {
        var ct = HttpContext.RequestAborted;
        var evidence = new List<TransitionLedgerItem.Evidence>();
        var file = Request.HasFormContentType ? Request.Form.Files["evidenceFile"] : null;
        if (file is { Length: > 0 })
        {
            var (bytes, tooBig) = await AttachmentSniffer.ReadAsync(file, transition.MaxBytes, ct);
            evidence.Add(new(evidenceText, file.FileName, bytes, tooBig));
        }
        else if (!string.IsNullOrWhiteSpace(evidenceText)) evidence.Add(new(evidenceText, null, null));

        var r = await transition.Handle(id, new TransitionLedgerItem.Command(action, reason, newDeadline, evidence), ct);
        if (r.IsOk) return Redirect($"/Ledger/Details/{id}?done={Uri.EscapeDataString(action ?? "")}");
        if (r.ToStatusPage() is { } status) return status;
        Errors = r.Status.Errors!.ToDictionary();
        FailedAction = action;
        (PostedReason, PostedEvidenceText, PostedDeadline) = (reason, evidenceText, newDeadline);
        return await OnGetAsync(id);
    }

    public static string Describe(string action) => GetLedgerItem.ActionName(action);
}
