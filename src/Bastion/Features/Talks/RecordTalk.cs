using Bastion.Data;
using Bastion.Domain;
using Bastion.Features.Meetings;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Talks;

/// <summary>
/// Records a 谈心谈话: the talker sat on the branch committee on that day, the member was on the branch's roster on
/// that day, the day is not in the future, and the topics are given.
/// </summary>
public sealed class RecordTalk(AppDbContext db, BranchRoster roster, TimeProvider clock)
{
    public sealed record Request(long? TalkerId, long? MemberId, DateOnly? HeldOn, string? Topics, string? FollowUp);

    /// <summary>The new talk's id, or field errors.</summary>
    public async Task<Result<long>> Handle(Organization org, Request req, string? by, CancellationToken ct = default)
    {
        if (TalksFeature.CheckBranch(org) is { } orgError) return Result.Invalid("orgId", orgError);
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var errors = new Dictionary<string, string[]>();
        if (req.HeldOn is not { } day) errors["heldOn"] = ["请填写谈话日期"];
        else if (day > today) errors["heldOn"] = ["谈话日期不能晚于今天"];
        else if (day.Year < 2000) errors["heldOn"] = ["谈话日期无效"];
        if (string.IsNullOrWhiteSpace(req.Topics)) errors["topics"] = ["请填写谈话内容"];
        else if (req.Topics.Trim().Length > TalksFeature.MaxText) errors["topics"] = [$"谈话内容不能超过{TalksFeature.MaxText}个字"];
        if (req.FollowUp?.Trim().Length > TalksFeature.MaxText) errors["followUp"] = [$"后续跟进不能超过{TalksFeature.MaxText}个字"];
        if (req.TalkerId is null) errors["talkerId"] = ["请选择谈话人"];
        if (req.MemberId is null) errors["memberId"] = ["请选择谈话对象"];
        else if (req.MemberId == req.TalkerId) errors["memberId"] = ["谈话人和谈话对象不能是同一人"];

        if (!errors.ContainsKey("heldOn") && req.HeldOn is { } on)
        {
            if (req.TalkerId is { } talker && !(await roster.CommitteeOnAsync(org.Id, on, ct)).Contains(talker))
                errors["talkerId"] = ["谈话人须为谈话当日在任的支部委员"];
            if (req.MemberId is { } member && !errors.ContainsKey("memberId") && (await roster.OnAsync(org, on, ct)).All(r => r.MemberId != member))
                errors["memberId"] = ["谈话对象须为谈话当日本支部的党员"];
        }
        if (errors.Count > 0) return Result.Invalid(errors);

        var talk = new Talk
        {
            OrgId = org.Id, TalkerMemberId = req.TalkerId!.Value, MemberId = req.MemberId!.Value, HeldOn = req.HeldOn!.Value,
            Topics = req.Topics!.Trim(), FollowUp = string.IsNullOrWhiteSpace(req.FollowUp) ? null : req.FollowUp.Trim(),
            CreatedAt = now, CreatedBy = by,
        };
        db.Add(talk);
        await db.SaveChangesAsync(ct);
        return talk.Id;
    }

    /// <summary><c>POST /api/v1/talks?org=&lt;branch&gt;</c> with <c>{"talkerId","memberId","heldOn":"2026-11-20","topics","followUp"}</c>.</summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/talks", async (Request body, UserContext user, RecordTalk record, CancellationToken ct) =>
                (await record.Handle(user.CurrentOrg!, body, user.UserName, ct)).ToHttp(id => Results.Created($"/api/v1/talks/{id}", new { id })))
           .Require(Permission.MeetingManage)
           .WithSummary("登记谈心谈话（?org= 党支部；谈话人须为当日支委，对象须为当日本支部党员）");
}
