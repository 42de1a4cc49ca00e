using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Meetings.Book;

/// <summary>导出会议记录(Word) from the meeting's page: the file, or the reason there is none.</summary>
[Require(Permission.MeetingRead, From = OrgFrom.Record, Record = typeof(Meeting))]
public sealed class MeetingModel(ExportMeetingRecords export) : PageModel
{
    public long Id { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        Id = id;
        var r = await export.MeetingAsync(id, HttpContext.RequestAborted);
        if (r.IsOk) return File(r.Value.Content, WordDocument.ContentType, r.Value.FileName);
        if (r.ToStatusPage() is { } status) return status;
        Error = r.Status.FirstMessage;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
