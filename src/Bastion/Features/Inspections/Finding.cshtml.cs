using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Inspections;

/// <summary>
/// One finding, read under the confidentiality rules (a refusal is 403 with an audit row; a clue read is audited):
/// facts, classification, evidence files, versions, the 同题共答 exchange (share, messages, 定稿) and the 移交 of a clue.
/// </summary>
[Require(Permission.InspectionRead, From = OrgFrom.Record, Record = typeof(InspectionFinding))]
[UploadLimit(AttachmentSniffer.DefaultMaxBytes, ConfigKey = Meetings.MeetingAttachments.ConfigKey)]
public sealed class FindingModel(AppDbContext db, GetFinding get, InspectionAccess access) : PageModel
{
    public InspectionQueries.FindingDetails Finding { get; private set; } = null!;
    public InspectionViewer Viewer { get; private set; }
    public bool IsTeam => Viewer.HasFlag(InspectionViewer.Inspection);
    public string? MessageBlocked { get; private set; }
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e[0] : null;
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? ProposedWording { get; set; }
    [BindProperty] public string? AgreedWording { get; set; }
    [BindProperty] public string? Department { get; set; }
    [BindProperty] public string? Note { get; set; }

    private async Task<IActionResult> LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        var r = await get.Handle(id, ct);
        if (r.ToStatusPage() is { } status) return status;
        var f = Finding = r.Value;
        Viewer = await access.ViewerAsync(f.OrgId, ct);
        MessageBlocked = InspectionRules.CheckMessage(Viewer, Enum.Parse<FindingCategory>(f.Category), Enum.Parse<FindingState>(f.State), Enum.Parse<InspectionPhase>(f.Phase))
            ?? (f.State == nameof(FindingState.已定稿) ? "表述已定稿，同题共答已结束" : null);
        AgreedWording ??= f.Messages.LastOrDefault(m => m.ProposedWording is not null)?.ProposedWording ?? f.Expression;
        return Page();
    }

    public Task<IActionResult> OnGetAsync(long id) => LoadAsync(id);

    private async Task<IActionResult> After(long id, Result r, string done, string anchor)
    {
        if (r.ToStatusPage() is { } status) return status;
        if (r.IsOk) return Redirect($"/Inspections/Finding/{id}?done={done}#{anchor}");
        Errors = FindingFormPage.ErrorsOf(r);
        return await LoadAsync(id);
    }

    public async Task<IActionResult> OnPostShareAsync(long id, [FromServices] ShareFinding share) =>
        await After(id, await share.Handle(id, HttpContext.RequestAborted), "shared", "exchange");

    public async Task<IActionResult> OnPostMessageAsync(long id, [FromServices] PostFindingMessage post) =>
        await After(id, (await post.Handle(id, new PostFindingMessage.Request(Body, ProposedWording), HttpContext.RequestAborted)).Status, "message", "exchange");

    public async Task<IActionResult> OnPostAgreeAsync(long id, [FromServices] AgreeFindingWording agree) =>
        await After(id, await agree.Handle(id, AgreedWording, HttpContext.RequestAborted), "agreed", "exchange");

    public async Task<IActionResult> OnPostTransferAsync(long id, [FromServices] TransferClue transfer) =>
        await After(id, await transfer.Handle(id, Department, Note, HttpContext.RequestAborted), "transferred", "transfer");

    public async Task<IActionResult> OnPostUploadAsync(long id, [FromServices] UploadFindingEvidence upload)
    {
        var file = Request.HasFormContentType ? Request.Form.Files["file"] : null;
        return await After(id, await upload.Handle(id, file, HttpContext.RequestAborted), "uploaded", "attachments");
    }

    public async Task<IActionResult> OnGetAttachmentAsync(long id, long file)
    {
        var ct = HttpContext.RequestAborted;
        var f = await db.Set<InspectionFinding>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (f is null) return NotFound();
        if (!await access.CanReadAsync(f, ct)) return StatusCode(StatusCodes.Status403Forbidden);
        var a = await db.Set<InspectionFindingAttachment>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == file && x.FindingId == id, ct);
        if (a is null) return NotFound();
        return new ResultAdapter(AttachmentSniffer.Download(HttpContext, a.Data, a.ContentType, a.FileName));
    }
}
