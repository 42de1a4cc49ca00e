using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>Ends the current term of an organization; its committee members still in office leave on the same day.</summary>
public sealed class EndTerm(AppDbContext db)
{
    /// <summary>The organization was authorized by the caller; returns field errors, or null when ended.</summary>
    public async Task<Dictionary<string, string[]>?> Handle(Organization org, DateOnly? endDate, DateOnly today, CancellationToken ct = default)
    {
        var term = await db.OrgTerms.FirstOrDefaultAsync(t => t.OrgId == org.Id && t.EndDate == null, ct);
        if (term is null) return new() { ["endDate"] = ["本组织没有进行中的届次"] };
        if (TermRules.ValidateEnd(endDate, term.StartDate, today) is { } bad) return new() { ["endDate"] = [bad] };
        var end = endDate!.Value;
        term.EndDate = end;
        foreach (var m in await db.OrgTermMembers.Where(m => m.TermId == term.Id && m.LeftAt == null).ToListAsync(ct))
            m.LeftAt = end < m.AppointedAt ? m.AppointedAt : end;
        await db.SaveChangesAsync(ct);
        return null;
    }
}
