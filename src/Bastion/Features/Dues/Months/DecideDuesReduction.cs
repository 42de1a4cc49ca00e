using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Dues.Months;

/// <summary>
/// The superior 党委 decides a 少交/免交 request (DuesConfigure over the branch: a 党委管理员 above it; a branch secretary
/// cannot approve their own branch's request). Approving in the app needs no 批件号 (one may be given); refusing needs the
/// reason. A decided request stays decided. Months already started are not rewritten: the reduction applies to months
/// started inside its range from now on.
/// </summary>
public sealed class DecideDuesReduction(AppDbContext db, UserContext user, TimeProvider clock)
{
    public sealed record ApproveRequest(string? ApprovalNo);
    public sealed record RefuseRequest(string? Reason);
    public sealed record Response(long Id, long MemberId, string State, string? ApprovalNo, string? RefusalReason);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/dues/reductions/{id:long}/approve", async (long id, ApproveRequest? req, DecideDuesReduction handler, CancellationToken ct) =>
                (await handler.ApproveAsync(id, req?.ApprovalNo, ct)).ToHttp())
           .RequireRecord(Permission.DuesConfigure, typeof(DuesReduction))
           .WithSummary("上级党委批准少交/免交申请（approvalNo 批件号可选）").Produces<Response>().ProducesValidationProblem();
        api.MapPost("/dues/reductions/{id:long}/refuse", async (long id, RefuseRequest? req, DecideDuesReduction handler, CancellationToken ct) =>
                (await handler.RefuseAsync(id, req?.Reason, ct)).ToHttp())
           .RequireRecord(Permission.DuesConfigure, typeof(DuesReduction))
           .WithSummary("上级党委不批准少交/免交申请（reason 必填）").Produces<Response>().ProducesValidationProblem();
    }

    public Task<Result<Response>> ApproveAsync(long id, string? approvalNo, CancellationToken ct = default)
    {
        if (approvalNo?.Trim().Length > 100) return Task.FromResult<Result<Response>>(Result.Invalid("approvalNo", "批件号最多100字"));
        return DecideAsync(id, r =>
        {
            r.State = DuesReductionState.已批准;
            if (RecordDuesPayment.Clean(approvalNo) is { } no) r.ApprovalNo = no;
        }, ct);
    }

    public Task<Result<Response>> RefuseAsync(long id, string? reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) return Task.FromResult<Result<Response>>(Result.Invalid("reason", "请填写不批准的理由"));
        if (reason.Trim().Length > 500) return Task.FromResult<Result<Response>>(Result.Invalid("reason", "理由最多500字"));
        return DecideAsync(id, r =>
        {
            r.State = DuesReductionState.已驳回;
            r.RefusalReason = reason.Trim();
        }, ct);
    }

    private async Task<Result<Response>> DecideAsync(long id, Action<DuesReduction> decide, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var r = await db.Set<DuesReduction>().FromSql($"SELECT * FROM dues_reductions WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (r is null) return Result.NotFound();
        if (r.State != DuesReductionState.待审批) return Result.Conflict($"该申请已{r.State}，不能再次审批");
        decide(r);
        r.DecidedAt = clock.GetUtcNow();
        r.DecidedBy = user.UserName;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Response(r.Id, r.MemberId, r.State.ToString(), r.ApprovalNo, r.RefusalReason);
    }
}
