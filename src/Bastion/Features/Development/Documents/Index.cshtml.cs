using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Development.Documents;

/// <summary>
/// 发展党员文书 (?org=): the 公示 notice form (who, the first day, the telephone and mailbox for views), the two summary
/// lists and a link to the annual plan. Each download calls the same use case as the API.
/// </summary>
[Require(Permission.DevelopmentRead)]
public sealed class IndexModel(ExportPublicityNotice publicity, UserContext user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public long[] Cases { get; set; } = [];
    [BindProperty(SupportsGet = true)] public DateOnly? Start { get; set; }
    [BindProperty(SupportsGet = true)] public string? Phone { get; set; }
    [BindProperty(SupportsGet = true)] public string? Mailbox { get; set; }
    [BindProperty(SupportsGet = true)] public string? Issuer { get; set; }

    public Organization Org => user.CurrentOrg!;
    public ExportPublicityNotice.NoticeKind NoticeKind { get; private set; } = ExportPublicityNotice.NoticeKind.接收;
    public IReadOnlyList<DevelopmentCase> Candidates { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Error(string key) => Errors.TryGetValue(key, out var e) ? e.FirstOrDefault() : null;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnGetPublicityAsync()
    {
        var r = await publicity.Handle(new ExportPublicityNotice.Request(Kind, string.Join(',', Cases), Start, Phone, Mailbox, Issuer), HttpContext.RequestAborted);
        if (r.IsOk) return File(r.Value.Content, WordDocument.ContentType, r.Value.FileName);
        if (r.ToStatusPage() is { } status) return status;
        Errors = r.Status.Errors ?? new Dictionary<string, string[]> { [""] = [r.Status.FirstMessage ?? "无法生成公示"] };
        await LoadAsync();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnGetAdmissionListAsync([FromServices] ExportAdmissionList export)
    {
        var r = await export.Handle(HttpContext.RequestAborted);
        return r.IsOk ? File(r.Value.Content, Xlsx.ContentType, r.Value.FileName) : r.ToStatusPage() ?? StatusCode(StatusCodes.Status400BadRequest);
    }

    public async Task<IActionResult> OnGetConfirmationListAsync([FromServices] ExportConfirmationList export)
    {
        var r = await export.Handle(HttpContext.RequestAborted);
        return r.IsOk ? File(r.Value.Content, Xlsx.ContentType, r.Value.FileName) : r.ToStatusPage() ?? StatusCode(StatusCodes.Status400BadRequest);
    }

    private async Task LoadAsync()
    {
        NoticeKind = ExportPublicityNotice.ParseKind(Kind) ?? ExportPublicityNotice.NoticeKind.接收;
        Candidates = await publicity.CandidatesAsync(NoticeKind, HttpContext.RequestAborted);
        Start ??= clock.Today();
    }
}
