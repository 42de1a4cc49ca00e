using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// 少交/免交 (DOMAIN-2 §2.2): records the 支部's decision and the superior 党委's approval (批件号) for a month range of at
/// most 12 months; a month started inside the range snapshots the reduced amount (0 = 免交) and the ledger shows the 批件号.
/// </summary>
public sealed class AddDuesReduction(AppDbContext db, UserContext user, TimeProvider clock, DuesAssessment assessment)
{
    public sealed record Request(string? FromMonth, string? ToMonth, decimal? Amount, string? BranchDecision, string? ApprovalNo);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/members/{id:long}/reductions", async (long id, Request req, AddDuesReduction handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp(r => Results.Created($"/api/v1/dues/members/{id}/reductions/{r.Id}", new { r.Id, r.MemberId, r.Amount })))
           .RequireRecord(Permission.DuesManage, typeof(Member))
           .WithSummary("登记少交/免交（fromMonth、toMonth ≤12个月，amount 减免后每月金额，branchDecision 支部决定，approvalNo 上级批件号）")
           .ProducesValidationProblem();

    public async Task<Result<DuesReduction>> Handle(long memberId, Request req, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null) return Result.NotFound();
        var from = DuesMonthRules.ParseMonth(req.FromMonth);
        var to = DuesMonthRules.ParseMonth(req.ToMonth);
        var assessed = from is { } f ? (await assessment.ForMemberAsync(memberId, f, ct))?.Amount : null;
        var errors = DuesMonthRules.CheckReduction(from, to, req.Amount, assessed, req.BranchDecision, req.ApprovalNo);
        if (req.BranchDecision?.Trim().Length > 200) errors["branchDecision"] = ["最多200字"];
        if (req.ApprovalNo?.Trim().Length > 100) errors["approvalNo"] = ["最多100字"];
        if (errors.Count > 0) return Result.Invalid(errors);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == member.OrgId, ct);
        var branch = org.Type == OrgType.党小组 && org.ParentId is { } p ? p : org.Id;
        var r = new DuesReduction
        {
            OrgId = branch, MemberId = memberId, FromMonth = from!.Value, ToMonth = to!.Value, Amount = req.Amount!.Value,
            BranchDecision = req.BranchDecision!.Trim(), ApprovalNo = req.ApprovalNo!.Trim(), CreatedAt = clock.GetUtcNow(), CreatedBy = user.UserName,
        };
        db.Add(r);
        await db.SaveChangesAsync(ct);
        return r;
    }
}
