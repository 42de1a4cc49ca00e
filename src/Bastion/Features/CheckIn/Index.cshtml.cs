using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
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
    public Result<CheckInToMeeting.CheckedIn> Result { get; private set; } = null!;
    public bool Done { get; private set; }
    /// <summary>The meeting the token names (also beside a refusal, when the token itself was good).</summary>
    public Meeting? Meeting { get; private set; }
    public string? OrgName { get; private set; }

    public async Task OnGetAsync() => await ShowAsync(await checkIn.PreviewAsync(Token, HttpContext.RequestAborted));

    public async Task OnPostAsync()
    {
        await ShowAsync(await checkIn.Handle(Token, null, HttpContext.RequestAborted));
        Done = Result.IsOk;
    }

    private async Task ShowAsync(Result<CheckInToMeeting.CheckedIn> result)
    {
        Result = result;
        if (result.IsOk) (Meeting, OrgName) = (result.Value.Meeting, result.Value.OrgName);
        else if (await checkIn.MeetingOfAsync(Token, HttpContext.RequestAborted) is { } m) (Meeting, OrgName) = m;
    }
}
