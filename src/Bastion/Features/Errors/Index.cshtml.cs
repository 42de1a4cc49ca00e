using Bastion.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Errors;

/// <summary>Chinese error pages (400, 403, 404, 500 …) — never a stack trace.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class IndexModel : PageModel
{
    public int Code { get; private set; }
    public string Title => ErrorResponses.Title(Code);
    public string Detail => ErrorResponses.Detail(Code);
    public string? RequestId { get; private set; }

    public void OnGet(int? code) => Set(code);
    public void OnPost(int? code) => Set(code);

    private void Set(int? code)
    {
        Code = code is >= 400 and < 600 ? code.Value : Response.StatusCode >= 400 ? Response.StatusCode : 500;
        if (Code >= 500) RequestId = HttpContext.TraceIdentifier;
        Response.StatusCode = Code;
        // signed-in users keep the menu (and a way to sign out), except on server errors, where the shell itself may be what failed
        ViewData["Bare"] = Code >= 500 || User.Identity?.IsAuthenticated != true;
    }
}
