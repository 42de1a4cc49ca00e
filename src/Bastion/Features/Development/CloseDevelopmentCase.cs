using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Features.Members;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>
/// Ends a case (§1.3): 撤回申请 (the applicant withdraws; POST …/withdraw) or 终止 (不具备条件, POST …/terminate), which
/// needs the 支委会's record (its date and decision) — both only before admission: a 预备党员's case ends through step
/// 23/24. 逝世 (POST …/death, with the date) ends a case in any open state; for a 预备党员 the member record follows
/// through the member rules (the platform has no 死亡 status: 党籍 ends as 出党 with the date and the reason 逝世).
/// </summary>
public sealed class CloseDevelopmentCase(AppDbContext db, TimeProvider clock, HolidayCalendar calendar, SaveMember members)
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
        api.MapPost("/development/cases/{id:long}/death", async (long id, Request req, CloseDevelopmentCase handler, CancellationToken ct) =>
                (await handler.Handle(id, DevelopmentState.逝世, req, ct)).ToHttp())
           .RequireRecord(Permission.DevelopmentManage, typeof(DevelopmentCase))
           .WithSummary("逝世：on（逝世日期）必填，reason 可填；档案办结，不能再记录步骤；预备党员的党员档案同时记为党籍终止（逝世）")
           .Produces<GetDevelopmentCase.Response>().ProducesValidationProblem().ProducesProblem(422);
    }

    public async Task<Result<GetDevelopmentCase.Response>> Handle(long caseId, DevelopmentState to, Request req, CancellationToken ct = default)
    {
        var today = clock.Today();
        var errors = new Dictionary<string, string[]>();
        if (req.On is null) errors["on"] = ["请输入日期"];
        else if (req.On > today) errors["on"] = ["日期不能晚于今天"];
        if (string.IsNullOrWhiteSpace(req.Reason)) { if (to != DevelopmentState.逝世) errors["reason"] = [to == DevelopmentState.终止 ? "请说明终止的原因" : "请说明撤回的原因"]; }
        else if (req.Reason.Trim().Length > 300) errors["reason"] = ["原因不能超过300个字"];
        if (to == DevelopmentState.终止 && string.IsNullOrWhiteSpace(req.CommitteeRecord)) errors["committeeRecord"] = ["终止发展须有支委会记录（会议日期和决定）"];
        else if (req.CommitteeRecord?.Trim().Length > 190) errors["committeeRecord"] = ["支委会记录不能超过190个字"];
        if (errors.Count > 0) return Result.Invalid(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var c = await DevelopmentFacts.LockAsync(db, caseId, ct);
        if (c is null) return Result.NotFound("发展党员档案不存在");
        if (await Transfers.DevelopmentTransfers.RefuseWhileWaitingAsync(db, c.Id, "撤回或终止", ct) is { } transferring) return transferring;
        if (DevelopmentSteps.IsClosed(c.State)) return Result.Conflict($"该发展党员档案已{c.State}");
        if (to != DevelopmentState.逝世 && (c.MemberId is not null || c.State >= DevelopmentState.预备党员))
            return Result.Conflict("已接收为预备党员，须经支部大会讨论（延长预备期或取消预备党员资格）");
        var rows = await DevelopmentFacts.TimelineAsync(db, c.Id, ct);
        var last = rows.Max(r => r.Version.On);
        if (req.On < last) return Result.Refused("步骤顺序", $"日期不能早于最后一个步骤的日期（{DevelopmentFacts.D(last)}）", last, "on");

        c.State = to;
        c.ClosedOn = req.On;
        c.CloseReason = to switch
        {
            DevelopmentState.终止 => $"{req.Reason!.Trim()}（支委会记录：{req.CommitteeRecord!.Trim()}）",
            DevelopmentState.逝世 => string.IsNullOrWhiteSpace(req.Reason) ? "逝世" : $"逝世：{req.Reason.Trim()}",
            _ => req.Reason!.Trim(),
        };
        c.UpdatedAt = clock.GetUtcNow();
        if (to == DevelopmentState.逝世 && c.MemberId is { } memberId && await MemberDiedAsync(memberId, req.On!.Value, ct) is { } failed) return failed;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetDevelopmentCase.LoadAsync(db, calendar, c, false, today, ct);
    }

    /// <summary>A 预备党员's member record on their death: 党籍 ends (出党) on that day with the reason 逝世 — the member rules apply.</summary>
    private async Task<Result?> MemberDiedAsync(long memberId, DateOnly on, CancellationToken ct)
    {
        var m = await db.Members.AsNoTracking().FirstAsync(x => x.Id == memberId, ct);
        if (m.PartyStatus == PartyStatus.出党) return null;
        var input = new MemberInput(m.Name, m.IdNumber, m.Gender, m.BirthDate, m.Ethnicity, m.NativePlace, m.Education, m.Degree, m.Employer, m.Position, m.Phone,
            m.Category, m.JoinedAt, m.ConfirmedAt, m.ProbationExtensionMonths, PartyStatus.出党, on, "逝世", m.IsMobile, m.MobileDestination, m.MobileContact);
        var saved = await members.UpdateAsync(memberId, new SaveMember.Request(input, $"发展党员：预备党员逝世（{DevelopmentFacts.D(on)}）"), ct);
        return saved.IsOk ? null : Result.Conflict("不能更新党员档案：" + saved.Status.FirstMessage);
    }
}
