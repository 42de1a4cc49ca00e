using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Development.Documents;

/// <summary>纪实表 (Word) of one case, from its page (?full=true: the ID number in full, for those allowed; audited).</summary>
[Require(Permission.DevelopmentRead, From = OrgFrom.Record, Record = typeof(DevelopmentCase))]
public sealed class RecordModel(ExportCaseRecord export) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, bool full = false)
    {
        var r = await export.Handle(id, full, HttpContext.RequestAborted);
        if (r.IsOk) return File(r.Value.Content, WordDocument.ContentType, r.Value.FileName);
        return r.ToStatusPage() ?? StatusCode(StatusCodes.Status400BadRequest);
    }
}
