using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>
/// Records a new term (换届) of an organization with its committee. The due date follows from the start and
/// the organization type; a term still open ends on the new term's start, and its committee leaves with it.
/// </summary>
public sealed class StartTerm(AppDbContext db, TimeProvider clock)
{
    public sealed record Request(int? Number, DateOnly? StartDate, IReadOnlyList<Committee.Input>? Committee);
    public sealed record Started(long TermId, int Number, DateOnly StartDate, DateOnly DueDate);

    /// <summary>The organization was authorized by the caller (OrgManage); returns the new term or field errors.</summary>
    public async Task<Result<Started>> Handle(Organization org, Request req, CancellationToken ct = default)
    {
        var today = clock.Today();
        var latest = await db.OrgTerms.Where(t => t.OrgId == org.Id).OrderByDescending(t => t.Number).FirstOrDefaultAsync(ct);
        var errors = TermRules.ValidateNewTerm(org.Type, req.Number, req.StartDate, latest, today);
        if (errors.ContainsKey("orgId")) return Result.Invalid(errors);
        if (org.Status != OrgStatus.正常) { errors["orgId"] = ["组织已撤销，不能录入届次"]; return Result.Invalid(errors); }

        var start = req.StartDate ?? today;
        var members = new List<OrgTermMember>();
        var rows = req.Committee ?? [];
        for (var i = 0; i < rows.Count; i++)
        {
            if (Committee.IsBlank(rows[i]) && Committee.ParsePost(rows[i].Post) != CommitteePost.书记) continue;
            var m = await Committee.ResolveAsync(db, org, rows[i], start, today, errors, $"committee[{i}]", ct);
            if (m is not null) members.Add(m);
        }
        var secretaries = rows.Select((r, i) => (r, i)).Where(x => Committee.ParsePost(x.r.Post) == CommitteePost.书记 && !Committee.IsBlank(x.r)).ToList();
        if (secretaries.Count > 1) errors[$"committee[{secretaries[1].i}].post"] = ["每届只能有一名书记"];
        if (!rows.Any(r => Committee.ParsePost(r.Post) == CommitteePost.书记)) errors["committee"] = ["请填写书记"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var term = new OrgTerm
        {
            OrgId = org.Id, Number = req.Number!.Value, StartDate = start, DueDate = TermRules.DueDate(start, org.Type)!.Value,
            CreatedAt = clock.GetUtcNow(),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (latest is { EndDate: null })
            {
                latest.EndDate = start;
                foreach (var left in await db.OrgTermMembers.Where(m => m.TermId == latest.Id && m.LeftAt == null).ToListAsync(ct))
                    left.LeftAt = start < left.AppointedAt ? left.AppointedAt : start;
                await db.SaveChangesAsync(ct);
            }
            db.OrgTerms.Add(term);
            await db.SaveChangesAsync(ct);
            foreach (var m in members) m.TermId = term.Id;
            db.OrgTermMembers.AddRange(members);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return Result.Invalid(new Dictionary<string, string[]> { ["number"] = Committee.Conflict });
        }
        return new Started(term.Id, term.Number, term.StartDate, term.DueDate);
    }
}
