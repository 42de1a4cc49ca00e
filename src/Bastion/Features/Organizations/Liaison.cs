using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>Reading and ending 联系点 links (leadership-team members linked to branches).</summary>
public static class Liaison
{
    public sealed record Link(long Id, long BranchId, string BranchName, long CommitteeId, string CommitteeName, string PersonName, string? Post,
        bool HasAccount, long? MemberId, DateOnly LinkedOn, DateOnly? EndedOn, string? EndReason, int Visits);

    public sealed record Visit(long Id, long LinkId, string PersonName, DateOnly VisitDate, string Content, string? Problems, string? RecordedBy, DateTimeOffset RecordedAt);

    /// <summary>Ends every current link to or from the organization (it was dissolved or merged away).</summary>
    public static async Task EndForAsync(AppDbContext db, long orgId, string reason, DateOnly today, CancellationToken ct)
    {
        var links = await db.LiaisonLinks.Where(l => l.EndedOn == null && (l.OrgId == orgId || l.CommitteeOrgId == orgId)).ToListAsync(ct);
        foreach (var l in links)
        {
            l.EndedOn = today < l.LinkedOn ? l.LinkedOn : today;
            l.EndReason = reason.Length <= 200 ? reason : reason[..200];
        }
    }

    /// <summary>The links of a committee's leadership team (current first), or the links to a branch.</summary>
    public static async Task<IReadOnlyList<Link>> ListAsync(AppDbContext db, long? committeeId, long? branchId, CancellationToken ct)
    {
        var q = db.LiaisonLinks.AsNoTracking();
        var visits = db.GuidanceVisits;
        if (committeeId is { } c) q = q.Where(l => l.CommitteeOrgId == c);
        if (branchId is { } b) q = q.Where(l => l.OrgId == b);
        var rows = await (from l in q
                          join br in db.Organizations on l.OrgId equals br.Id
                          join co in db.Organizations on l.CommitteeOrgId equals co.Id
                          select new
                          {
                              l, BranchName = br.Name, CommitteeName = co.Name,
                              Visits = visits.Count(v => v.LinkId == l.Id),
                          }).ToListAsync(ct);
        return rows.OrderBy(r => r.l.EndedOn is null ? 0 : 1).ThenByDescending(r => r.l.EndedOn).ThenBy(r => r.l.LinkedOn).ThenBy(r => r.l.Id)
            .Select(r => new Link(r.l.Id, r.l.OrgId, r.BranchName, r.l.CommitteeOrgId, r.CommitteeName, r.l.PersonName, r.l.Post,
                r.l.UserId is not null, r.l.MemberId, r.l.LinkedOn, r.l.EndedOn, r.l.EndReason, r.Visits)).ToList();
    }

    /// <summary>The guidance visits logged for a branch, newest first.</summary>
    public static async Task<IReadOnlyList<Visit>> VisitsAsync(AppDbContext db, long branchId, CancellationToken ct) =>
        await (from v in db.GuidanceVisits.AsNoTracking()
               where v.OrgId == branchId
               join l in db.LiaisonLinks on v.LinkId equals l.Id
               orderby v.VisitDate descending, v.Id descending
               select new Visit(v.Id, v.LinkId, l.PersonName, v.VisitDate, v.Content, v.Problems, v.RecordedBy, v.RecordedAt)).ToListAsync(ct);
}
