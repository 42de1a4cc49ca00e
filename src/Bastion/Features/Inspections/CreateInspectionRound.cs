using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;

namespace Bastion.Features.Inspections;

/// <summary>Creates a round run by an organization (a 党委 or 党总支), with its first inspected organizations.</summary>
public sealed class CreateInspectionRound(AppDbContext db, UserContext user, TimeProvider clock)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/inspections/rounds", async (RoundInput.Request body, UserContext user, CreateInspectionRound handler, CancellationToken ct) =>
                (await handler.Handle(user.CurrentOrg!, body, ct)).ToHttp(id => Results.Created($"/api/v1/inspections/rounds/{id}", new { id })))
           .Require(Permission.InspectionManage)
           .WithSummary("新建巡察轮次（?org= 组织巡察的党委；含一次一授权：authorizedBy、authorizationNo、authorizedOn、authorizationScope；targetOrgIds 被巡察党组织）")
           .Produces(201).ProducesValidationProblem();

    /// <summary>The new round's id, or the field errors (nothing written).</summary>
    public async Task<Result<long>> Handle(Organization org, RoundInput.Request req, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var errors = RoundInput.Validate(req, ChineseDates.DayOf(now));
        if (!OrgRules.IsCommittee(org.Type)) errors["orgId"] = [$"{org.Name}是{org.Type}，巡察由党委（党总支）组织开展"];
        var targets = new List<Organization>();
        foreach (var id in (req.TargetOrgIds ?? []).Distinct())
        {
            var (t, error) = await InspectionTargets.CheckOrgAsync(db, org, id, ct);
            if (error is not null) { errors["targetOrgIds"] = [error]; break; }
            targets.Add(t!);
        }
        if (errors.Count > 0) return Result.Invalid(errors);
        var r = new InspectionRound { OrgId = org.Id, Name = req.Name!.Trim(), CreatedAt = now, CreatedBy = user.UserName };
        RoundInput.Apply(r, req);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(r);
        await db.SaveChangesAsync(ct);
        foreach (var t in targets) await InspectionTargets.AddAsync(db, r, t, now, user.UserName ?? "", ct);
        await tx.CommitAsync(ct);
        return r.Id;
    }
}
