using Bastion.Security;
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
    public string Detail => Code == 413 ? UploadLimit.TooLargeMessage(HttpContext) : ErrorResponses.Detail(Code);
    public string? RequestId { get; private set; }
    /// <summary>返回首页: the home of this user (a page they may open, so a 403 never leads back to a 403).</summary>
    public string HomeUrl { get; private set; } = Home.Workbench;

    public Task OnGetAsync(int? code, [FromServices] UserContext user) => SetAsync(code, user);
    public Task OnPostAsync(int? code, [FromServices] UserContext user) => SetAsync(code, user);

    private async Task SetAsync(int? code, UserContext user)
    {
        Code = code is >= 400 and < 600 ? code.Value : Response.StatusCode >= 400 ? Response.StatusCode : 500;
        if (Code >= 500) RequestId = HttpContext.TraceIdentifier;
        Response.StatusCode = Code;
        // signed-in users keep the menu (and a way to sign out), except on server errors, where the shell itself may be what failed
        ViewData["Bare"] = Code >= 500 || User.Identity?.IsAuthenticated != true;
        // on a server error the database may be what failed: no query then ("/" still leads a signed-out visitor to sign in)
        if (Code < 500 && user.IsSignedIn) HomeUrl = await Home.OfAsync(user, HttpContext.RequestAborted);
        ViewData["Home"] = HomeUrl;
    }
}
