using Bastion.Data;
using Bastion.Domain;
using Bastion.Security;
using Bastion.Web;
using Microsoft.EntityFrameworkCore;

namespace Bastion.Features.UnitedFront;

/// <summary>Adds a 党外人士 to the 统战 list of the organization in scope (or of an organization beneath it).</summary>
public sealed class CreateUnitedFrontPerson(AppDbContext db, TimeProvider clock)
{
    public sealed record Created(long Id, long OrgId, string Name, string Category);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/united-front", async (PersonInput req, UserContext user, CreateUnitedFrontPerson handler, CancellationToken ct) =>
                (await handler.Handle(user.CurrentOrg!, req, ct)).ToHttp(created => Results.Created($"/UnitedFront/Details/{created.Id}", created)))
           .Require(Permission.UnitedFrontManage)
           .WithSummary("新增党外人士（?org= 指定组织；正文 orgId 可指定其下级组织）").Produces<Created>(201).ProducesValidationProblem();

    /// <summary>The organization in scope was authorized by the caller's endpoint; returns the new record or field errors (nothing written).</summary>
    public async Task<Result<Created>> Handle(Organization scope, PersonInput req, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var (values, errors) = UnitedFrontRules.Check(req.ToDraft(), ChineseDates.DayOf(now));
        var orgId = req.OrgId ?? scope.Id;
        var org = await db.UnderOrg(scope).AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) errors["orgId"] = ["所属组织不在当前管理范围内"];
        else if (org.Status != OrgStatus.正常) errors["orgId"] = ["所属组织已撤销"];
        if (errors.Count > 0) return Result.Invalid(errors);

        var person = new UnitedFrontPerson { Name = values!.Name, OrgId = org!.Id, CreatedAt = now, UpdatedAt = now };
        values.ApplyTo(person);
        db.Set<UnitedFrontPerson>().Add(person);
        await db.SaveChangesAsync(ct);
        return new Created(person.Id, person.OrgId, person.Name, person.Category.ToString());
    }
}
