using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Meetings.Book;

/// <summary>导出全年会议记录 from the branch's meeting list (?org=&amp;year=): one .docx, or the reason there is none.</summary>
[Require(Permission.MeetingRead)]
public sealed class YearModel(ExportMeetingRecords export, UserContext user) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public long OrgId => user.CurrentOrg!.Id;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var r = await export.YearAsync(user.CurrentOrg!, Year, HttpContext.RequestAborted);
        if (r.IsOk) return File(r.Value.Content, WordDocument.ContentType, r.Value.FileName);
        Error = r.Status.FirstMessage;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
