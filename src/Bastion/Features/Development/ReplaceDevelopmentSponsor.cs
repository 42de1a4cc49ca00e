using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>
/// 更换入党介绍人 (POST /api/v1/development/cases/{id}/sponsors, DOMAIN-2 §1.6): after step 9, an introducer who moved
/// away, died or came under discipline is replaced with the date and the reason. The new one passes step 9's checks on
/// that day (a 正式党员 in good standing, not under 留党察看, not already the other 介绍人); the history is kept.
/// </summary>
public sealed class ReplaceDevelopmentSponsor(AppDbContext db, UserContext user, TimeProvider clock, HolidayCalendar calendar)
{
    public sealed record Request(long? ReplacedMemberId, long? MemberId, DateOnly? On, string? Reason);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/development/cases/{id:long}/sponsors", async (long id, Request req, ReplaceDevelopmentSponsor handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp())
           .RequireRecord(Permission.DevelopmentManage, typeof(DevelopmentCase))
           .WithSummary("更换入党介绍人：replacedMemberId（被更换的介绍人）、memberId（新的介绍人，须为当日正式党员且未受留党察看处分）、on、reason 必填")
           .Produces<GetDevelopmentCase.Response>().ProducesValidationProblem().ProducesProblem(422);

    /// <summary>The case was authorized by the caller (DevelopmentManage on its organization).</summary>
    public async Task<Result<GetDevelopmentCase.Response>> Handle(long caseId, Request req, CancellationToken ct = default)
    {
        var today = clock.Today();
        var errors = new Dictionary<string, string[]>();
        if (req.ReplacedMemberId is null) errors["replacedMemberId"] = ["请选择被更换的入党介绍人"];
        if (req.MemberId is null) errors["memberId"] = ["请选择新的入党介绍人"];
        if (req.On is null) errors["on"] = ["请输入更换日期"];
        else if (req.On > today) errors["on"] = ["更换日期不能晚于今天"];
        if (string.IsNullOrWhiteSpace(req.Reason)) errors["reason"] = ["请说明更换原因（调离、逝世、受处分等）"];
        else if (req.Reason.Trim().Length > 300) errors["reason"] = ["原因不能超过300个字"];
        if (errors.Count > 0) return Result.Invalid(errors);
        var on = req.On!.Value;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var c = await DevelopmentFacts.LockAsync(db, caseId, ct);
        if (c is null) return Result.NotFound("发展党员档案不存在");
        if (DevelopmentSteps.IsClosed(c.State)) return Result.Conflict($"该发展党员档案已{c.State}，不能更换入党介绍人");
        var steps = (await DevelopmentFacts.TimelineAsync(db, c.Id, ct)).Select(r => r.Entry).ToList();
        if (steps.LastOrDefault(s => s.Step == "9") is not { } chosen)
            return Result.Refused("步骤顺序", $"须先记录{DevelopmentSteps.Get("9").Label}，才能更换入党介绍人", null, "replacedMemberId");
        var changes = await DevelopmentFacts.SponsorChangesAsync(db, c, ct);
        var (earliest, what) = changes.Count > 0 && changes.Max(x => x.On) > chosen.On
            ? (changes.Max(x => x.On), "上一次更换入党介绍人的日期")
            : (chosen.On, "确定入党介绍人的日期");
        if (on < earliest)
            return Result.Refused("步骤顺序", $"更换日期不能早于{what}（{DevelopmentFacts.D(earliest)}），最早可于{DevelopmentFacts.D(earliest)}", earliest, "on");

        var (people, missing) = await DevelopmentFacts.CandidatesAsync(db, await db.MembersFor(user, Permission.MemberRead, ct), [req.MemberId!.Value], on, ct);
        if (people is null) return Result.Invalid("memberId", missing!);
        var current = DevelopmentFacts.CurrentSponsors(steps, changes);
        if (DevelopmentGates.SponsorReplacement(current, req.ReplacedMemberId!.Value, people[0], on) is { } refusal) return refusal.ToResult();

        var now = clock.GetUtcNow();
        db.Add(new DevelopmentSponsorChange
        {
            CaseId = c.Id, OrgId = c.OrgId, On = on, ReplacedMemberId = req.ReplacedMemberId.Value, MemberId = people[0].Id, Reason = req.Reason!.Trim(),
            RecordedBy = user.UserName, RecordedAt = now,
        });
        c.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetDevelopmentCase.LoadAsync(db, calendar, c, false, today, ct);
    }
}
