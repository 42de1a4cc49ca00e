using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>The terms of one organization: current term with its committee, and the history.</summary>
public static class GetOrgTerms
{
    public sealed record Appointment(long Id, CommitteePost Post, string Name, long? MemberId, DateOnly AppointedAt, DateOnly? LeftAt);

    public sealed record Term(long Id, int Number, DateOnly StartDate, DateOnly DueDate, DateOnly? AdjustedDueDate, string? AdjustmentReason,
        string? ApprovalDocNo, DateOnly? ApprovalDate, DateOnly? EndDate, IReadOnlyList<Appointment> Committee)
    {
        public DateOnly EffectiveDueDate => AdjustedDueDate ?? DueDate;
        public bool IsCurrent => EndDate is null;
    }

    public sealed record Response(long OrgId, string OrgName, OrgType Type, long? ParentId, bool HoldsTerms, int? TermYears,
        Term? Current, IReadOnlyList<Term> History, ReminderStage Stage, int? Days, int NextNumber);

    public static async Task<Response> LoadAsync(AppDbContext db, Organization org, DateOnly today, CancellationToken ct = default)
    {
        var terms = await db.OrgTerms.AsNoTracking().Where(t => t.OrgId == org.Id).OrderByDescending(t => t.Number).ToListAsync(ct);
        var ids = terms.Select(t => t.Id).ToList();
        var members = (await db.OrgTermMembers.AsNoTracking().Where(m => ids.Contains(m.TermId)).ToListAsync(ct))
            .OrderBy(m => m.LeftAt is not null).ThenBy(m => m.Post).ThenBy(m => m.AppointedAt).ThenBy(m => m.Id)
            .ToLookup(m => m.TermId);
        var list = terms.Select(t => new Term(t.Id, t.Number, t.StartDate, t.DueDate, t.AdjustedDueDate, t.AdjustmentReason, t.ApprovalDocNo,
            t.ApprovalDate, t.EndDate, members[t.Id].Select(m => new Appointment(m.Id, m.Post, m.Name, m.MemberId, m.AppointedAt, m.LeftAt)).ToList())).ToList();
        var current = list.FirstOrDefault(t => t.IsCurrent);
        var due = current?.EffectiveDueDate;
        return new Response(org.Id, org.Name, org.Type, org.ParentId, TermRules.HoldsTerms(org.Type), OrgRules.TermYears(org.Type),
            current, list, TermRules.StageOn(org.Type, due, today), TermRules.DaysLeft(due, today), (terms.Count == 0 ? 0 : terms.Max(t => t.Number)) + 1);
    }
}
