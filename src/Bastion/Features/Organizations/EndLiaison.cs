using Bastion.Data;
using Bastion.Domain;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>Ends a current 联系点 link (e.g. the person left the leadership team); the link and its visits stay.</summary>
public sealed class EndLiaison(AppDbContext db)
{
    /// <summary>The committee was authorized by the caller (OrgManage); null when ended, else the message.</summary>
    public async Task<string?> Handle(Organization committee, long linkId, DateOnly today, CancellationToken ct = default)
    {
        var link = await db.LiaisonLinks.FirstOrDefaultAsync(l => l.Id == linkId && l.CommitteeOrgId == committee.Id, ct);
        if (link is null) return "没有这个联系点";
        if (link.EndedOn is not null) return "该联系点已解除";
        link.EndedOn = today < link.LinkedOn ? link.LinkedOn : today;
        link.EndReason = "解除联系";
        await db.SaveChangesAsync(ct);
        return null;
    }
}
