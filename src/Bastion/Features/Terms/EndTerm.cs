using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>Ends the current term of an organization; its committee members still in office leave on the same day.</summary>
public sealed class EndTerm(AppDbContext db, TimeProvider clock)
{
    /// <summary>The organization was authorized by the caller (OrgManage). Refusals come under "endDate".</summary>
    public async Task<Result> Handle(Organization org, DateOnly? endDate, CancellationToken ct = default)
    {
        var term = await db.OrgTerms.FirstOrDefaultAsync(t => t.OrgId == org.Id && t.EndDate == null, ct);
        if (term is null) return Result.Invalid("endDate", "本组织没有进行中的届次");
        if (TermRules.ValidateEnd(endDate, term.StartDate, clock.Today()) is { } bad) return Result.Invalid("endDate", bad);
        var end = endDate!.Value;
        term.EndDate = end;
        foreach (var m in await db.OrgTermMembers.Where(m => m.TermId == term.Id && m.LeftAt == null).ToListAsync(ct))
            m.LeftAt = end < m.AppointedAt ? m.AppointedAt : end;
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
