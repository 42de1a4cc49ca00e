using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.Organizations;

/// <summary>Ends a current 联系点 link (e.g. the person left the leadership team); the link and its visits stay.</summary>
public sealed class EndLiaison(AppDbContext db, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/organizations/{id:long}/liaisons/{linkId:long}/end", async (long linkId, UserContext user, EndLiaison handler, CancellationToken ct) =>
                (await handler.Handle(user.CurrentOrg!, linkId, ct)).ToHttp())
           .Require(Permission.OrgManage, OrgFrom.Route, "id")
           .WithSummary("解除联系点（id 为党委）").Produces(204).ProducesValidationProblem();

    /// <summary>The committee was authorized by the caller (OrgManage). Refusals come under "link".</summary>
    public async Task<Result> Handle(Organization committee, long linkId, CancellationToken ct = default)
    {
        var link = await db.LiaisonLinks.FirstOrDefaultAsync(l => l.Id == linkId && l.CommitteeOrgId == committee.Id, ct);
        if (link is null) return Result.Invalid("link", "没有这个联系点");
        if (link.EndedOn is not null) return Result.Invalid("link", "该联系点已解除");
        var today = clock.Today();
        link.EndedOn = today < link.LinkedOn ? link.LinkedOn : today;
        link.EndReason = "解除联系";
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
