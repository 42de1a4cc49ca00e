using Bastion.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.CheckIn;

/// <summary>
/// /CheckIn?t=&lt;token&gt;: where the host's QR code leads. Any signed-in account (an anonymous scan signs in and
/// comes back here); shows the meeting and a big 确认签到 button, or why this account cannot check in.
/// </summary>
[SignedIn]
public sealed class IndexModel(CheckInToMeeting checkIn) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }
    public CheckInToMeeting.Result Result { get; private set; } = null!;
    public bool Done { get; private set; }

    public async Task OnGetAsync() => Result = await checkIn.PreviewAsync(Token, HttpContext.RequestAborted);

    public async Task OnPostAsync()
    {
        Result = await checkIn.HandleAsync(Token, null, HttpContext.RequestAborted);
        Done = Result.Ok;
    }
}
