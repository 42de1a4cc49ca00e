using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Features.Development.Transfers;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>
/// 转出 (POST /api/v1/development/cases/{id}/transfer): the person moves to another branch of the platform with their
/// files (decision 0014). To a branch inside the caller's own scope (DevelopmentManage there) the move is immediate:
/// the case ends as 转出 and a new case opens in the receiving branch with every step at its original date and the
/// scans — the training time continues (§1.6); 200 with the new case. To any other branch the 转出 waits for the
/// receiving side (待接收): the case stays as it is and no step can be recorded until the receiving branch's secretary
/// or a 党委 over it accepts or refuses, or the sender withdraws; 202 with the case and its waiting transfer.
/// </summary>
public sealed class TransferDevelopmentCase(AppDbContext db, UserContext user, TimeProvider clock, HolidayCalendar calendar)
{
    public sealed record Request(long? ToOrgId, DateOnly? On, string? Reason);

    /// <summary>The case after the 转出: the receiving branch's new case (immediate), or the sender's with its waiting transfer.</summary>
    public sealed record Outcome(GetDevelopmentCase.Response Case, bool Waiting);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/development/cases/{id:long}/transfer", async (long id, Request req, TransferDevelopmentCase handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp(o => o.Waiting ? Results.Json(o.Case, statusCode: StatusCodes.Status202Accepted) : Results.Ok(o.Case)))
           .RequireRecord(Permission.DevelopmentManage, typeof(DevelopmentCase))
           .WithSummary("转出到平台内另一党支部（toOrgId、on、reason）：接收支部在本人管理范围内时立即转入（200，新档案）；否则待接收方接收（202，原档案及 transfer）。培养时间连续")
           .Produces<GetDevelopmentCase.Response>().Produces<GetDevelopmentCase.Response>(StatusCodes.Status202Accepted)
           .ProducesValidationProblem().ProducesProblem(409).ProducesProblem(422);

    public async Task<Result<Outcome>> Handle(long caseId, Request req, CancellationToken ct = default)
    {
        var today = clock.Today();
        var errors = new Dictionary<string, string[]>();
        if (req.ToOrgId is null) errors["toOrgId"] = ["请选择接收的党支部"];
        if (req.On is null) errors["on"] = ["请输入转出日期"];
        else if (req.On > today) errors["on"] = ["转出日期不能晚于今天"];
        if (string.IsNullOrWhiteSpace(req.Reason)) errors["reason"] = ["请说明转出原因"];
        else if (req.Reason.Trim().Length > 500) errors["reason"] = ["原因不能超过500个字"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var to = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == req.ToOrgId, ct);
        if (to is null || !OrgRules.IsBranch(to.Type)) return Result.Invalid("toOrgId", "接收组织应为平台内的党支部");
        if (OrgCapabilities.Refusal(to, OrgCapability.发展党员) is { } cannot) return Result.Refused("组织职能", cannot, null, "toOrgId");
        var immediate = await user.HasAsync(Permission.DevelopmentManage, to, ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var c = await DevelopmentFacts.LockAsync(db, caseId, ct);
        if (c is null) return Result.NotFound("发展党员档案不存在");
        if (DevelopmentSteps.IsClosed(c.State)) return Result.Conflict($"该发展党员档案已{c.State}，不能转出");
        if (c.MemberId is not null) return Result.Conflict("已接收为预备党员，请办理组织关系转接");
        if (await DevelopmentTransfers.RefuseWhileWaitingAsync(db, c.Id, "再次转出", ct) is { } waiting) return waiting;
        if (to.Id == c.OrgId) return Result.Invalid("toOrgId", "接收支部与现支部相同");
        var rows = await DevelopmentFacts.TimelineAsync(db, c.Id, ct);
        var last = rows.Max(r => r.Version.On);
        if (req.On < last) return Result.Refused("步骤顺序", $"转出日期不能早于最后一个步骤的日期（{DevelopmentFacts.D(last)}）", last, "on");

        var now = clock.GetUtcNow();
        var from = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == c.OrgId, ct);
        var t = new DevelopmentTransfer
        {
            CaseId = c.Id, OrgId = to.Id, FromOrgId = c.OrgId, On = req.On!.Value, Reason = req.Reason!.Trim(),
            State = immediate ? DevelopmentTransferState.已接收 : DevelopmentTransferState.待接收, CreatedAt = now, CreatedBy = user.UserName,
            DecidedAt = immediate ? now : null, DecidedBy = immediate ? user.UserName : null,
        };
        db.Add(t);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e)) { return Result.Conflict("该档案已有待接收的转出"); }
        var shown = c;
        if (immediate) shown = await DevelopmentTransfers.MoveAsync(db, c, to, t, user.UserName, now, ct);
        else
        {
            c.UpdatedAt = now;
            await DevelopmentTransfers.NotifyReceiversAsync(db, to, c, from, now, ct);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new Outcome(await GetDevelopmentCase.LoadAsync(db, calendar, shown, false, today, ct), !immediate);
    }
}
