using System.Globalization;
using System.Text.Json;
using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Calendar;
using Bastion.Features.Meetings;
using Bastion.Features.Members;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Development;

/// <summary>
/// Records one step of a case (POST /api/v1/development/cases/{id}/steps): the step, its date and its fields, through
/// every gate of the case's rule pack. A refusal (422) names the rule and, when a later date would pass, that date.
/// The 党委's steps (4, 8, 13, 16, 17, 18, 24) need the 党委管理员's permission. Step 17 (批准) creates the member record
/// (预备党员, 入党日期 = the 支部大会 date); step 24 sets the 转正日期, the extension or the cancellation on it.
/// </summary>
public sealed class RecordDevelopmentStep(AppDbContext db, UserContext user, TimeProvider clock, HolidayCalendar calendar, BranchRoster roster, SaveMember members)
{
    public sealed record WrittenVote(long? MemberId, string? Vote);

    public sealed record Exclusion(long? MemberId, string? Reason);

    /// <summary>The step ("step": 1–25, or "12a"/"22a") and its date, then the fields of that step (others are ignored).</summary>
    public sealed record Request(
        JsonElement? Step, DateOnly? On, string? Note = null, string? Talker = null, string? Recommendation = null, long[]? MemberIds = null,
        string? Conclusion = null, int? TrainingDays = null, int? TrainingHours = null, string? OverrideReason = null, DateOnly? PublicityEndsOn = null,
        bool? LeavingSoon = null, string? VolunteerBookNo = null, long[]? PresentIds = null, WrittenVote[]? WrittenVotes = null, Exclusion[]? Exclusions = null,
        int? VotesFor = null, int? VotesAgainst = null, int? VotesAbstain = null, bool? Approved = null, string? Outcome = null, int? ExtensionMonths = null,
        string? Escalation = null, string? LateReason = null);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/development/cases/{id:long}/steps", async (long id, Request req, RecordDevelopmentStep handler, CancellationToken ct) =>
                (await handler.Handle(id, req, ct)).ToHttp())
           .RequireRecord(Permission.DevelopmentManage, typeof(DevelopmentCase))
           .WithSummary("记录发展党员步骤：step（1–25，或 12a、22a）、on（yyyy-mm-dd）及该步骤的字段；不符合规定时 422，detail 说明依据和最早可办日期")
           .Produces<GetDevelopmentCase.Response>().ProducesValidationProblem().ProducesProblem(422);

    /// <summary>The step code of the request, or null when it names none.</summary>
    public static string? StepCode(JsonElement? step) => step switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var i) => i.ToString(CultureInfo.InvariantCulture),
        { ValueKind: JsonValueKind.String } s => s.GetString()?.Trim().ToLowerInvariant(),
        _ => null,
    };

    /// <summary>The case was authorized by the caller (DevelopmentManage on its organization).</summary>
    public async Task<Result<GetDevelopmentCase.Response>> Handle(long caseId, Request req, CancellationToken ct = default)
    {
        var today = clock.Today();
        var def = DevelopmentSteps.Find(StepCode(req.Step));
        var errors = new Dictionary<string, string[]>();
        if (def is null || def.Code == "1") errors["step"] = ["步骤应为2至25（或12a、22a）；第1步在建档时记录"];
        if (req.On is null) errors["on"] = ["请输入日期"];
        if (def is not null) Validate(def, req, errors);
        if (errors.Count > 0) return Result.Invalid(errors);
        var on = req.On!.Value;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var c = await DevelopmentFacts.LockAsync(db, caseId, ct);
        if (c is null) return Result.NotFound("发展党员档案不存在");
        if (await Transfers.DevelopmentTransfers.RefuseWhileWaitingAsync(db, c.Id, "记录步骤", ct) is { } transferring) return transferring;
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == c.OrgId, ct);
        if (def!.Actor == StepActor.党委 && !await user.HasAsync(Permission.DevelopmentApprove, org, ct))
            return Result.Forbidden($"{def.Label}由上级党委记录，您没有权限。");
        if (DevelopmentSteps.IsClosed(c.State) && !(def.Code == "25" && c.State is DevelopmentState.正式党员 or DevelopmentState.取消预备党员资格))
            return Result.Conflict($"该发展党员档案已{c.State}，不能再记录步骤");

        var pack = DevelopmentRulePacks.Get(c.PackVersion);
        var rows = await DevelopmentFacts.TimelineAsync(db, c.Id, ct);
        var before = rows.Select(r => r.Entry).ToList();
        var fields = Fields(def, req);

        // the people a step names, as they stood on its day
        List<CandidateMember>? people = null;
        if (def.Code is "5" or "9")
        {
            var (found, missing) = await DevelopmentFacts.CandidatesAsync(db, await db.MembersFor(user, Permission.MemberRead, ct), req.MemberIds!, on, ct);
            if (found is null) return Result.Invalid("memberIds", missing!);
            people = found;
            var refusal = def.Code == "5" ? DevelopmentGates.Contacts(pack, found, on) : DevelopmentGates.Sponsors(pack, found, on);
            fields = fields with { MemberNames = [.. found.Select(p => p.Name)] };
            if (refusal is not null && OrderFirst(pack, c, before, def, on, today) is { } orderRefusal) return orderRefusal;
            if (refusal is not null) return refusal.ToResult();
        }
        // the 支部大会's count on its day
        if (def.Code is "15" or "23")
        {
            if (OrderFirst(pack, c, before, def, on, today) is { } orderRefusal) return orderRefusal;
            var voters = await DevelopmentFacts.VotersAsync(db, roster, org, on, ct);
            var written = new Dictionary<long, VoteChoice>();
            foreach (var w in req.WrittenVotes ?? [])
                if (!written.TryAdd(w.MemberId!.Value, Enum.Parse<VoteChoice>(w.Vote!.Trim())))
                    return Result.Invalid("writtenVotes", "同一人只能有一张书面表决票");
            var exclusions = new Dictionary<long, string?>();
            foreach (var x in req.Exclusions ?? []) exclusions[x.MemberId!.Value] = x.Reason;
            var (tally, refusal) = DevelopmentGates.Count(voters, new VoteInput(req.PresentIds!, exclusions, written, req.VotesFor ?? 0, req.VotesAgainst ?? 0, req.VotesAbstain ?? 0));
            if (refusal is not null) return refusal.ToResult();
            fields = fields with { Vote = tally };
        }

        var entry = new StepEntry(def.Code, on, fields, Clean(req.LateReason));
        var outcome = DevelopmentGates.Check(pack, c.BirthDate, before, entry, today, await calendar.LoadAsync(ct));
        if (outcome.Refusal is { } gate) return gate.ToResult();

        // a 支部大会 with a quorum whose motion failed is kept (the meeting happened); the case stays where it was
        var warnings = outcome.Warnings.ToList();
        if (fields.Vote is { } held && DevelopmentGates.VoteFailed(held) is { } failedVote)
            warnings.Add($"表决未通过：{failedVote}；档案停留在原阶段，可另行召开支部大会");

        var now = clock.GetUtcNow();
        var step = new DevelopmentStep
        {
            CaseId = c.Id, OrgId = c.OrgId, Step = def.Code, On = on, Fields = DevelopmentFacts.WriteFields(fields), LateReason = entry.LateReason,
            Warnings = [.. warnings], RecordedBy = user.UserName, RecordedAt = now,
        };
        db.Add(step);
        await db.SaveChangesAsync(ct);
        foreach (var p in people ?? [])
            db.Add(new DevelopmentStepMember { StepId = step.Id, MemberId = p.Id, OrgId = c.OrgId, Role = def.Code == "5" ? "培养联系人" : "入党介绍人" });

        c.State = DevelopmentSteps.StateAfter(pack, c.State, entry, before);
        c.UpdatedAt = now;
        if (def.Code == "13" && await GiveVolunteerBookAsync(c, fields.VolunteerBookNo, on, ct) is { } noBook) return noBook;
        if (DevelopmentSteps.IsClosed(c.State) && c.ClosedOn is null)
        {
            c.ClosedOn = on;
            c.CloseReason = c.State == DevelopmentState.终止 ? $"{def.Name}：不批准" : null;
        }
        if (await BecomeMemberAsync(pack, c, def, entry, before, org, ct) is { } failed) return failed;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetDevelopmentCase.LoadAsync(db, calendar, c, false, today, ct);
    }

    /// <summary>The order and date gates come before the people and the count: a step out of order says so first.</summary>
    private static Result? OrderFirst(DevelopmentRulePack pack, DevelopmentCase c, List<StepEntry> before, DevelopmentStepDef def, DateOnly on, DateOnly today)
    {
        var probe = DevelopmentGates.Check(pack, c.BirthDate, before, new StepEntry(def.Code, on, new DevelopmentStepFields { Outcome = ConfirmationOutcome.按期转正, Conclusion = "合格", TrainingDays = 99 }, "-"), today, WorkingDayCalendar.Empty);
        return probe.Refusal is { Rule: "步骤顺序" or "日期" or "步骤" } r ? r.ToResult() : null;
    }

    /// <summary>
    /// 预审合格 gives the person a numbered 志愿书 (one person, one number): the next free number of the ranges kept by the
    /// branch's 党委. A 党委 that keeps no ranges on the platform records the number written on the form, if any. A refusal
    /// (no number left) rolls the whole step back.
    /// </summary>
    private async Task<Result?> GiveVolunteerBookAsync(DevelopmentCase c, string? entered, DateOnly on, CancellationToken ct)
    {
        if (await VolunteerBooks.VolunteerBookNumbers.KeeperOfAsync(db, c.OrgId, ct) is not { } keeper)
        {
            c.VolunteerBookNo = entered;
            return null;
        }
        var number = await VolunteerBooks.VolunteerBookNumbers.AssignAsync(db, keeper, c.Id, c.Name, on, ct);
        if (!number.IsOk) return number.Status;
        c.VolunteerBookNo = number.Value;
        return null;
    }

    /// <summary>Step 17 (批准) creates the member record; step 24 confirms, extends or cancels it (the existing member rules apply).</summary>
    private async Task<Result?> BecomeMemberAsync(DevelopmentRulePack pack, DevelopmentCase c, DevelopmentStepDef def, StepEntry entry, List<StepEntry> before, Organization branch, CancellationToken ct)
    {
        if (def.Code == "17" && entry.Fields.Approved != false)
        {
            var meeting = before.Last(s => s.Step == "15" && DevelopmentGates.Counts(s)).On;
            var input = new MemberInput(c.Name, c.IdNumber, c.Gender, c.BirthDate, null, null, null, null, null, null, null,
                MemberCategory.预备党员, meeting, null, null, PartyStatus.正常, null, null, false, null, null);
            var created = await members.CreateAsync(branch, new SaveMember.Request(input), ct);
            if (!created.IsOk) return Result.Conflict("不能建立党员档案：" + created.Status.FirstMessage);
            c.MemberId = created.Value.Id;
            // dues from the month of the 支部大会: months started before the approval get their line (往月应补缴)
            await Dues.Months.DuesLateEntries.AddForNewMemberAsync(db, created.Value.Id, meeting, ct);
        }
        if (def.Code == "24" && entry.Fields.Approved != false && c.MemberId is { } memberId)
        {
            var decision = DevelopmentGates.PendingDecision(before)!;
            var m = await db.Members.AsNoTracking().FirstAsync(x => x.Id == memberId, ct);
            var input = ToInput(m);
            var meeting = before.Last(s => s.Step == "15" && DevelopmentGates.Counts(s)).On;
            input = decision.Fields.Outcome switch
            {
                ConfirmationOutcome.延长预备期 => input with { ProbationExtensionMonths = decision.Fields.ExtensionMonths },
                ConfirmationOutcome.取消预备党员资格 => input with { PartyStatus = PartyStatus.出党, PartyStatusDate = entry.On, PartyStatusReason = "取消预备党员资格" },
                // an on-time 转正 counts from 期满, however late the meeting or the approval
                _ => input with { Category = MemberCategory.正式党员, ConfirmedAt = DevelopmentGates.ProbationEnds(pack, meeting, DevelopmentGates.ApprovedExtension(before)) },
            };
            var saved = await members.UpdateAsync(memberId, new SaveMember.Request(input, $"发展党员：{def.Name}（{DevelopmentFacts.D(entry.On)}）"), ct);
            if (!saved.IsOk) return Result.Conflict("不能更新党员档案：" + saved.Status.FirstMessage);
        }
        return null;
    }

    private static MemberInput ToInput(Member m) => new(
        m.Name, m.IdNumber, m.Gender, m.BirthDate, m.Ethnicity, m.NativePlace, m.Education, m.Degree, m.Employer, m.Position, m.Phone,
        m.Category, m.JoinedAt, m.ConfirmedAt, m.ProbationExtensionMonths, m.PartyStatus, m.PartyStatusDate, m.PartyStatusReason,
        m.IsMobile, m.MobileDestination, m.MobileContact);

    private static DevelopmentStepFields Fields(DevelopmentStepDef def, Request r) => def.Code switch
    {
        "2" or "16" => new() { Talker = Clean(r.Talker), Note = Clean(r.Note) },
        "3" => new() { Recommendation = Clean(r.Recommendation), Note = Clean(r.Note) },
        "5" or "9" => new() { MemberIds = r.MemberIds },
        "10" => new() { Conclusion = Clean(r.Conclusion), Note = Clean(r.Note) },
        "11" => new() { TrainingDays = r.TrainingDays, TrainingHours = r.TrainingHours, OverrideReason = Clean(r.OverrideReason) },
        "12a" or "22a" => new() { PublicityEndsOn = r.PublicityEndsOn, Note = Clean(r.Note) },
        "13" => new() { LeavingSoon = r.LeavingSoon, VolunteerBookNo = Clean(r.VolunteerBookNo), Note = Clean(r.Note) },
        "17" => new() { Approved = r.Approved ?? true, Escalation = Clean(r.Escalation), Note = Clean(r.Note) },
        "24" => new() { Approved = r.Approved ?? true, Escalation = Clean(r.Escalation), Note = Clean(r.Note) },
        "23" => new()
        {
            Outcome = Enum.TryParse<ConfirmationOutcome>(r.Outcome?.Trim(), out var o) && Enum.IsDefined(o) ? o : null,
            ExtensionMonths = r.ExtensionMonths, Note = Clean(r.Note),
        },
        _ => new() { Note = Clean(r.Note) },
    };

    /// <summary>Malformed input (400): missing fields of the step, bad choices, lengths.</summary>
    private static void Validate(DevelopmentStepDef def, Request r, Dictionary<string, string[]> errors)
    {
        void Max(string field, string? v, int n, string label) { if (v is { } s && s.Trim().Length > n) errors[field] = [$"{label}不能超过{n}个字"]; }
        Max("note", r.Note, 2000, "内容");
        Max("talker", r.Talker, 50, "谈话人");
        Max("lateReason", r.LateReason, 500, "超期原因");
        Max("overrideReason", r.OverrideReason, 500, "原因");
        Max("escalation", r.Escalation, 500, "说明");
        Max("volunteerBookNo", r.VolunteerBookNo, 50, "志愿书编号");
        switch (def.Code)
        {
            case "3" when r.Recommendation is { } rec && rec.Trim() is not ("党员推荐" or "群团推优" or ""):
                errors["recommendation"] = ["推荐方式应为“党员推荐”或“群团推优”"];
                break;
            case "5" or "9" when r.MemberIds is not { Length: > 0 }:
                errors["memberIds"] = [def.Code == "5" ? "请选择培养联系人" : "请选择入党介绍人"];
                break;
            case "6" or "21" when string.IsNullOrWhiteSpace(r.Note):
                errors["note"] = ["请填写考察意见"];
                break;
            case "24" when r.Approved == false && string.IsNullOrWhiteSpace(r.Note):
                errors["note"] = ["不批准的，请填写上级党委的意见（退回支部大会重新讨论）"];
                break;
            case "10" when r.Conclusion?.Trim() is not ("合格" or "不合格"):
                errors["conclusion"] = ["政审结论应为“合格”或“不合格”"];
                break;
            case "11" when r.TrainingDays is null && r.TrainingHours is null:
                errors["trainingDays"] = ["请填写培训天数或学时"];
                break;
            case "11" when r.TrainingDays < 0 || r.TrainingHours < 0:
                errors["trainingDays"] = ["培训天数和学时不能为负数"];
                break;
            case "15" or "23":
                if (r.PresentIds is null) errors["presentIds"] = ["请选择到会的党员"];
                if (r.VotesFor is null) errors["votesFor"] = ["请填写赞成票数"];
                if (r.WrittenVotes?.Any(w => w.MemberId is null || !Enum.TryParse<VoteChoice>(w.Vote?.Trim(), out var v) || !Enum.IsDefined(v)) == true)
                    errors["writtenVotes"] = ["书面表决票须有党员和“赞成”“反对”或“弃权”"];
                if (r.Exclusions?.Any(x => x.MemberId is null) == true) errors["exclusions"] = ["请选择不计入应到会的党员"];
                if (def.Code == "23" && !(Enum.TryParse<ConfirmationOutcome>(r.Outcome?.Trim(), out var o) && Enum.IsDefined(o)))
                    errors["outcome"] = ["支部大会决定应为“按期转正”“延长预备期”或“取消预备党员资格”"];
                break;
        }
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
