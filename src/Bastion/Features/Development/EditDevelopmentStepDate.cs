using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Features.Members;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>
/// Corrects the date of a recorded step (POST /api/v1/development/cases/{id}/steps/{stepId}/date): a reason is required,
/// the correction is a new version of the step (the old one stays), every gate of the whole timeline runs again and a
/// refusal names the first step the new date would break. Nothing is back-dated silently: the edit is audited.
/// </summary>
public sealed class EditDevelopmentStepDate(AppDbContext db, UserContext user, TimeProvider clock, HolidayCalendar calendar, SaveMember members)
{
    public sealed record Request(DateOnly? On, string? Reason);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/development/cases/{id:long}/steps/{stepId:long}/date", async (long id, long stepId, Request req, EditDevelopmentStepDate handler, CancellationToken ct) =>
                (await handler.Handle(id, stepId, req, ct)).ToHttp())
           .RequireRecord(Permission.DevelopmentManage, typeof(DevelopmentCase))
           .WithSummary("修改已记录步骤的日期（on、reason 必填；重新检查其后各步骤，记入审计）")
           .Produces<GetDevelopmentCase.Response>().ProducesValidationProblem().ProducesProblem(422);

    public async Task<Result<GetDevelopmentCase.Response>> Handle(long caseId, long stepId, Request req, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (req.On is null) errors["on"] = ["请输入新的日期"];
        if (string.IsNullOrWhiteSpace(req.Reason)) errors["reason"] = ["修改日期须说明原因"];
        else if (req.Reason.Trim().Length > 500) errors["reason"] = ["原因不能超过500个字"];
        if (errors.Count > 0) return Result.Invalid(errors);
        var on = req.On!.Value;
        var today = clock.Today();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var c = await DevelopmentFacts.LockAsync(db, caseId, ct);
        if (c is null) return Result.NotFound("发展党员档案不存在");
        if (await Transfers.DevelopmentTransfers.RefuseWhileWaitingAsync(db, c.Id, "修改步骤日期", ct) is { } transferring) return transferring;
        if (c.State is DevelopmentState.转出 or DevelopmentState.撤回申请 or DevelopmentState.终止 or DevelopmentState.逝世)
            return Result.Conflict($"该发展党员档案已{c.State}，不能再修改");
        var rows = await DevelopmentFacts.TimelineAsync(db, c.Id, ct);
        var index = rows.FindIndex(r => r.Version.Id == stepId);
        if (index < 0) return Result.NotFound("该步骤不存在或已被新的记录取代");
        var old = rows[index];
        var def = DevelopmentSteps.Get(old.Version.Step);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == c.OrgId, ct);
        if (def.Actor == StepActor.党委 && !await user.HasAsync(Permission.DevelopmentApprove, org, ct))
            return Result.Forbidden($"{def.Label}由上级党委记录，您没有权限修改。");
        if (old.Version.On == on) return Result.Invalid("on", "新日期与原日期相同");

        var pack = DevelopmentRulePacks.Get(c.PackVersion);
        var entries = rows.Select(r => r.Entry).ToList();
        entries[index] = entries[index] with { On = on };
        if (def.Code is "5" or "9" && old.Fields.MemberIds is { } ids)
        {
            // the people already chosen, re-checked on the new date
            var (people, missing) = await DevelopmentFacts.CandidatesAsync(db, db.Members, ids, on, ct);
            if (people is null) return Result.Invalid("on", missing!);
            var refusal = def.Code == "5" ? DevelopmentGates.Contacts(pack, people, on) : DevelopmentGates.Sponsors(pack, people, on);
            if (refusal is not null) return (refusal with { Field = "on" }).ToResult();
        }
        if (DevelopmentGates.CheckTimeline(pack, c.BirthDate, entries, today, await calendar.LoadAsync(ct)) is { } hit)
        {
            var (broken, why) = hit;
            var message = ReferenceEquals(broken, entries[index]) ? why.Message : $"改为{DevelopmentFacts.D(on)}后，{DevelopmentSteps.Get(broken.Step).Label}（{DevelopmentFacts.D(broken.On)}）不再符合规定：{why.Message}";
            return Result.Refused(why.Rule, message, ReferenceEquals(broken, entries[index]) ? why.EarliestOn : null, "on");
        }

        var now = clock.GetUtcNow();
        var version = new DevelopmentStep
        {
            CaseId = c.Id, OrgId = c.OrgId, Step = old.Version.Step, On = on, Fields = old.Version.Fields, LateReason = old.Version.LateReason,
            Warnings = old.Version.Warnings, SupersedesId = old.Version.Id, EditReason = req.Reason!.Trim(), RecordedBy = user.UserName, RecordedAt = now,
        };
        db.Add(version);
        await db.SaveChangesAsync(ct);
        foreach (var m in await db.Set<DevelopmentStepMember>().AsNoTracking().Where(m => m.StepId == old.Version.Id).ToListAsync(ct))
            db.Add(new DevelopmentStepMember { StepId = version.Id, MemberId = m.MemberId, OrgId = m.OrgId, Role = m.Role });
        AuditEvents.Add(db, "development.step_date_edit", "development_cases", c.Id, c.OrgId,
            new { step = def.Code, from = DevelopmentFacts.D(old.Version.On), to = DevelopmentFacts.D(on) });
        if (def.Code == "1") c.AppliedOn = on;
        c.UpdatedAt = now;

        // the member record follows the 支部大会 date: 入党日期, and the 转正日期 of an on-time 转正
        if (def.Code == "15" && DevelopmentGates.Counts(old.Entry) && c.MemberId is { } memberId)
        {
            var m = await db.Members.AsNoTracking().FirstAsync(x => x.Id == memberId, ct);
            var input = new MemberInput(m.Name, m.IdNumber, m.Gender, m.BirthDate, m.Ethnicity, m.NativePlace, m.Education, m.Degree, m.Employer, m.Position, m.Phone,
                m.Category, on, m.ConfirmedAt is null ? null : DevelopmentGates.ProbationEnds(pack, on, DevelopmentGates.ApprovedExtension(entries)),
                m.ProbationExtensionMonths, m.PartyStatus, m.PartyStatusDate, m.PartyStatusReason, m.IsMobile, m.MobileDestination, m.MobileContact);
            var saved = await members.UpdateAsync(memberId, new SaveMember.Request(input, $"发展党员：支部大会日期更正（{req.Reason.Trim()}）"), ct);
            if (!saved.IsOk) return Result.Conflict("不能更新党员档案：" + saved.Status.FirstMessage);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetDevelopmentCase.LoadAsync(db, calendar, c, false, today, ct);
    }
}
