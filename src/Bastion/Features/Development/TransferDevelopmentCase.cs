using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>
/// 转出 (POST /api/v1/development/cases/{id}/transfer): the person moves to another branch of the platform with their
/// files. The case ends as 转出 and a new case opens in the receiving branch (transferredFromId), carrying every
/// recorded step with its original date: the training time continues (§1.6).
/// </summary>
public sealed class TransferDevelopmentCase(AppDbContext db, UserContext user, TimeProvider clock, HolidayCalendar calendar)
{
    public sealed record Request(long? ToOrgId, DateOnly? On, string? Reason);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/development/cases/{id:long}/transfer", async (long id, Request req, TransferDevelopmentCase handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp())
           .RequireRecord(Permission.DevelopmentManage, typeof(DevelopmentCase))
           .WithSummary("转出到平台内另一党支部（toOrgId、on、reason）：培养时间连续，接收支部继续记录")
           .Produces<GetDevelopmentCase.Response>().ProducesValidationProblem().ProducesProblem(422);

    /// <summary>Returns the receiving branch's new case.</summary>
    public async Task<Result<GetDevelopmentCase.Response>> Handle(long caseId, Request req, CancellationToken ct = default)
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

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var c = await DevelopmentFacts.LockAsync(db, caseId, ct);
        if (c is null) return Result.NotFound("发展党员档案不存在");
        if (DevelopmentSteps.IsClosed(c.State)) return Result.Conflict($"该发展党员档案已{c.State}，不能转出");
        if (c.MemberId is not null) return Result.Conflict("已接收为预备党员，请办理组织关系转接");
        if (to.Id == c.OrgId) return Result.Invalid("toOrgId", "接收支部与现支部相同");
        var rows = await DevelopmentFacts.TimelineAsync(db, c.Id, ct);
        var last = rows.Max(r => r.Version.On);
        if (req.On < last) return Result.Refused("步骤顺序", $"转出日期不能早于最后一个步骤的日期（{DevelopmentFacts.D(last)}）", last, "on");

        var now = clock.GetUtcNow();
        var state = c.State;
        c.State = DevelopmentState.转出;
        c.ClosedOn = req.On;
        c.CloseReason = $"转出至{to.Name}：{req.Reason!.Trim()}";
        c.UpdatedAt = now;
        await db.SaveChangesAsync(ct); // the old case is closed first: one open case per ID number
        var moved = new DevelopmentCase
        {
            OrgId = to.Id, Name = c.Name, IdNumber = c.IdNumber, BirthDate = c.BirthDate, Gender = c.Gender, AppliedOn = c.AppliedOn, State = state,
            PackVersion = c.PackVersion, TransferredFromId = c.Id, VolunteerBookNo = c.VolunteerBookNo, CreatedAt = now, CreatedBy = user.UserName, UpdatedAt = now,
        };
        db.Add(moved);
        await db.SaveChangesAsync(ct);
        foreach (var r in rows)
        {
            var copy = new DevelopmentStep
            {
                CaseId = moved.Id, OrgId = to.Id, Step = r.Version.Step, On = r.Version.On, Fields = r.Version.Fields, LateReason = r.Version.LateReason,
                Warnings = r.Version.Warnings, CopiedFromId = r.Version.Id, RecordedBy = r.Version.RecordedBy, RecordedAt = r.Version.RecordedAt,
            };
            db.Add(copy);
            await db.SaveChangesAsync(ct);
            foreach (var m in await db.Set<DevelopmentStepMember>().AsNoTracking().Where(m => m.StepId == r.Version.Id).ToListAsync(ct))
                db.Add(new DevelopmentStepMember { StepId = copy.Id, MemberId = m.MemberId, OrgId = to.Id, Role = m.Role });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetDevelopmentCase.LoadAsync(db, calendar, moved, false, today, ct);
    }
}
