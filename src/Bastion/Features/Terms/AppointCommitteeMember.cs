using Bastion.Data;
using Bastion.Domain;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Terms;

/// <summary>Appoints a committee member to the current term (增补), e.g. after a member has left.</summary>
public sealed class AppointCommitteeMember(AppDbContext db, TimeProvider clock)
{
    /// <summary>The organization was authorized by the caller (OrgManage). Field errors come under "appoint.*".</summary>
    public async Task<Result> Handle(Organization org, Committee.Input input, CancellationToken ct = default)
    {
        var term = await db.OrgTerms.AsNoTracking().FirstOrDefaultAsync(t => t.OrgId == org.Id && t.EndDate == null, ct);
        if (term is null) return Result.Invalid("appoint.name", "本组织没有进行中的届次，请先录入届次");
        var errors = new Dictionary<string, string[]>();
        var member = await Committee.ResolveAsync(db, org, input, term.StartDate, clock.Today(), errors, "appoint", ct);
        if (member is { Post: CommitteePost.书记 } && await db.OrgTermMembers.AnyAsync(m => m.TermId == term.Id && m.Post == CommitteePost.书记 && m.LeftAt == null, ct))
            errors["appoint.post"] = ["本届已有在任书记，请先办理原书记离任"];
        if (errors.Count > 0) return Result.Invalid(errors);
        member!.TermId = term.Id;
        db.OrgTermMembers.Add(member);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
