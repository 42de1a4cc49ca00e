using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.Transfers;

/// <summary>
/// The sender withdraws a waiting 转出 (POST /api/v1/development/cases/{id}/transfer/withdraw) before the receiving side
/// decided: the case carries on in the sending branch as it was (decision 0014).
/// </summary>
public sealed class WithdrawDevelopmentTransfer(AppDbContext db, UserContext user, TimeProvider clock, HolidayCalendar calendar)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/development/cases/{id:long}/transfer/withdraw", async (long id, WithdrawDevelopmentTransfer handler, CancellationToken ct) =>
                (await handler.Handle(id, ct)).ToHttp())
           .RequireRecord(Permission.DevelopmentManage, typeof(DevelopmentCase))
           .WithSummary("撤回待接收的转出：档案继续由本支部办理").Produces<GetDevelopmentCase.Response>().ProducesProblem(409);

    /// <summary>The case was authorized by the caller (DevelopmentManage on its branch, the sender's).</summary>
    public async Task<Result<GetDevelopmentCase.Response>> Handle(long caseId, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var c = await DevelopmentFacts.LockAsync(db, caseId, ct);
        if (c is null) return Result.NotFound("发展党员档案不存在");
        var waiting = await DevelopmentTransfers.WaitingAsync(db, c.Id, ct);
        if (waiting is null) return Result.Conflict("该档案没有待接收的转出，无需撤回");
        var t = await db.Set<DevelopmentTransfer>().FirstAsync(x => x.Id == waiting.Id, ct);
        var now = clock.GetUtcNow();
        t.State = DevelopmentTransferState.已撤回;
        t.DecidedAt = now;
        t.DecidedBy = user.UserName;
        c.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetDevelopmentCase.LoadAsync(db, calendar, c, false, clock.Today(), ct);
    }
}
