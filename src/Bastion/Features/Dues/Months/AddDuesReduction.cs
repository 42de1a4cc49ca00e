using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// 少交/免交 (DOMAIN-2 §2.2, [党费规定]7): the branch files the member's request with the 支部's decision and its date for a
/// month range of at most 12 months; it waits (待审批) for the superior 党委 (<see cref="DecideDuesReduction"/>). Only an
/// approved reduction lowers a month started inside its range. A 批件号 the branch already holds may be given; it is kept
/// for the 党委 to confirm. A second request overlapping a pending one is refused.
/// </summary>
public sealed class AddDuesReduction(AppDbContext db, UserContext user, TimeProvider clock, DuesAssessment assessment)
{
    public sealed record Request(string? FromMonth, string? ToMonth, decimal? Amount, string? BranchDecision, DateOnly? BranchDecidedOn = null, string? ApprovalNo = null);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/dues/members/{id:long}/reductions", async (long id, Request req, AddDuesReduction handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp(r => Results.Created($"/api/v1/dues/reductions/{r.Id}",
                    new { r.Id, r.MemberId, r.Amount, State = r.State.ToString() })))
           .RequireRecord(Permission.DuesManage, typeof(Member))
           .WithSummary("申请少交/免交（fromMonth、toMonth ≤12个月，amount 减免后每月金额，branchDecision 支部决定，branchDecidedOn 决定日期）：待上级党委审批")
           .ProducesValidationProblem();

    public async Task<Result<DuesReduction>> Handle(long memberId, Request req, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null) return Result.NotFound();
        var from = DuesMonthRules.ParseMonth(req.FromMonth);
        var to = DuesMonthRules.ParseMonth(req.ToMonth);
        var assessed = from is { } f ? (await assessment.ForMemberAsync(memberId, f, ct))?.Amount : null;
        var errors = DuesMonthRules.CheckReduction(from, to, req.Amount, assessed, req.BranchDecision, req.BranchDecidedOn, clock.Today());
        if (req.Amount is { } a && decimal.Round(a, 2) != a) errors["amount"] = ["金额最多两位小数"];
        if (req.BranchDecision?.Trim().Length > 200) errors["branchDecision"] = ["最多200字"];
        if (req.ApprovalNo?.Trim().Length > 100) errors["approvalNo"] = ["最多100字"];
        if (errors.Count > 0) return Result.Invalid(errors);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == member.OrgId, ct);
        var branch = org.Type == OrgType.党小组 && org.ParentId is { } p ? p : org.Id;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.Set<DuesReduction>().AnyAsync(r => r.MemberId == memberId && r.State == DuesReductionState.待审批
                && r.FromMonth <= to!.Value && r.ToMonth >= from!.Value, ct))
            return Result.Conflict("该党员已有覆盖这些月份的待审批申请，请等上级党委审批后再申请");
        var r = new DuesReduction
        {
            OrgId = branch, MemberId = memberId, FromMonth = from!.Value, ToMonth = to!.Value, Amount = req.Amount!.Value,
            BranchDecision = req.BranchDecision!.Trim(), BranchDecidedOn = req.BranchDecidedOn, ApprovalNo = RecordDuesPayment.Clean(req.ApprovalNo),
            State = DuesReductionState.待审批, CreatedAt = clock.GetUtcNow(), CreatedBy = user.UserName,
        };
        db.Add(r);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return r;
    }
}
