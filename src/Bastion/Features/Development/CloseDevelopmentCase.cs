using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Development;

/// <summary>
/// Ends a case before admission (§1.3): 撤回申请 (the applicant withdraws; POST …/withdraw) or 终止 (不具备条件, POST
/// …/terminate), which needs the 支委会's record (its date and decision). Only pre-member states: a 预备党员's case ends
/// through step 23/24.
/// </summary>
public sealed class CloseDevelopmentCase(AppDbContext db, TimeProvider clock, HolidayCalendar calendar)
{
    public sealed record Request(DateOnly? On, string? Reason, string? CommitteeRecord);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/development/cases/{id:long}/withdraw", async (long id, Request req, CloseDevelopmentCase handler, CancellationToken ct) =>
                (await handler.Handle(id, DevelopmentState.撤回申请, req, ct)).ToHttp())
           .RequireRecord(Permission.DevelopmentManage, typeof(DevelopmentCase))
           .WithSummary("撤回入党申请（on、reason）").Produces<GetDevelopmentCase.Response>().ProducesValidationProblem();
        api.MapPost("/development/cases/{id:long}/terminate", async (long id, Request req, CloseDevelopmentCase handler, CancellationToken ct) =>
                (await handler.Handle(id, DevelopmentState.终止, req, ct)).ToHttp())
           .RequireRecord(Permission.DevelopmentManage, typeof(DevelopmentCase))
           .WithSummary("终止发展（不具备条件）：on、reason、committeeRecord（支委会记录）必填").Produces<GetDevelopmentCase.Response>().ProducesValidationProblem();
    }

    public async Task<Result<GetDevelopmentCase.Response>> Handle(long caseId, DevelopmentState to, Request req, CancellationToken ct = default)
    {
        var today = clock.Today();
        var errors = new Dictionary<string, string[]>();
        if (req.On is null) errors["on"] = ["请输入日期"];
        else if (req.On > today) errors["on"] = ["日期不能晚于今天"];
        if (string.IsNullOrWhiteSpace(req.Reason)) errors["reason"] = [to == DevelopmentState.终止 ? "请说明终止的原因" : "请说明撤回的原因"];
        else if (req.Reason.Trim().Length > 300) errors["reason"] = ["原因不能超过300个字"];
        if (to == DevelopmentState.终止 && string.IsNullOrWhiteSpace(req.CommitteeRecord)) errors["committeeRecord"] = ["终止发展须有支委会记录（会议日期和决定）"];
        else if (req.CommitteeRecord?.Trim().Length > 190) errors["committeeRecord"] = ["支委会记录不能超过190个字"];
        if (errors.Count > 0) return Result.Invalid(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var c = await DevelopmentFacts.LockAsync(db, caseId, ct);
        if (c is null) return Result.NotFound("发展党员档案不存在");
        if (await Transfers.DevelopmentTransfers.RefuseWhileWaitingAsync(db, c.Id, "撤回或终止", ct) is { } transferring) return transferring;
        if (DevelopmentSteps.IsClosed(c.State)) return Result.Conflict($"该发展党员档案已{c.State}");
        if (c.MemberId is not null || c.State >= DevelopmentState.预备党员) return Result.Conflict("已接收为预备党员，须经支部大会讨论（延长预备期或取消预备党员资格）");
        var rows = await DevelopmentFacts.TimelineAsync(db, c.Id, ct);
        var last = rows.Max(r => r.Version.On);
        if (req.On < last) return Result.Refused("步骤顺序", $"日期不能早于最后一个步骤的日期（{DevelopmentFacts.D(last)}）", last, "on");

        c.State = to;
        c.ClosedOn = req.On;
        c.CloseReason = to == DevelopmentState.终止 ? $"{req.Reason!.Trim()}（支委会记录：{req.CommitteeRecord!.Trim()}）" : req.Reason!.Trim();
        c.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetDevelopmentCase.LoadAsync(db, calendar, c, false, today, ct);
    }
}
