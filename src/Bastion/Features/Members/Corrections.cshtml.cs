using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Members;

/// <summary>
/// 更正申请: members' requests to correct their own records, in the current organization's subtree. The branch
/// approves (the change goes through SaveMember with every member rule) or rejects with a reason.
/// </summary>
[Require(Permission.MemberManage)]
public sealed class CorrectionsModel(AppDbContext db, UserContext user, DecideMemberCorrection decide) : PageModel
{
    public sealed record Row(MemberCorrection Request, string MemberName, string OrgName, bool Own);

    /// <summary>null: 待审核; "done": decided ones.</summary>
    [BindProperty(SupportsGet = true)] public string? View { get; set; }
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNo { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int PendingCount { get; private set; }
    public Pager Pager { get; private set; } = null!;
    public bool FullPersonalData { get; private set; }
    public Organization Org => user.CurrentOrg!;
    /// <summary>The request whose decision was refused, with the messages and the reason typed.</summary>
    public long? FailedId { get; private set; }
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? TypedReason { get; private set; }

    public string DoneMessage => Done switch
    {
        "approved" => "已同意，党员信息已按申请更正。",
        "rejected" => "已驳回，申请人会收到通知。",
        _ => "",
    };

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        FullPersonalData = await user.HasAsync(Permission.PersonalDataFull, Org, ct);
        var orgIds = db.UnderOrg(Org).Select(o => o.Id);
        var all = from c in db.Set<MemberCorrection>().AsNoTracking()
                  join m in db.Members.AsNoTracking() on c.MemberId equals m.Id
                  join o in db.Organizations.AsNoTracking() on m.OrgId equals o.Id
                  where orgIds.Contains(m.OrgId)
                  select new { c, MemberName = m.Name, OrgName = o.Name };
        PendingCount = await all.CountAsync(x => x.c.State == CorrectionState.待审核, ct);
        var done = View == "done";
        var q = done
            ? all.Where(x => x.c.State != CorrectionState.待审核).OrderByDescending(x => x.c.DecidedAt).ThenByDescending(x => x.c.Id)
            : all.Where(x => x.c.State == CorrectionState.待审核).OrderBy(x => x.c.Id);
        Pager = new Pager(PageNo, 20, done ? await q.CountAsync(ct) : PendingCount, Request.Query);
        var me = user.UserId;
        Rows = (await q.Skip(Pager.Skip).Take(Pager.Size).ToListAsync(ct))
            .Select(x => new Row(x.c, x.MemberName, x.OrgName, x.c.RequestedByUserId == me)).ToList();
    }

    public async Task<IActionResult> OnPostApproveAsync(long requestId) =>
        await AfterAsync(requestId, null, await decide.ApproveAsync(requestId, HttpContext.RequestAborted), "approved");

    public async Task<IActionResult> OnPostRejectAsync(long requestId, string? decisionReason) =>
        await AfterAsync(requestId, decisionReason, await decide.RejectAsync(requestId, decisionReason, HttpContext.RequestAborted), "rejected");

    private async Task<IActionResult> AfterAsync(long requestId, string? reason, Result outcome, string done)
    {
        if (outcome.IsOk) return Redirect($"/Members/Corrections?done={done}");
        if (outcome.ToStatusPage() is { } status) return status;
        // refused with a message (a member rule, a missing reason, already decided, one's own request): shown beside the request
        var errors = outcome.Errors?.ToDictionary() ?? new Dictionary<string, string[]> { ["decision"] = [outcome.Message!] };
        (FailedId, Errors, TypedReason, View) = (requestId, errors, reason, null);
        await OnGetAsync();
        return Page();
    }
}
