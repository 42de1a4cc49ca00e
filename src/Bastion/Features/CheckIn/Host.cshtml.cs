using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.CheckIn;

/// <summary>
/// 签到 host view of a meeting ({id}): the QR code of /CheckIn?t=&lt;token&gt; (refreshed by htmx before it expires),
/// the live roster with who has checked in (polled), 手工签到 and its undo, and pending 请假 requests to decide.
/// </summary>
[Require(Permission.MeetingManage, From = OrgFrom.Record, Record = typeof(Meeting))]
public sealed class HostModel(GetCheckInBoard boards, CheckInTokens tokens, CheckInOptions options, TimeProvider clock) : PageModel
{
    public GetCheckInBoard.Board Board { get; private set; } = null!;
    public CheckInTokens.Issued? Code { get; private set; }
    public string CodeUrl { get; private set; } = "";
    public string QrDataUri { get; private set; } = "";
    public int RefreshSeconds => options.RefreshSeconds;
    public string? Error { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Ok { get; set; }

    public async Task OnGetAsync(long id) => await LoadAsync(id);

    /// <summary>htmx: a fresh QR code.</summary>
    public async Task<IActionResult> OnGetCodeAsync(long id)
    {
        await LoadAsync(id);
        return Partial("_HostCode", this);
    }

    /// <summary>htmx: the live roster.</summary>
    public async Task<IActionResult> OnGetBoardAsync(long id)
    {
        await LoadAsync(id);
        return Partial("_HostBoard", this);
    }

    public async Task<IActionResult> OnPostManualAsync(long id, long memberId, [FromServices] ManualCheckIn manual) =>
        await AfterAsync(id, await manual.Handle(id, memberId, HttpContext.RequestAborted), "manual");

    public async Task<IActionResult> OnPostUndoAsync(long id, long memberId, [FromServices] UndoCheckIn undo) =>
        await AfterAsync(id, await undo.Handle(id, memberId, HttpContext.RequestAborted), "undone");

    /// <summary>Approve or reject (with <paramref name="rejectionReason"/>) a leave request of this meeting: the 请假审批 list's use case.</summary>
    public async Task<IActionResult> OnPostLeaveAsync(long id, long requestId, bool approve, string? rejectionReason, [FromServices] DecideLeave decide)
    {
        FailedRequest = requestId;
        RejectionReason = rejectionReason;
        var decided = await decide.Handle(requestId, approve, rejectionReason, id, HttpContext.RequestAborted);
        return await AfterAsync(id, decided.Status, approve ? "approved" : "rejected");
    }

    /// <summary>The request a refused decision was about, and the reason typed for it (kept in its field).</summary>
    public long? FailedRequest { get; private set; }
    public string? RejectionReason { get; private set; }

    private async Task<IActionResult> AfterAsync(long id, Result result, string ok)
    {
        if (result.IsOk) return Redirect($"/Meetings/CheckIn/{id}?ok={ok}");
        Error = result.FirstMessage;
        HttpContext.RequestServices.GetRequiredService<Data.AppDbContext>().ChangeTracker.Clear();
        await LoadAsync(id);
        return Page();
    }

    public string? OkMessage => Ok switch
    {
        "manual" => "已手工签到。",
        "undone" => "已撤销签到。",
        "approved" => "已批准请假。",
        "rejected" => "已驳回请假申请。",
        _ => null,
    };

    private async Task LoadAsync(long id)
    {
        Board = await boards.HandleAsync(id, HttpContext.RequestAborted);
        if (!Board.CanCheckIn) return;
        Code = tokens.Issue(id, clock.GetUtcNow());
        CodeUrl = $"{Request.Scheme}://{Request.Host}/CheckIn?t={Code.Token}";
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(CodeUrl, QRCoder.QRCodeGenerator.ECCLevel.M);
        QrDataUri = "data:image/png;base64," + Convert.ToBase64String(new QRCoder.PngByteQRCode(data).GetGraphic(6));
    }
}
