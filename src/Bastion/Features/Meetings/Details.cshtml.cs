using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Meetings;

/// <summary>One meeting: record, quorum, attendance, attachments (upload needs MeetingManage, checked in the handler), versions.</summary>
[Require(Permission.MeetingRead, From = OrgFrom.Record, Record = typeof(Meeting))]
[UploadLimit(AttachmentSniffer.DefaultMaxBytes, ConfigKey = MeetingAttachments.ConfigKey)]
public sealed class DetailsModel(GetMeeting get, UserContext user, MeetingAttachments attachments) : PageModel
{
    public GetMeeting.Details Meeting { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public string? UploadError { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty(SupportsGet = true)] public int? Recorded { get; set; }
    [BindProperty(SupportsGet = true)] public int? Saved { get; set; }
    public long MaxBytes => attachments.MaxBytes;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        var m = await get.Handle(id, ct);
        if (m.ToStatusPage() is { } status) return status;
        Meeting = m.Value;
        CanManage = await user.HasAsync(Permission.MeetingManage, user.CurrentOrg, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetAttachmentAsync(long id, long file) =>
        await attachments.GetAsync(id, file, HttpContext.RequestAborted) is { } f
            ? new ResultAdapter(MeetingAttachments.Download(HttpContext, f))
            : NotFound();

    public async Task<IActionResult> OnPostUploadAsync(long id)
    {
        if (!await user.HasAsync(Permission.MeetingManage, user.CurrentOrg, HttpContext.RequestAborted)) return StatusCode(StatusCodes.Status403Forbidden);
        var file = Request.HasFormContentType ? Request.Form.Files["file"] : null;
        var uploaded = await attachments.UploadAsync(id, file, HttpContext.RequestAborted);
        if (uploaded.IsOk) return Redirect($"/Meetings/Details/{id}?done=uploaded#attachments");
        UploadError = uploaded.Status.FirstMessage;
        return await OnGetAsync(id);
    }

    public async Task<IActionResult> OnPostRemoveAttachmentAsync(long id, long file)
    {
        if (!await user.HasAsync(Permission.MeetingManage, user.CurrentOrg, HttpContext.RequestAborted)) return StatusCode(StatusCodes.Status403Forbidden);
        var removed = await attachments.RemoveAsync(id, file, HttpContext.RequestAborted);
        return removed.ToStatusPage() ?? Redirect($"/Meetings/Details/{id}?done=removed#attachments");
    }

    public static string Size(int bytes) => bytes >= 1024 * 1024
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Max(1, bytes / 1024)} KB");
}
