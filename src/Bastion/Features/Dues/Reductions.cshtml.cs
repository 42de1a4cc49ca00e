using Bastion.Domain;
using Bastion.Features.Dues.Months;
using Bastion.Security;
using Bastion.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bastion.Features.Dues;

/// <summary>
/// The superior 党委's queue of 少交/免交 requests of its subtree (phone-usable cards): approve (批件号 optional) or refuse
/// (reason required), each after a confirmation; below, the requests decided lately. DuesConfigure: a 党委管理员.
/// </summary>
[Require(Permission.DuesConfigure)]
public sealed class ReductionsModel(ListDuesReductions list, DecideDuesReduction decide, UserContext user) : PageModel
{
    public IReadOnlyList<ListDuesReductions.Item> Pending { get; private set; } = [];
    public IReadOnlyList<ListDuesReductions.Item> Decided { get; private set; } = [];
    public string OrgName { get; private set; } = "";
    [TempData] public string? Done { get; set; }
    public string? Error { get; private set; }
    public long? ErrorId { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var r = await list.Handle(user.CurrentOrg!.Id, null, HttpContext.RequestAborted);
        if (r.ToStatusPage() is { } status) return status;
        OrgName = user.CurrentOrg.Name;
        Pending = r.Value.Where(x => x.State == "待审批").OrderBy(x => x.CreatedAt).ToList();
        Decided = r.Value.Where(x => x.State != "待审批").OrderByDescending(x => x.DecidedAt).Take(20).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(long reductionId, string? approvalNo)
    {
        if (await OutsideAsync(reductionId) is { } outside) return outside;
        var r = await decide.ApproveAsync(reductionId, approvalNo, HttpContext.RequestAborted);
        return await AfterAsync(reductionId, r.Status, "已批准");
    }

    public async Task<IActionResult> OnPostRefuseAsync(long reductionId, string? reason)
    {
        if (await OutsideAsync(reductionId) is { } outside) return outside;
        var r = await decide.RefuseAsync(reductionId, reason, HttpContext.RequestAborted);
        return await AfterAsync(reductionId, r.Status, "已不批准");
    }

    /// <summary>A request outside the current organization's subtree is answered as missing.</summary>
    private async Task<IActionResult?> OutsideAsync(long reductionId)
    {
        var r = await list.Handle(user.CurrentOrg!.Id, "待审批", HttpContext.RequestAborted);
        return r.IsOk && r.Value.Any(x => x.Id == reductionId) ? null : await AfterAsync(null, Result.Conflict("该申请不在待审批列表中（可能已被审批），请刷新"), null);
    }

    private async Task<IActionResult> AfterAsync(long? id, Result r, string? done)
    {
        if (r.IsOk)
        {
            Done = done;
            return Redirect("/Dues/Reductions");
        }
        if (r.ToStatusPage() is { } status) return status;
        Error = r.FirstMessage;
        ErrorId = id;
        return await OnGetAsync();
    }
}
