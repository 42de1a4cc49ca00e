using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development.Transfers;

/// <summary>
/// The receiving side decides a waiting 转出 (decision 0014): the receiving branch's secretary or a 党委 administrator
/// over it (DevelopmentManage on the receiving branch — the transfer's own OrgId) accepts — the case closes in the
/// sending branch as 转出 and opens here with every step at its original date and the scans, so the training time
/// continues — or refuses with a reason, and the case is back with the sender as it was. Both are told.
/// </summary>
public sealed class DecideDevelopmentTransfer(AppDbContext db, UserContext user, TimeProvider clock, HolidayCalendar calendar)
{
    public sealed record RefuseBody(string? Reason);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/development/transfers/{id:long}/accept", async (long id, DecideDevelopmentTransfer decide, CancellationToken ct) =>
                (await decide.AcceptAsync(id, ct)).ToHttp())
           .RequireRecord(Permission.DevelopmentManage, typeof(DevelopmentTransfer))
           .WithSummary("接收发展党员档案转入（须对接收党支部有发展党员管理权限）：原档案转出，本支部新档案保留全部步骤及原日期和材料，培养时间连续")
           .Produces<GetDevelopmentCase.Response>().ProducesProblem(409).ProducesProblem(422);
        api.MapPost("/development/transfers/{id:long}/refuse", async (long id, RefuseBody? body, DecideDevelopmentTransfer decide, CancellationToken ct) =>
                (await decide.RefuseAsync(id, body?.Reason, ct)).ToHttp())
           .RequireRecord(Permission.DevelopmentManage, typeof(DevelopmentTransfer))
           .WithSummary("退回发展党员档案转入（reason 必填）：档案留在转出支部，恢复转出前的状态")
           .Produces<DevelopmentTransfers.View>().ProducesValidationProblem().ProducesProblem(409);
    }

    /// <summary>Accepts; the receiving branch's new case.</summary>
    public async Task<Result<GetDevelopmentCase.Response>> AcceptAsync(long id, CancellationToken ct = default)
    {
        var today = clock.Today();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (t, to, c, refusal) = await LockAsync(id, ct);
        if (refusal is not null) return refusal;
        if (OrgCapabilities.Refusal(to!, OrgCapability.发展党员) is { } cannot) return Result.Refused("组织职能", cannot);
        if (c is null || DevelopmentSteps.IsClosed(c.State) || c.MemberId is not null || c.OrgId != t!.FromOrgId)
            return Result.Conflict("该档案已不在转出支部办理，不能接收");
        var now = clock.GetUtcNow();
        t!.State = DevelopmentTransferState.已接收;
        t.DecidedAt = now;
        t.DecidedBy = user.UserName;
        var moved = await DevelopmentTransfers.MoveAsync(db, c, to!, t!, user.UserName, now, ct);
        await DevelopmentTransfers.NotifySenderAsync(db, t, $"发展党员档案已转入：{c.Name}", $"{to!.Name}已接收{c.Name}的发展党员档案，由该支部继续办理。", $"/Development/Case/{c.Id}", now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetDevelopmentCase.LoadAsync(db, calendar, moved, false, today, ct);
    }

    /// <summary>Refuses with a reason (Invalid under "reason" without one); the case stays with the sender as it was.</summary>
    public async Task<Result<DevelopmentTransfers.View>> RefuseAsync(long id, string? reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) return Result.Invalid("reason", "请说明退回的原因");
        if (reason.Trim().Length > 500) return Result.Invalid("reason", "原因不能超过500个字");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (t, to, c, refusal) = await LockAsync(id, ct);
        if (refusal is not null) return refusal;
        var now = clock.GetUtcNow();
        t!.State = DevelopmentTransferState.已退回;
        t.DecidedAt = now;
        t.DecidedBy = user.UserName;
        t.DecisionNote = reason.Trim();
        await DevelopmentTransfers.NotifySenderAsync(db, t, $"发展党员档案转出被退回：{c!.Name}", $"{to!.Name}退回：{t.DecisionNote}", $"/Development/Case/{t.CaseId}", now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await DevelopmentTransfers.ViewsAsync(db, [t], ct))[0];
    }

    /// <summary>
    /// The waiting transfer, locked, with its receiving branch and its case (locked first, as every change of a case
    /// does) — when the caller may decide it: NotFound for one out of the caller's sight (as a missing one), Forbidden
    /// for one they only see, Conflict once decided or withdrawn.
    /// </summary>
    private async Task<(DevelopmentTransfer? Transfer, Organization? To, DevelopmentCase? Case, Result? Refusal)> LockAsync(long id, CancellationToken ct)
    {
        var seen = await db.Set<DevelopmentTransfer>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (seen is null) return (null, null, null, Result.NotFound("转出记录不存在"));
        var to = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == seen.OrgId, ct);
        if (!await user.HasAsync(Permission.DevelopmentManage, to, ct))
            return (null, null, null, await user.HasAsync(Permission.DevelopmentRead, to, ct) ? Result.Forbidden("只有接收党支部的书记或其上级党委的管理员可以办理。") : Result.NotFound("转出记录不存在"));
        var c = await DevelopmentFacts.LockAsync(db, seen.CaseId, ct);
        var t = await db.Set<DevelopmentTransfer>().FromSql($"SELECT * FROM development_transfers WHERE id = {id} FOR UPDATE").Where(x => x.Id == id).FirstAsync(ct);
        if (t.State != DevelopmentTransferState.待接收) return (null, null, null, Result.Conflict($"该转出已{t.State}，不能再办理"));
        return (t, to, c, null);
    }
}
