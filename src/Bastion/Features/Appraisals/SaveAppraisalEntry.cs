using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Appraisals;

/// <summary>
/// Records one member's self-assessment, peer assessment, 民主测评 tallies and the committee's grade; a 不合格 grade
/// opens its follow-up (限期改正, 劝退 or 除名, with a deadline); changing away from 不合格 drops an open follow-up.
/// </summary>
public sealed class SaveAppraisalEntry(AppDbContext db, TimeProvider clock)
{
    public sealed record Request(string? SelfAssessment, string? PeerSummary, int? VotesExcellent, int? VotesQualified, int? VotesBasic, int? VotesUnqualified,
        string? Grade, string? FollowUpKind, DateOnly? FollowUpDeadline);

    /// <summary>Saved, or field errors ("entry" when the entry is not the branch's or its round is finished).</summary>
    public async Task<Result> Handle(Organization org, long entryId, Request req, string? by, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = ChineseDates.DayOf(now);
        var entry = await db.Set<AppraisalEntry>().FirstOrDefaultAsync(x => x.Id == entryId && x.OrgId == org.Id, ct);
        if (entry is null) return AppraisalsFeature.Error("entry", "评议记录不存在或不属于本支部");
        var round = await db.Set<AppraisalRound>().FirstAsync(r => r.Id == entry.RoundId, ct);
        if (round.State != AppraisalState.进行中) return AppraisalsFeature.Error("entry", "本年度民主评议已完成，不能再修改");

        var errors = new Dictionary<string, string[]>();
        if (req.SelfAssessment?.Trim().Length > AppraisalsFeature.MaxText) errors["selfAssessment"] = [$"自我评价不能超过{AppraisalsFeature.MaxText}个字"];
        if (req.PeerSummary?.Trim().Length > AppraisalsFeature.MaxText) errors["peerSummary"] = [$"党员互评意见不能超过{AppraisalsFeature.MaxText}个字"];
        var tally = new AppraisalTally(req.VotesExcellent ?? 0, req.VotesQualified ?? 0, req.VotesBasic ?? 0, req.VotesUnqualified ?? 0);
        foreach (var (k, v) in AppraisalRules.ValidateTally(round.GradeSet, round.Voters, tally)) errors[k] = v;
        var followUp = await db.Set<AppraisalFollowUp>().FirstOrDefaultAsync(f => f.EntryId == entry.Id, ct);
        var grade = AppraisalRules.ParseGrade(req.Grade);
        var kind = AppraisalRules.ParseFollowUpKind(req.FollowUpKind);
        foreach (var (k, v) in AppraisalRules.ValidateDecision(round.GradeSet, grade, req.Grade, followUp is not null, kind, req.FollowUpKind, req.FollowUpDeadline, today))
            errors[k] = v;
        if (errors.Count > 0) return Result.Invalid(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        entry.SelfAssessment = Clean(req.SelfAssessment);
        entry.PeerSummary = Clean(req.PeerSummary);
        (entry.VotesExcellent, entry.VotesQualified, entry.VotesBasic, entry.VotesUnqualified) = (tally.Excellent, tally.Qualified, tally.Basic, tally.Unqualified);
        if (entry.Grade != grade)
        {
            entry.Grade = grade;
            entry.DecidedBy = grade is null ? null : by;
            entry.DecidedAt = grade is null ? null : now;
        }
        if (AppraisalRules.NeedsFollowUp(grade) && followUp is null)
            db.Add(new AppraisalFollowUp
            {
                EntryId = entry.Id, OrgId = entry.OrgId, MemberId = entry.MemberId, Kind = kind!.Value, Deadline = req.FollowUpDeadline!.Value,
                State = FollowUpState.进行中, CreatedAt = now, CreatedBy = by,
            });
        else if (!AppraisalRules.NeedsFollowUp(grade) && followUp is { State: FollowUpState.进行中 })
            db.Remove(followUp);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Ok;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
